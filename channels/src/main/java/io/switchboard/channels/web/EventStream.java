package io.switchboard.channels.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * A server-sent-event response that starts lazily, so that a turn failing before its first fragment
 * can still be answered with an ordinary status code and JSON body. Writes after the client went
 * away are dropped: the turn runs to its end regardless.
 */
final class EventStream {
    private final HttpServerResponse response;
    private boolean started;

    EventStream(HttpServerResponse response) {
        this.response = response;
    }

    boolean started() {
        return started;
    }

    boolean clientGone() {
        return response.closed() || response.ended();
    }

    void send(String event, JsonObject data) {
        if (clientGone()) {
            return;
        }
        if (!started) {
            started = true;
            response.setStatusCode(200)
                    .setChunked(true)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    // Reverse proxies such as nginx would otherwise hold the fragments back.
                    .putHeader("X-Accel-Buffering", "no");
        }
        // encode() never emits a newline, so one data line carries the whole event.
        response.write("event: " + event + "\ndata: " + data.encode() + "\n\n");
    }

    void end() {
        if (!clientGone()) {
            response.end();
        }
    }
}
