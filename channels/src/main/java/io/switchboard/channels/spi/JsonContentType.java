package io.switchboard.channels.spi;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.Locale;

/**
 * Refuses a request body that is not declared as JSON with 415, before the body is read. A browser sends
 * a cross-site form or {@code text/plain} post without asking first; a JSON one it sends only after a
 * CORS preflight the server can refuse, so requiring JSON closes simple cross-site posts.
 */
public final class JsonContentType {
    private JsonContentType() {}

    /**
     * A route handler: calls {@code rc.next()} when the {@code Content-Type} is {@code application/json}
     * (parameters such as {@code charset} allowed), else fails the request with an {@link HttpException}
     * of status 415 whose payload says what to send.
     */
    public static void require(RoutingContext rc) {
        String header = rc.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (isJson(header)) {
            rc.next();
        } else {
            rc.fail(new HttpException(
                    415,
                    header == null
                            ? "Content-Type must be application/json (none was sent)"
                            : "Content-Type must be application/json, not " + shown(header)));
        }
    }

    static boolean isJson(String header) {
        if (header == null) {
            return false;
        }
        int semicolon = header.indexOf(';');
        String type = (semicolon < 0 ? header : header.substring(0, semicolon)).strip();
        return type.toLowerCase(Locale.ROOT).equals("application/json");
    }

    private static String shown(String header) {
        String stripped = header.replaceAll("[^\\x20-\\x7e]", "?");
        return stripped.length() > 100 ? stripped.substring(0, 100) + "…" : stripped;
    }
}
