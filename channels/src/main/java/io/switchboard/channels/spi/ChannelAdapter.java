package io.switchboard.channels.spi;

import io.vertx.ext.web.Router;

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
}
