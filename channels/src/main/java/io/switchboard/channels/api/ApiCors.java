package io.switchboard.channels.api;

import io.switchboard.channels.spi.ApiCaller;
import io.switchboard.channels.spi.ApiKeyVerifier;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;

/**
 * Cross-origin calls from browser pages, allowed per API key. A preflight ({@code OPTIONS} with
 * {@code Origin} and {@code Access-Control-Request-Method}) carries no key, so it passes an origin that
 * some valid key allows; the request that follows is refused with 403 unless its own key allows its
 * {@code Origin}. Requests without {@code Origin} (servers, SDKs, curl) are not affected.
 */
final class ApiCors {
    static final String ALLOWED_METHODS = "GET, POST";
    /** What the official clients send besides the simple headers, and W3C trace context. */
    private static final Set<String> ALLOWED_HEADERS = Set.of(
            "authorization",
            "content-type",
            "x-conversation-id",
            "openai-organization",
            "openai-project",
            "traceparent",
            "tracestate");
    /** Headers a page may read besides the simple ones. */
    static final String EXPOSED_HEADERS = "X-Conversation-Id, Retry-After, X-Request-Id";
    /** How long a browser may reuse a preflight answer. */
    static final int MAX_AGE_SECONDS = 600;

    private final ApiKeyVerifier keys;

    ApiCors(ApiKeyVerifier keys) {
        this.keys = keys;
    }

    /** Answers a preflight: 204 with the CORS headers, or 403 when no key allows the origin. */
    void preflight(RoutingContext rc) {
        String origin = rc.request().getHeader(HttpHeaders.ORIGIN);
        String method = rc.request().getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
        HttpServerResponse response = rc.response().putHeader(HttpHeaders.VARY, "Origin");
        if (origin == null || method == null) {
            response.putHeader(HttpHeaders.ALLOW, "GET, HEAD, POST");
            rc.fail(ApiError.methodNotAllowed("OPTIONS is only answered as a CORS preflight (Origin and "
                    + "Access-Control-Request-Method headers)"));
            return;
        }
        if (!Set.of("GET", "POST").contains(method)) {
            rc.fail(ApiError.forbidden("method " + shown(method) + " is not allowed across origins"));
            return;
        }
        String requested = rc.request().getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
        String headers =
                requested == null ? "" : requested.toLowerCase(Locale.ROOT).replace(" ", "");
        for (String header : headers.split(",")) {
            if (!header.isEmpty() && !ALLOWED_HEADERS.contains(header)) {
                rc.fail(ApiError.forbidden("header " + shown(header) + " is not allowed across origins"));
                return;
            }
        }
        keys.anyKeyAllows(normalized(origin))
                .onSuccess(allowed -> {
                    if (!allowed) {
                        rc.fail(ApiError.forbidden("origin " + shown(origin) + " is not allowed by any API key"));
                        return;
                    }
                    response.setStatusCode(204)
                            .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                            .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS)
                            .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, String.valueOf(MAX_AGE_SECONDS));
                    if (!headers.isEmpty()) {
                        response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, headers);
                    }
                    response.end();
                })
                .onFailure(rc::fail);
    }

    /**
     * For a request with a verified key: adds the CORS headers when its {@code Origin} is allowed, and
     * returns the refusal when it is not (null when the request may go on).
     */
    static ApiError check(RoutingContext rc, ApiCaller caller) {
        String origin = rc.request().getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            return null;
        }
        rc.response().putHeader(HttpHeaders.VARY, "Origin");
        if (!caller.allowsOrigin(normalized(origin))) {
            return ApiError.forbidden("origin " + shown(origin) + " is not allowed for this API key");
        }
        rc.response()
                .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                .putHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
        return null;
    }

    /** Origins compare without case: browsers send the host in lower case, admins may type it otherwise. */
    private static String normalized(String origin) {
        return origin.strip().toLowerCase(Locale.ROOT);
    }

    private static String shown(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return "'" + (printable.length() > 100 ? printable.substring(0, 100) + "…" : printable) + "'";
    }
}
