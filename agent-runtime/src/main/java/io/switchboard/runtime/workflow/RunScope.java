package io.switchboard.runtime.workflow;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * What one run (and the sub-runs of its iteration and loop nodes) shares: which workflow and
 * conversation it belongs to, the decisions a person took on its human-input nodes (when resumed), and
 * the engine's executor and clock for sub-graphs.
 *
 * @param conversationId null outside a chat flow; then conversation variables start from their
 *     initial values and are not kept
 * @param decisions by human-input node id
 * @param nested true inside an iteration or loop body (human input cannot pause there)
 */
record RunScope(
        String workflowId,
        String runId,
        String conversationId,
        Map<String, HumanDecision> decisions,
        ExecutorService executor,
        Clock clock,
        boolean nested) {
    RunScope nestedScope() {
        return new RunScope(workflowId, runId, conversationId, Map.of(), executor, clock, true);
    }
}
