package io.switchboard.runtime.workflow;

import io.switchboard.runtime.NotFoundException;
import java.util.List;
import java.util.Optional;

/** Workflows with draft and published versions, and their run traces. Blocking: virtual thread. */
public interface WorkflowStore {
    Workflow create(String name, WorkflowGraph draft);

    Optional<Workflow> find(String id);

    List<Workflow> list(int offset, int limit);

    /** @throws NotFoundException when the workflow does not exist */
    Workflow update(String id, String name, WorkflowGraph draft);

    /** Copies the draft into a new version and publishes it. @throws NotFoundException */
    WorkflowVersion publish(String id);

    Optional<WorkflowVersion> findVersion(String id, int version);

    /** True when it existed. Its versions and runs go with it. */
    boolean delete(String id);

    /** Stores a run; a run of a deleted workflow is dropped silently. */
    void saveRun(WorkflowRun run);

    Optional<WorkflowRun> findRun(String workflowId, String runId);

    /** Newest first, without node traces. */
    List<WorkflowRun> listRuns(String workflowId, int offset, int limit);
}
