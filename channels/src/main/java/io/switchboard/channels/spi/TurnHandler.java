package io.switchboard.channels.spi;

import io.vertx.core.Future;
import java.util.function.Consumer;

/** Runs turns for the channels; implemented by the gateway, which bridges to the agent runtime. */
public interface TurnHandler {
    /**
     * Runs one turn. Safe to call on the event loop: the work happens elsewhere.
     *
     * @param onChunk receives streamed fragments in order, on the caller's context; null when the
     *     channel does not stream
     * @return the reply; fails with {@link io.vertx.ext.web.handler.HttpException} 404 for an unknown
     *     or unpublished app. A model failure is not a failed future: it is a reply with {@code failed}.
     */
    Future<TurnReply> handle(InboundMessage message, Consumer<OutboundMessage.StreamChunk> onChunk);

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
