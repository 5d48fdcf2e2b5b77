package io.switchboard.gateway.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's one failure handler: every error leaves as {@code {"error":{"code","message"}}} with
 * its status. Channels and the admin API render their own errors; this catches the rest.
 */
public final class JsonErrors {
    private static final Logger LOG = LoggerFactory.getLogger(JsonErrors.class);

    private JsonErrors() {}

    public static void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        int status = ctx.statusCode();
        String message;
        if (failure instanceof HttpException http) {
            status = http.getStatusCode();
            message = http.getPayload() != null ? http.getPayload() : http.getMessage();
        } else if (failure instanceof DecodeException) {
            status = 400;
            message = "malformed JSON body";
        } else if (failure instanceof IllegalArgumentException) {
            status = 400;
            message = failure.getMessage();
        } else if (failure != null) {
            status = 500;
            LOG.error(
                    "unhandled failure on {} {}",
                    ctx.request().method(),
                    ctx.request().path(),
                    failure);
            message = "internal error";
        } else {
            message = switch (status) {
                case 404 ->
                    "no such route: " + ctx.request().method() + " "
                            + ctx.request().path();
                case 405 -> "method not allowed";
                case 413 -> "request body too large";
                default -> "request failed";
            };
        }
        if (status < 400) {
            status = 500;
        }
        send(ctx, status, message);
    }

    public static void send(RoutingContext ctx, int status, String message) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json; charset=utf-8")
                .end(new JsonObject()
                        .put(
                                "error",
                                new JsonObject().put("code", codeOf(status)).put("message", message))
                        .encode());
    }

    private static String codeOf(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "rate_limited";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "request_failed";
        };
    }
}
