package io.switchboard.channels.web;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.channels.spi.QuotaExceeded;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Renders every failure on the web chat's routes as {@code {"error": code, "message": text}}. */
final class WebErrorHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(WebErrorHandler.class);

    private final int bodyLimitBytes;

    WebErrorHandler(int bodyLimitBytes) {
        this.bodyLimitBytes = bodyLimitBytes;
    }

    @Override
    public void handle(RoutingContext rc) {
        QuotaExceeded.addRetryAfter(rc.failure(), rc.response());
        Throwable failure = QuotaExceeded.unwrap(rc.failure());
        int status;
        String message;
        if (failure instanceof HttpException http) {
            status = http.getStatusCode();
            message = http.getPayload() != null ? http.getPayload() : reason(status);
        } else if (failure == null && rc.statusCode() >= 400) {
            // BodyHandler reports an oversized body as a bare fail(413).
            status = rc.statusCode();
            message = status == 413 ? "request body is larger than " + bodyLimitBytes + " bytes" : reason(status);
        } else {
            status = 500;
            message = "internal error";
            LOG.error("Web chat request {} {} failed", rc.request().method(), rc.normalizedPath(), failure);
        }
        send(rc.response(), status, message);
    }

    static void send(HttpServerResponse response, int status, String message) {
        if (response.closed()) {
            return;
        }
        if (response.headWritten()) {
            // A stream already began: nothing sensible can be added, so just end it.
            if (!response.ended() && !response.closed()) {
                response.end();
            }
            return;
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(new JsonObject()
                        .put("error", code(status))
                        .put("message", message)
                        .encode());
    }

    private static String code(int status) {
        return reason(status).toLowerCase(Locale.ROOT).replace(' ', '_');
    }

    private static String reason(int status) {
        return HttpResponseStatus.valueOf(status).reasonPhrase();
    }
}
