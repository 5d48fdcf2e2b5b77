package io.switchboard.runtime.turn;

import io.switchboard.runtime.app.ResolvedApp;
import io.switchboard.runtime.memory.ChatEntry;
import java.util.List;
import java.util.function.Consumer;

/** Answers a turn with a workflow instead of a single model call (an app's chat flow). */
public interface ChatFlow {
    /**
     * Runs the workflow {@code workflowId} with the message, the conversation id and the history as
     * inputs. Blocking: virtual thread.
     *
     * @param onToken receives streamed fragments of the answer, or null
     * @throws RuntimeException when the workflow fails; the turn then fails with a user-facing message
     */
    Reply reply(
            String workflowId,
            ResolvedApp app,
            AgentRequest request,
            List<ChatEntry> history,
            Consumer<String> onToken);

    /** The flow's answer and the model tokens it spent. */
    record Reply(String text, int inputTokens, int outputTokens) {}
}
