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
}
