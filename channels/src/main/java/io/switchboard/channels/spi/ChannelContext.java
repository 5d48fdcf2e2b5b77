package io.switchboard.channels.spi;

import io.vertx.core.Vertx;

/**
 * What the gateway hands every channel adapter.
 *
 * @param accounts bound platform accounts; null for channels that need none (web, api)
 */
public record ChannelContext(
        Vertx vertx, TurnHandler turns, AppDirectory apps, ApiKeyVerifier apiKeys, BoundAccounts accounts) {
    public ChannelContext(Vertx vertx, TurnHandler turns, AppDirectory apps, ApiKeyVerifier apiKeys) {
        this(vertx, turns, apps, apiKeys, null);
    }
}
