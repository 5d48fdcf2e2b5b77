package io.switchboard.runtime.workflow;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run waiting for a person: everything needed to resume it on any member. Stored, not held by a
 * thread. Resuming replays the nodes that finished (their stored outputs and branches, not a second
 * execution) and runs the rest.
 *
 * @param version the published version, 0 for a draft (the graph is stored either way)
 * @param finished the nodes that finished before the pause, in order
 * @param waiting the human-input node that waits
 * @param prompt its rendered prompt
 * @param actions the action ids the person may pick
 * @param editable the fields the person may edit, by name with their current values
 * @param timeoutAt when the node takes its timeout branch, or null for never
 * @param recipient where the staff member is told (channel binding and recipient), or null
 */
public record PausedRun(
        String runId,
        String workflowId,
        int version,
        WorkflowGraph graph,
        Map<String, Object> inputs,
        String conversationId,
        List<Finished> finished,
        String waiting,
        String prompt,
        List<String> actions,
        Map<String, Object> editable,
        Instant timeoutAt,
        Notify recipient,
        int tokens,
        Instant createdAt) {
    /** A node's result as the resumed run replays it. */
    public record Finished(String nodeId, Map<String, Object> outputs, String branch, NodeTrace trace) {}

    /** The staff member to tell: a channel binding and the recipient's id on that channel. */
    public record Notify(String bindingId, String recipient) {}
}
