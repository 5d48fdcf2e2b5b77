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
}
