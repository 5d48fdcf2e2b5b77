package io.switchboard.channels.api;

import io.switchboard.channels.spi.ApiCaller;
import io.switchboard.channels.spi.ApiKeyVerifier;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code Authorization: Bearer <key>}. The header's presence is checked before the body is read, so
 * an anonymous caller cannot make the server buffer a body; the key itself is verified after.
 */
final class BearerAuth {
    private static final String CALLER = "switchboard.api.caller";

    private final ApiKeyVerifier verifier;

    BearerAuth(ApiKeyVerifier verifier) {
        this.verifier = verifier;
    }

    /** Synchronous: rejects a request without a bearer token. */
    void requireToken(RoutingContext rc) {
        token(rc);
        rc.next();
    }

    /** Verifies the token and keeps the caller for {@link #caller}. */
    void verify(RoutingContext rc) {
        verifier.verify(token(rc))
                .onSuccess(caller -> {
                    ApiError refused = ApiCors.check(rc, caller);
                    if (refused != null) {
                        rc.fail(refused);
                        return;
                    }
                    rc.put(CALLER, caller);
                    rc.next();
                })
                .onFailure(failure -> rc.fail(
                        ApiError.from(failure, null).status() == 401
                                ? ApiError.invalidApiKey("Incorrect API key provided.")
                                : ApiError.from(failure, null)));
    }

    static ApiCaller caller(RoutingContext rc) {
        return rc.get(CALLER);
    }

    private static String token(RoutingContext rc) {
        String header = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null
                || !header.regionMatches(true, 0, "Bearer ", 0, 7)
                || header.substring(7).isBlank()) {
            throw ApiError.invalidApiKey(
                    "You didn't provide an API key. Send it in the header 'Authorization: Bearer <key>'.");
        }
        return header.substring(7).strip();
    }
}
