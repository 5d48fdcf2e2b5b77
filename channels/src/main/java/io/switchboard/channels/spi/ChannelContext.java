package io.switchboard.channels.spi;

import io.vertx.core.Vertx;

/**
 * What the gateway hands every channel adapter.
 *
 * @param accounts bound platform accounts; null for channels that need none (web, api)
 * @param shared cluster-wide state (dedupe, pending replies, tokens, leases); null for channels that
 *     need none
 */
public record ChannelContext(
        Vertx vertx,
        TurnHandler turns,
        AppDirectory apps,
        ApiKeyVerifier apiKeys,
        BoundAccounts accounts,
        SharedState shared) {
    public ChannelContext(Vertx vertx, TurnHandler turns, AppDirectory apps, ApiKeyVerifier apiKeys) {
        this(vertx, turns, apps, apiKeys, null, null);
    }
}
