package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.switchboard.runtime.WireEnum;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One run of a workflow and its trace.
 *
 * @param version the published version that ran, 0 for the draft
 * @param status how the run ended
 * @param outputs the end node's outputs (empty unless succeeded)
 * @param nodes per-node trace in the order nodes finished
 */
public record WorkflowRun(
        String id,
        String workflowId,
        int version,
        Status status,
        Map<String, Object> outputs,
        String error,
        List<NodeTrace> nodes,
        long latencyMs,
        int tokens,
        Instant createdAt) {
    /** How a run ended. */
    public enum Status implements WireEnum {
        SUCCEEDED,
        FAILED,
        TIMEOUT,
        /** Waiting for a person at a human-input node; resumed by a decision or its timeout. */
        PAUSED;

        /** Reads the stored spelling. */
        @JsonCreator
        public static Status parse(String text) {
            return WireEnum.parse(Status.class, text, "run status must be succeeded, failed, timeout or paused");
        }
    }

    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }
}
