package io.switchboard.channels.spi;

import io.vertx.core.Vertx;

/** What the gateway hands every channel adapter. */
public record ChannelContext(Vertx vertx, TurnHandler turns, AppDirectory apps, ApiKeyVerifier apiKeys) {}
