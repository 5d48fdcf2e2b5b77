package io.switchboard.admin;

import io.switchboard.admin.access.AccessDenied;
import io.switchboard.runtime.ConflictException;
import io.switchboard.runtime.NotFoundException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler of the admin router: renders every failure as
 * {@code {"error":{"code","message"}}} with its status. Unexpected exceptions become a logged 500 with a
 * generic message, so internals never leak to the client.
 */
final class FailureRenderer implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(FailureRenderer.class);

    private final JsonCodec json;
    private final int maxBodyBytes;

    FailureRenderer(JsonCodec json, int maxBodyBytes) {
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        ApiException error = classify(ctx);
        if (response.headWritten()) {
            // A stream was already under way: the status is sent, all we can do is stop.
            if (!response.ended() && !response.closed()) {
                response.end();
            }
            return;
        }
        if (error.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        response.setStatusCode(error.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Responses.JSON)
                .end(json.write(body(error)));
    }

    static Map<String, Object> body(ApiException error) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("code", error.code());
        details.put("message", error.getMessage());
        return Map.of("error", details);
    }

    ApiException classify(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        return switch (failure) {
            case ApiException api -> api;
            case AccessDenied denied -> ApiException.unauthorized(denied.getMessage());
            case NotFoundException notFound -> ApiException.notFound(notFound.getMessage());
            case ConflictException conflict -> new ApiException(409, "conflict", conflict.getMessage());
            case IllegalArgumentException invalid -> ApiException.badRequest(invalid.getMessage());
            case DecodeException decode -> new ApiException(400, "malformed_json", "request body is not valid JSON");
            case HttpException http -> byStatus(http.getStatusCode(), http);
            case null -> byStatus(ctx.statusCode(), null);
            default -> unexpected(ctx, failure);
        };
    }

    private ApiException byStatus(int status, Throwable cause) {
        return switch (status) {
            case 400 -> ApiException.badRequest("bad request");
            case 401 -> ApiException.unauthorized("missing, invalid or expired bearer token");
            case 403 -> new ApiException(403, "forbidden", "not allowed");
            case 404 -> ApiException.notFound("not found");
            case 405 -> new ApiException(405, "method_not_allowed", "method not allowed on this path");
            case 413 ->
                new ApiException(
                        413, "payload_too_large", "request body exceeds the limit of " + maxBodyBytes + " bytes");
            case 415 -> Responses.unsupportedMediaType();
            default -> {
                if (status >= 400 && status < 500) {
                    yield new ApiException(status, "bad_request", "request refused");
                }
                LOG.error("admin request failed with status {}", status, cause);
                yield internal();
            }
        };
    }

    private static ApiException unexpected(RoutingContext ctx, Throwable failure) {
        LOG.error("admin request {} {} failed", ctx.request().method(), ctx.normalizedPath(), failure);
        return internal();
    }

    private static ApiException internal() {
        return new ApiException(500, "internal_error", "internal error; the server log has the details");
    }
}
