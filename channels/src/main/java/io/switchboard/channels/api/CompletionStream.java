package io.switchboard.channels.api;

import io.switchboard.channels.spi.TurnReply;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * A streamed answer in OpenAI's server-sent-event format. The stream starts with the first fragment
 * (or the end of the turn), so a turn that fails before saying anything is answered with an ordinary
 * HTTP error; one that fails later gets an {@code {"error":{...}}} event, then {@code [DONE]}, which
 * OpenAI's SDKs raise as an exception.
 */
final class CompletionStream {
    private final RoutingContext rc;
    private final HttpServerResponse response;
    private final Completion completion;
    private final boolean includeUsage;
    private boolean started;

    CompletionStream(RoutingContext rc, Completion completion, boolean includeUsage) {
        this.rc = rc;
        this.response = rc.response();
        this.completion = completion;
        this.includeUsage = includeUsage;
    }

    void fragment(String delta) {
        if (!delta.isEmpty()) {
            send(completion.contentChunk(delta));
        }
    }

    void finish(TurnReply reply) {
        if (reply.failed()) {
            fail(ApiError.failedTurn(reply));
            return;
        }
        if (!reply.toolCalls().isEmpty()) {
            send(completion.toolCallsChunk(reply));
        }
        // The answer is out; the final chunk carries the follow-up questions once they are written.
        reply.followUpsOnContext().onComplete(written -> {
            JsonObject last = completion.finalChunk(reply);
            List<String> followUps = written.result();
            if (followUps != null && !followUps.isEmpty()) {
                last.put("follow_ups", new JsonArray(followUps));
            }
            send(last);
            if (includeUsage) {
                send(completion.usageChunk(reply));
            }
            done();
        });
    }

    void fail(Throwable failure) {
        ApiError error = ApiError.from(failure, completion.model());
        if (!started) {
            rc.fail(error);
            return;
        }
        send(OpenAiErrorHandler.body(error));
        done();
    }

    private void send(JsonObject chunk) {
        if (clientGone()) {
            return; // the client left; the turn still completes on the server
        }
        if (!started) {
            started = true;
            response.setStatusCode(200)
                    .setChunked(true)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .putHeader("X-Accel-Buffering", "no");
            write(includeUsage ? completion.firstChunk().put("usage", null) : completion.firstChunk());
        }
        if (includeUsage && !chunk.containsKey("usage") && !chunk.containsKey("error")) {
            // With include_usage OpenAI sends "usage": null on every chunk but the last.
            chunk.put("usage", null);
        }
        write(chunk);
    }

    private void write(JsonObject chunk) {
        response.write("data: " + ApiJson.encode(chunk) + "\n\n");
    }

    private void done() {
        if (!clientGone()) {
            response.end("data: [DONE]\n\n");
        }
    }

    private boolean clientGone() {
        return response.closed() || response.ended();
    }
}
