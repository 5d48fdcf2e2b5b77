package io.switchboard.channels.spi;

import io.vertx.ext.web.Router;
import java.util.List;

/**
 * A chat channel: turns a platform's requests into {@link InboundMessage}s and the replies into the
 * platform's answers. One public factory per adapter; everything else stays package-private.
 */
public interface ChannelAdapter {
    /** Short type name used in logs, metrics and the conversation log, e.g. {@code web}. */
    String type();

    /**
     * Adds the channel's routes. Called once, on start. Errors are reported by failing the routing
     * context with an {@link io.vertx.ext.web.handler.HttpException}; the gateway renders them as JSON.
     */
    void mount(Router router, ChannelContext context);

    /** The kinds of platform account an admin can bind to apps through this channel. */
    default List<BindingType> bindingTypes() {
        return List.of();
    }

    /**
     * Told on every member after a binding of one of this channel's types was created, changed,
     * disabled or deleted, so that it can drop caches or (re)register webhooks and pollers. Must not
     * block or throw.
     */
    default void accountChanged(String bindingId) {}

    /** Called once at shutdown, before the HTTP server closes: stop pollers and queues. */
    default void stop() {}
}
