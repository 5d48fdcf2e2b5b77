package io.switchboard.runtime.workflow;

import java.util.Map;

/**
 * What one node did in a run.
 *
 * @param status {@code succeeded}, {@code failed}, {@code defaulted} (failed, continued with its
 *     default value), {@code skipped} (on a branch not taken) or {@code cancelled}
 * @param inputs the variables the node referenced, with their values when it started
 * @param attempts 1, more when retried, 0 when skipped
 * @param startedMicros when it started, from the start of the run
 */
public record NodeTrace(
        String nodeId,
        String type,
        String status,
        Map<String, Object> inputs,
        Map<String, Object> outputs,
        String error,
        int attempts,
        long startedMicros,
        long durationMicros,
        int tokens) {}
