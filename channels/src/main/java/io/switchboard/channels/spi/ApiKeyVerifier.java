package io.switchboard.channels.spi;

import io.vertx.core.Future;

/** Checks developer-API keys; implemented by the gateway. */
public interface ApiKeyVerifier {
    /**
     * Safe to call on the event loop.
     *
     * @param presentedKey the bearer token as sent
     * @return fails with {@link io.vertx.ext.web.handler.HttpException} 401 for an unknown or revoked key
     */
    Future<ApiCaller> verify(String presentedKey);

    /**
     * Whether some valid key allows browser pages of {@code origin} (see {@link ApiCaller#allowsOrigin}):
     * a CORS preflight carries no key, so it can only be answered for all keys; the request that follows
     * is checked against its own key. Safe to call on the event loop; may answer from a cache a few
     * seconds old.
     */
    Future<Boolean> anyKeyAllows(String origin);
}
