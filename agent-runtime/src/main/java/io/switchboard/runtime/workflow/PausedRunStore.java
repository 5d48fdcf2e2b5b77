package io.switchboard.runtime.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs waiting at a human-input node, shared by every member (that is what makes them resumable on
 * any member and survive a restart). Blocking: virtual thread.
 */
public interface PausedRunStore {
    /** Stores a paused run, replacing an earlier pause of the same run. */
    void save(PausedRun run);

    Optional<PausedRun> find(String workflowId, String runId);

    /** Waiting runs of a workflow, oldest first. */
    List<PausedRun> list(String workflowId, int offset, int limit);

    /**
     * Takes a paused run for resuming: succeeds for one caller only, across members, unless the
     * earlier claim is older than {@code staleAfter} (its member died while resuming).
     *
     * @return the run when this caller holds it now
     */
    Optional<PausedRun> claim(String workflowId, String runId, Instant now, Duration staleAfter);

    /** Gives a claimed run back (resuming failed before it was recorded). */
    void release(String runId);

    /** Forgets a run after it was resumed (it then lives on as a stored run). */
    void delete(String runId);

    /** Up to {@code limit} runs whose timeout has passed and that nobody holds: (workflow id, run id). */
    List<String[]> dueForTimeout(Instant now, int limit);
}
