package io.switchboard.gateway.model;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import io.switchboard.runtime.model.ProviderHttpException;
import io.switchboard.threads.VirtualThreads;
import io.switchboard.tracing.Tracing;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * LangChain4j's HTTP client SPI over Vert.x's HTTP client: model calls share the gateway's event loops
 * and a pooled, non-blocking client instead of a JDK client per model, whose per-request overhead and
 * reliance on the common fork-join pool showed in profiles. Blocking calls wait on the caller's virtual
 * thread; streamed bodies are fed to LangChain4j's parser on a virtual thread with back-pressure.
 */
public final class VertxModelHttpClient implements HttpClient {
    private static final int MAX_CONNECTIONS_PER_HOST = 256;

    private final Vertx vertx;
    private final HttpClientAgent client;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    private VertxModelHttpClient(Vertx vertx, HttpClientAgent client, Duration connectTimeout, Duration readTimeout) {
        this.vertx = vertx;
        this.client = client;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /** The shared Vert.x client all model calls go through; close it with Vert.x. */
    public static HttpClientAgent sharedClient(Vertx vertx) {
        return vertx.createHttpClient(
                new HttpClientOptions()
                        .setKeepAlive(true)
                        .setTcpNoDelay(true)
                        .setDecompressionSupported(true)
                        .setMaxRedirects(0),
                new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_HOST));
    }

    /**
     * A builder for LangChain4j's model builders ({@code .httpClientBuilder(...)}).
     *
     * @param client from {@link #sharedClient(Vertx)} of the same {@code vertx}
     */
    public static HttpClientBuilder builder(Vertx vertx, HttpClientAgent client) {
        return new Builder(vertx, client);
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        Future<SuccessfulHttpResponse> response = send(
                request,
                reply -> reply.body().map(body -> {
                    String text = body.toString();
                    if (reply.statusCode() < 200 || reply.statusCode() >= 300) {
                        throw failure(reply, text);
                    }
                    return SuccessfulHttpResponse.builder()
                            .statusCode(reply.statusCode())
                            .headers(headers(reply.headers()))
                            .body(text)
                            .build();
                }));
        if (readTimeout != null) {
            response = response.timeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        try {
            return response.await();
        } catch (HttpException e) {
            throw e;
        } catch (Exception e) {
            throw translate(e);
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        send(request, reply -> {
                    if (reply.statusCode() < 200 || reply.statusCode() >= 300) {
                        return reply.body().compose(body -> Future.failedFuture(failure(reply, body.toString())));
                    }
                    return Future.succeededFuture(new ResponseInputStream(reply));
                })
                .onComplete(result -> {
                    if (result.failed()) {
                        quietly(() -> listener.onError(translate(result.cause())));
                    } else {
                        stream(result.result(), parser, listener);
                    }
                });
    }

    private static void stream(
            ResponseInputStream body, ServerSentEventParser parser, ServerSentEventListener listener) {
        HttpClientResponse reply = body.response();
        SuccessfulHttpResponse opened = SuccessfulHttpResponse.builder()
                .statusCode(reply.statusCode())
                .headers(headers(reply.headers()))
                .build();
        VirtualThreads.start("model-stream", () -> {
            quietly(() -> listener.onOpen(opened));
            try (body) {
                parser.parse(body, listener);
                if (body.failure() != null) {
                    quietly(() -> listener.onError(translate(body.failure())));
                } else {
                    quietly(listener::onClose);
                }
            } catch (RuntimeException e) {
                quietly(() -> listener.onError(translate(e)));
            }
        });
    }

    /**
     * Sends the request and hands the response to {@code onResponse} on the event loop, as soon as its
     * head arrives: the body's handlers must be attached there, before a short body can have ended.
     */
    private <T> Future<T> send(HttpRequest request, Function<HttpClientResponse, Future<T>> onResponse) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(request.method().name()))
                .setAbsoluteURI(request.url());
        if (connectTimeout != null) {
            options.setConnectTimeout(connectTimeout.toMillis());
        }
        if (readTimeout != null) {
            // Between bytes: a stream that stalls this long fails even if it started in time.
            options.setIdleTimeout(readTimeout.toMillis());
        }
        boolean multipart =
                !request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty();
        request.headers().forEach((name, values) -> {
            // A multipart body brings its own content type (with the boundary).
            if (values != null && !(multipart && name.equalsIgnoreCase("Content-Type"))) {
                for (String value : values) {
                    options.addHeader(name, value);
                }
            }
        });
        // Called on the turn's virtual thread, inside the model call's span: the provider (or a gateway
        // in front of it) can join the trace.
        Tracing.inject((name, value) -> options.putHeader(name, value));
        Buffer body;
        if (multipart) {
            MultipartBody form = MultipartBody.of(request);
            options.putHeader("Content-Type", form.contentType());
            body = form.body();
        } else {
            body = request.body() == null ? null : Buffer.buffer(request.body());
        }
        // The whole exchange is wired on an event loop. Chained from the calling virtual thread, a step
        // whose future had already completed ran on that thread, and the event loop could read a short
        // response to its end before onResponse attached its handlers (the response was then lost and
        // the call waited for its timeout).
        Promise<T> result = Promise.promise();
        vertx.getOrCreateContext()
                .runOnContext(v -> client.request(options)
                        .compose(outgoing -> {
                            Future<HttpClientResponse> sent = body == null ? outgoing.send() : outgoing.send(body);
                            return sent.compose(onResponse);
                        })
                        .onComplete(result));
        return result.future();
    }

    /** An error answer, with the {@code Retry-After} the failover honours. */
    private static HttpException failure(HttpClientResponse reply, String body) {
        return new ProviderHttpException(
                reply.statusCode(),
                body,
                ProviderHttpException.parseRetryAfter(reply.getHeader("Retry-After"), Instant.now()));
    }

    private static Map<String, List<String>> headers(MultiMap headers) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : headers) {
            copy.computeIfAbsent(header.getKey(), k -> new ArrayList<>()).add(header.getValue());
        }
        return copy;
    }

    /**
     * Into what LangChain4j and our failure mapping expect: timeouts as {@link TimeoutException}, and
     * connection failures (Vert.x reports some as plain runtime exceptions) as I/O failures.
     */
    static RuntimeException translate(Throwable failure) {
        if (failure instanceof HttpException http) {
            return http;
        }
        if (failure instanceof TimeoutException timeout) {
            return new dev.langchain4j.exception.TimeoutException(timeout);
        }
        if (failure instanceof IOException io) {
            return new UncheckedIOException(io);
        }
        if (failure instanceof UncheckedIOException unchecked) {
            return unchecked;
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (message.toLowerCase().contains("timeout") || message.toLowerCase().contains("timed out")) {
            return new dev.langchain4j.exception.TimeoutException(failure);
        }
        return new UncheckedIOException(new IOException(message, failure));
    }

    private static void quietly(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException ignored) {
            // A listener failure is LangChain4j's to report; it must not break the transport.
        }
    }

    private static final class Builder implements HttpClientBuilder {
        private final Vertx vertx;
        private final HttpClientAgent client;
        private Duration connectTimeout;
        private Duration readTimeout;

        Builder(Vertx vertx, HttpClientAgent client) {
            this.vertx = vertx;
            this.client = client;
        }

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public HttpClientBuilder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public HttpClientBuilder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        @Override
        public HttpClient build() {
            return new VertxModelHttpClient(vertx, client, connectTimeout, readTimeout);
        }
    }
}
