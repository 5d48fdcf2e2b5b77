package io.switchboard.channels.testing;

import io.switchboard.channels.spi.ApiCaller;
import io.switchboard.channels.spi.ApiKeyVerifier;
import io.vertx.core.Future;
import io.vertx.ext.web.handler.HttpException;
import java.util.Map;

/** A fixed set of keys; any other is a 401, as the gateway's verifier answers. */
public final class StaticApiKeyVerifier implements ApiKeyVerifier {
    private final Map<String, ApiCaller> callers;

    public StaticApiKeyVerifier(Map<String, ApiCaller> callers) {
        this.callers = Map.copyOf(callers);
    }

    @Override
    public Future<ApiCaller> verify(String presentedKey) {
        ApiCaller caller = callers.get(presentedKey);
        return caller != null
                ? Future.succeededFuture(caller)
                : Future.failedFuture(new HttpException(401, "unknown or revoked key"));
    }

    @Override
    public Future<Boolean> anyKeyAllows(String origin) {
        return Future.succeededFuture(callers.values().stream().anyMatch(caller -> caller.allowsOrigin(origin)));
    }
}
