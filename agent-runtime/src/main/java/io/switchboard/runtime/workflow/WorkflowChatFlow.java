package io.switchboard.runtime.workflow;

import io.switchboard.runtime.app.ResolvedApp;
import io.switchboard.runtime.memory.ChatEntry;
import io.switchboard.runtime.turn.AgentRequest;
import io.switchboard.runtime.turn.ChatFlow;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A published workflow as an app's whole reply pipeline. The start node may declare any of
 * {@code query}, {@code history} (the conversation so far as text), {@code conversation_id} and
 * {@code user_id}, plus the app's prompt variables; the reply is the end output {@code answer}, or the
 * first output when there is none of that name.
 */
public final class WorkflowChatFlow implements ChatFlow {
    /** The reply while a run waits for a person (a human-input node). */
    static final String PAUSED_REPLY = "Your request is waiting for a review; you will hear back.";

    private final WorkflowService workflows;

    private WorkflowChatFlow(WorkflowService workflows) {
        this.workflows = workflows;
    }

    public static WorkflowChatFlow create(WorkflowService workflows) {
        return new WorkflowChatFlow(workflows);
    }

    @Override
    public Reply reply(
            String workflowId,
            ResolvedApp app,
            AgentRequest request,
            List<ChatEntry> history,
            Consumer<String> onToken) {
        Map<String, Object> inputs = new HashMap<>(app.config().variables());
        inputs.putAll(request.variables());
        inputs.put("query", request.text());
        inputs.put("conversation_id", request.conversationId());
        if (request.userId() != null) {
            inputs.put("user_id", request.userId());
        }
        StringBuilder transcript = new StringBuilder();
        for (ChatEntry entry : history) {
            transcript
                    .append(entry.role() == ChatEntry.Role.USER ? "user: " : "assistant: ")
                    .append(entry.text())
                    .append('\n');
        }
        inputs.put("history", transcript.toString().strip());
        WorkflowRun run = workflows.runPublished(workflowId, inputs, onToken, request.conversationId());
        if (run.status() == WorkflowRun.Status.PAUSED) {
            return new Reply(PAUSED_REPLY, run.tokens(), 0);
        }
        if (!run.succeeded()) {
            throw new WorkflowFailure("run " + run.id() + " " + run.status().wireName() + ": " + run.error());
        }
        Object answer = run.outputs().containsKey("answer")
                ? run.outputs().get("answer")
                : run.outputs().values().stream().findFirst().orElse("");
        int tokens = run.tokens();
        return new Reply(Variables.text(answer), tokens, 0);
    }
}
