package io.switchboard.admin;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;

/** Small HTTP helpers shared by the route classes: JSON replies, media-type guard, query parameters. */
final class Responses {
    static final String JSON = "application/json; charset=utf-8";

    private Responses() {}

    static void json(RoutingContext ctx, int status, Object value, JsonCodec json) {
        ctx.put(AuditRoutes.AFTER, value);
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .end(json.write(value));
    }

    static void noContent(RoutingContext ctx) {
        ctx.response().setStatusCode(204).end();
    }

    static ApiException unsupportedMediaType() {
        return new ApiException(415, "unsupported_media_type", "Content-Type must be application/json");
    }

    /** Refuses a body of another media type on POST/PUT/PATCH (an empty body needs no type). */
    static void requireJsonBody(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpMethod method = request.method();
        if (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH) {
            String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
            boolean json = type != null && isJson(type);
            if (!json && (type != null || hasBody(request))) {
                ctx.fail(unsupportedMediaType());
                return;
            }
        }
        ctx.next();
    }

    private static boolean isJson(String contentType) {
        String mime = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mime.equals("application/json") || (mime.startsWith("application/") && mime.endsWith("+json"));
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return (length != null && !length.trim().equals("0"))
                || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    /**
     * Refuses query parameters other than {@code known} with a 400 naming the first unknown one, so a
     * misspelt filter is not silently ignored.
     */
    static void allowQuery(RoutingContext ctx, String... known) {
        List<String> allowed = List.of(known);
        for (String name : ctx.queryParams().names()) {
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("unknown query parameter '" + name + "'"
                        + (allowed.isEmpty()
                                ? " (this route takes none)"
                                : " (known: " + String.join(", ", allowed) + ")"));
            }
        }
    }

    /** An integer query parameter in [min, max], or {@code fallback} when absent. */
    static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParams().get(name);
        if (raw == null) {
            return fallback;
        }
        // Given is given: `?limit=` or a padded number is not the document's integer (400), not the default.
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw ApiException.badRequest(name + " must be an integer between " + min + " and " + max);
    }

    /** A positive integer path parameter (e.g. a version number). */
    static int positivePathParam(RoutingContext ctx, String name) {
        try {
            int value = Integer.parseInt(ctx.pathParam(name));
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw ApiException.badRequest(name + " must be a positive integer");
    }
}
