package io.switchboard.channels.spi;

import io.switchboard.threads.VirtualThreads;
import io.vertx.core.Future;
import java.util.function.Consumer;

/**
 * Runs turns for the channels; implemented by the gateway, which bridges to the agent runtime. A channel
 * on an event loop calls {@link #handle}; a channel already on a virtual thread calls {@link #run}, which
 * does the work right there instead of hopping to an event loop and on to another virtual thread.
 */
public interface TurnHandler {
    /**
     * Runs one turn. Safe to call on the event loop: the work happens on a virtual thread.
     *
     * @param onChunk receives streamed fragments in order, on the caller's context; null when the
     *     channel does not stream
     * @return the reply; fails with {@link io.vertx.ext.web.handler.HttpException} 404 for an unknown
     *     or unpublished app. A model failure is not a failed future: it is a reply with {@code failed}.
     */
    Future<TurnReply> handle(InboundMessage message, Consumer<OutboundMessage.StreamChunk> onChunk);

    /**
     * Runs one turn on the calling virtual thread and returns its reply. Never call on an event loop.
     *
     * @param onChunk receives streamed fragments in order, on whatever thread produces them (it must be
     *     thread-safe); null when the channel does not stream
     * @throws io.vertx.ext.web.handler.HttpException 404 for an unknown or unpublished app, 503 when the
     *     turn could not run. A model failure is not an exception: it is a reply with {@code failed}.
     */
    default TurnReply run(InboundMessage message, Consumer<OutboundMessage.StreamChunk> onChunk) {
        // For handlers that are asynchronous at heart (test doubles): wait for handle().
        return VirtualThreads.await(handle(message, onChunk));
    }

    /**
     * Makes the model forget the last question of a published app's conversation and its answer, so that
     * the question is answered afresh (the web chat's "regenerate"). Safe on the event loop.
     *
     * @return succeeds once forgotten; where the gateway keeps no memory, at once
     */
    default Future<Void> forgetLastAnswer(String appId, String conversationId) {
        return Future.succeededFuture();
    }

    /**
     * Records an end user's feedback on an answer (a later verdict on the same answer replaces it). Safe
     * to call on the event loop.
     *
     * @return succeeds once stored; fails with {@link io.vertx.ext.web.handler.HttpException} 501 where
     *     feedback is not recorded
     */
    default Future<Void> feedback(FeedbackMessage feedback) {
        return Future.failedFuture(
                new io.vertx.ext.web.handler.HttpException(501, "feedback is not recorded by this gateway"));
    }
}
