package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.switchboard.runtime.WireEnum;
import java.util.List;
import java.util.Map;

/**
 * What one node did in a run.
 *
 * @param status how the node's part ended
 * @param inputs the variables the node referenced, with their values when it started
 * @param attempts 1, more when retried, 0 when skipped
 * @param startedMicros when it started, from the start of the run
 * @param children for iteration and loop nodes: the body's nodes of every item or round, their ids
 *     prefixed {@code node[i].}; otherwise null
 */
public record NodeTrace(
        String nodeId,
        String type,
        Status status,
        Map<String, Object> inputs,
        Map<String, Object> outputs,
        String error,
        int attempts,
        long startedMicros,
        long durationMicros,
        int tokens,
        List<NodeTrace> children) {
    /** A trace without inner nodes (everything but iteration and loop). */
    public NodeTrace(
            String nodeId,
            String type,
            Status status,
            Map<String, Object> inputs,
            Map<String, Object> outputs,
            String error,
            int attempts,
            long startedMicros,
            long durationMicros,
            int tokens) {
        this(nodeId, type, status, inputs, outputs, error, attempts, startedMicros, durationMicros, tokens, null);
    }

    /** How a node's part of the run ended. */
    public enum Status implements WireEnum {
        SUCCEEDED,
        FAILED,
        /** Failed, and the run went on with the node's default value. */
        DEFAULTED,
        /** On a branch not taken. */
        SKIPPED,
        CANCELLED,
        /** Waiting for a person (human input). */
        PAUSED;

        @JsonCreator
        static Status parse(String text) {
            return WireEnum.parse(
                    Status.class,
                    text,
                    "node status must be succeeded, failed, defaulted, skipped, cancelled or paused");
        }
    }
}
