package io.switchboard.runtime.turn;

import java.util.function.Consumer;

/**
 * Runs turns: resolves the app version, loads memory, asks the model (or answers offline), stores
 * memory and records the turn. Blocking: call from a virtual thread.
 */
public interface AgentRuntime {
    /**
     * @param onToken receives streamed fragments in order, or null for a non-streaming turn
     * @return the result; a model failure is a result with {@code failed}, not an exception
     * @throws io.switchboard.runtime.store.NotFoundException for an unknown app, or an unpublished one
     *     when {@code request.draft()} is false
     */
    TurnResult run(AgentRequest request, Consumer<String> onToken);

    /**
     * Forgets the last question of a published app's conversation and its answer, so that the question
     * can be answered again (the web chat's "regenerate"). Blocking.
     */
    default void forgetLastExchange(String appId, String conversationId) {}

    /**
     * Forgets a published app's conversation entirely: its messages and its summary (the end user
     * deleted it). Blocking.
     */
    default void forgetConversation(String appId, String conversationId) {}

    /**
     * Makes a published app's conversation remember {@code text} as its last answer (the user stopped
     * the answer there). Blocking.
     */
    default void keepLastAnswerAs(String appId, String conversationId, String text) {}
}
