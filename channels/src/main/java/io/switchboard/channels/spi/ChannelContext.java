package io.switchboard.channels.spi;

import io.vertx.core.Vertx;

/**
 * What the gateway hands every channel adapter.
 *
 * @param accounts bound platform accounts; null for channels that need none (web, api)
 * @param shared cluster-wide state (dedupe, pending replies, tokens, leases, send rates); null for
 *     channels that need none
 * @param durable state that survives a restart of the whole cluster (polling offsets, handled update
 *     ids); null for channels that need none
 * @param embeddings the embedding models for the developer API's {@code /v1/embeddings}; null where
 *     there are none (that route then answers 404)
 */
public record ChannelContext(
        Vertx vertx,
        TurnHandler turns,
        AppDirectory apps,
        ApiKeyVerifier apiKeys,
        BoundAccounts accounts,
        SharedState shared,
        DurableState durable,
        Embeddings embeddings) {
    public ChannelContext(
            Vertx vertx,
            TurnHandler turns,
            AppDirectory apps,
            ApiKeyVerifier apiKeys,
            BoundAccounts accounts,
            SharedState shared,
            DurableState durable) {
        this(vertx, turns, apps, apiKeys, accounts, shared, durable, null);
    }
}
