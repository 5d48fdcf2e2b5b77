package io.switchboard.channels.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Renders every failure on the API's routes as OpenAI does. */
final class OpenAiErrorHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiErrorHandler.class);

    private final int bodyLimitBytes;

    OpenAiErrorHandler(int bodyLimitBytes) {
        this.bodyLimitBytes = bodyLimitBytes;
    }

    @Override
    public void handle(RoutingContext rc) {
        Throwable failure = rc.failure();
        ApiError error;
        if (failure == null && rc.statusCode() == 413) {
            error = new ApiError(
                    413,
                    "invalid_request_error",
                    "request_too_large",
                    null,
                    "The request body is larger than " + bodyLimitBytes + " bytes.");
        } else if (failure == null) {
            int status = rc.statusCode() >= 400 ? rc.statusCode() : 500;
            error = new ApiError(
                    status, status >= 500 ? "server_error" : "invalid_request_error", null, null, "request failed");
        } else {
            error = ApiError.from(failure, null);
            if (error.status() == 500) {
                LOG.error("API request {} {} failed", rc.request().method(), rc.normalizedPath(), failure);
            }
        }
        send(rc.response(), error);
    }

    static void send(HttpServerResponse response, ApiError error) {
        if (response.closed()) {
            return;
        }
        if (response.headWritten()) {
            if (!response.ended()) {
                response.end();
            }
            return;
        }
        if (error.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        if (error.retryAfterSeconds() > 0) {
            response.putHeader("Retry-After", Long.toString(error.retryAfterSeconds()));
        }
        if (error.status() >= 500) {
            // OpenAI clients retry 5xx by default; running the same turn again would only repeat it.
            response.putHeader("x-should-retry", "false");
        }
        response.setStatusCode(error.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body(error).encode());
    }

    static JsonObject body(ApiError error) {
        return new JsonObject()
                .put(
                        "error",
                        new JsonObject()
                                .put("message", error.getMessage())
                                .put("type", error.type())
                                .put("param", error.param())
                                .put("code", error.code()));
    }
}
