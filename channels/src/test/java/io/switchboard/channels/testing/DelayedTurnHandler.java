package io.switchboard.channels.testing;

import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.spi.OutboundMessage.StreamChunk;
import io.switchboard.channels.spi.TurnHandler;
import io.switchboard.channels.spi.TurnReply;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Consumer;

/** Holds every turn for a settable time before handing it to another handler: a slow model. */
public final class DelayedTurnHandler implements TurnHandler {
    private final Vertx vertx;
    private final TurnHandler next;
    private volatile Duration delay = Duration.ZERO;

    public DelayedTurnHandler(Vertx vertx, TurnHandler next) {
        this.vertx = vertx;
        this.next = next;
    }

    public DelayedTurnHandler delay(Duration delay) {
        this.delay = delay;
        return this;
    }

    @Override
    public Future<TurnReply> handle(InboundMessage message, Consumer<StreamChunk> onChunk) {
        long millis = delay.toMillis();
        if (millis <= 0) {
            return next.handle(message, onChunk);
        }
        Promise<TurnReply> promise = Promise.promise();
        vertx.setTimer(millis, t -> next.handle(message, onChunk).onComplete(promise));
        return promise.future();
    }
}
