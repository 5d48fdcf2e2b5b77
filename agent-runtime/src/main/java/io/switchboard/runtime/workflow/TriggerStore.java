package io.switchboard.runtime.workflow;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Schedule and webhook triggers of workflows, and what makes them fire once. Blocking: virtual thread. */
public interface TriggerStore {
    WorkflowTrigger create(WorkflowTrigger trigger);

    Optional<WorkflowTrigger> find(String triggerId);

    List<WorkflowTrigger> list(String workflowId);

    /** Every enabled schedule trigger, of every workflow. */
    List<WorkflowTrigger> schedules();

    /** True when it existed. */
    boolean delete(String workflowId, String triggerId);

    /**
     * Claims one tick of a schedule for this caller: true for exactly one caller across the cluster
     * (a row keyed by trigger and tick time), false when another member took it.
     */
    boolean claimTick(String triggerId, Instant tick);

    /**
     * Records that {@code key} started {@code runId}; when the key was seen before, returns the run it
     * started then instead (and records nothing).
     */
    Optional<String> rememberIdempotencyKey(String triggerId, String key, String runId);
}
