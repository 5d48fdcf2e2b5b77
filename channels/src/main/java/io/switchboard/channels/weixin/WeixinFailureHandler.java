package io.switchboard.channels.weixin;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders failures on the callback routes as {@code {"error","message"}}. A body over the limit is a
 * 400 like any other bad callback; only a fault of ours is a 500.
 */
public final class WeixinFailureHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(WeixinFailureHandler.class);

    @Override
    public void handle(RoutingContext rc) {
        int status;
        String message;
        if (rc.failure() instanceof HttpException http) {
            status = http.getStatusCode();
            message = http.getPayload() != null ? http.getPayload() : http.getMessage();
        } else if (rc.failure() == null) {
            status = rc.statusCode();
            message = null;
        } else {
            status = 500;
            message = "internal error";
            LOG.error("WeChat/WeCom callback failed", rc.failure());
        }
        if (status == 413) {
            status = 400;
            message = "the body is larger than a platform callback can be";
        }
        if (status < 400) {
            status = 500;
        }
        if (message == null) {
            message = status == 404 ? "not found" : "bad request";
        }
        if (rc.response().ended() || rc.response().closed()) {
            return;
        }
        rc.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(new JsonObject()
                        .put("error", errorName(status))
                        .put("message", message)
                        .encode());
    }

    private static String errorName(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 503 -> "unavailable";
            default -> status < 500 ? "client_error" : "internal_error";
        };
    }
}
