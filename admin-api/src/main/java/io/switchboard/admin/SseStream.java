package io.switchboard.admin;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server-sent-events reply that opens lazily: until the first event, a failure can still become an
 * ordinary JSON error (404 for an unknown app); afterwards it is sent as an {@code error} event.
 * Call only on the request's Vert.x context.
 */
final class SseStream {
    private static final Logger LOG = LoggerFactory.getLogger(SseStream.class);

    private final RoutingContext ctx;
    private final JsonCodec json;
    private boolean open;

    SseStream(RoutingContext ctx, JsonCodec json) {
        this.ctx = ctx;
        this.json = json;
    }

    void event(String name, Object data) {
        HttpServerResponse response = ctx.response();
        if (response.closed() || response.ended()) {
            return; // the client went away; the turn still completes and is logged by the runtime
        }
        if (!open) {
            open = true;
            response.setStatusCode(200)
                    .setChunked(true)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .putHeader("X-Accel-Buffering", "no");
        }
        response.write("event: " + name + "\ndata: " + json.writeString(data) + "\n\n");
    }

    void finish(String name, Object data) {
        event(name, data);
        HttpServerResponse response = ctx.response();
        if (!response.closed() && !response.ended()) {
            response.end();
        }
    }

    void fail(Throwable failure) {
        if (!open) {
            ctx.fail(failure);
            return;
        }
        ApiException error = failure instanceof ApiException api
                ? api
                : new ApiException(500, "internal_error", "the turn failed; the server log has the details");
        if (!(failure instanceof ApiException)) {
            LOG.error("debug chat turn failed after streaming began", failure);
        }
        finish("error", FailureRenderer.body(error));
    }
}
