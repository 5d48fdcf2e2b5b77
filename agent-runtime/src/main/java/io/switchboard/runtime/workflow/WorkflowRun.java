package io.switchboard.runtime.workflow;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One run of a workflow and its trace.
 *
 * @param version the published version that ran, 0 for the draft
 * @param status {@code succeeded}, {@code failed} or {@code timeout}
 * @param outputs the end node's outputs (empty unless succeeded)
 * @param nodes per-node trace in the order nodes finished
 */
public record WorkflowRun(
        String id,
        String workflowId,
        int version,
        String status,
        Map<String, Object> outputs,
        String error,
        List<NodeTrace> nodes,
        long latencyMs,
        int tokens,
        Instant createdAt) {
    public boolean succeeded() {
        return "succeeded".equals(status);
    }
}
