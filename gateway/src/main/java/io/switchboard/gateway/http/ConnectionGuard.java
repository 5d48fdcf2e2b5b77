package io.switchboard.gateway.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one client can hold of the HTTP server: connections per client address, the time to send a
 * request's headers and its body, and how long a connection may stay silent.
 *
 * <ul>
 *   <li>A connection over {@code maxConnectionsPerAddress} is closed as soon as it is accepted (it has
 *       sent nothing to answer), so one client cannot use up the file descriptors the health checks and
 *       everyone else need. Behind a reverse proxy every connection comes from the proxy: raise it, or 0
 *       for no cap.
 *   <li>A new connection's first request headers must arrive within {@code headerReadTimeout}; on a
 *       keep-alive connection the next request's within {@code idleTimeout} of the previous answer.
 *   <li>A request's body must arrive within {@code bodyReadTimeout} of its headers: otherwise the answer
 *       is 408 and the connection is closed.
 *   <li>A connection that reads and writes nothing for {@code idleTimeout} is closed (streams included).
 * </ul>
 *
 * One guard serves every server instance of a node: the per-address count is shared.
 */
public final class ConnectionGuard {
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_HEADER_READ_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BODY_READ_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    private final Vertx vertx;
    private final Limits limits;
    private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final Map<HttpConnection, Watch> watches = new ConcurrentHashMap<>();
    private final AtomicInteger bodyClocks = new AtomicInteger();

    /**
     * @param maxConnectionsPerAddress 0 for no cap
     */
    public record Limits(
            Duration idleTimeout, Duration headerReadTimeout, Duration bodyReadTimeout, int maxConnectionsPerAddress) {
        public static final Limits DEFAULT = new Limits(
                DEFAULT_IDLE_TIMEOUT,
                DEFAULT_HEADER_READ_TIMEOUT,
                DEFAULT_BODY_READ_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS_PER_ADDRESS);

        public Limits {
            idleTimeout = positive(idleTimeout, DEFAULT_IDLE_TIMEOUT, "http.idleTimeout");
            headerReadTimeout = positive(headerReadTimeout, DEFAULT_HEADER_READ_TIMEOUT, "http.headerReadTimeout");
            bodyReadTimeout = positive(bodyReadTimeout, DEFAULT_BODY_READ_TIMEOUT, "http.bodyReadTimeout");
            if (maxConnectionsPerAddress < 0) {
                throw new IllegalArgumentException("http.maxConnectionsPerAddress must be 0 (no cap) or positive");
            }
        }

        private static Duration positive(Duration value, Duration fallback, String name) {
            if (value == null) {
                return fallback;
            }
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, e.g. PT10S");
            }
            return value;
        }
    }

    public ConnectionGuard(Vertx vertx, Limits limits) {
        this.vertx = vertx;
        this.limits = limits;
    }

    /**
     * Sets the idle timeout on the server's options, and turns off HTTP/2 over clear text: its upgrade
     * detection holds a new connection back from the connection handler until a whole request has arrived,
     * which is exactly what the header clock must not wait for.
     */
    public HttpServerOptions apply(HttpServerOptions options) {
        return options.setHttp2ClearTextEnabled(false)
                .setIdleTimeout((int) Math.max(1, limits.idleTimeout().toMillis()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    }

    /** The server's connection handler. */
    public Handler<HttpConnection> connections() {
        return connection -> {
            String address = connection.remoteAddress() == null
                    ? "unknown"
                    : connection.remoteAddress().hostAddress();
            int cap = limits.maxConnectionsPerAddress();
            if (cap > 0) {
                AtomicInteger count = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
                if (count.incrementAndGet() > cap) {
                    release(address);
                    LOG.debug("closing a connection from {}: over {} connections", address, cap);
                    connection.close();
                    return;
                }
            }
            Watch watch = new Watch(connection);
            watches.put(connection, watch);
            watch.awaitHeaders();
            connection.closeHandler(closed -> {
                watches.remove(connection);
                watch.cancel();
                if (cap > 0) {
                    release(address);
                }
            });
        };
    }

    /**
     * The server's handler for requests its decoder refused: a request line over the server's limit (a
     * query of thousands of characters) is 414, headers over theirs 431, anything else 400, each with a
     * JSON error naming the problem and the connection closed (the rest of the stream cannot be trusted).
     */
    public static Handler<HttpServerRequest> invalidRequests() {
        return request -> {
            Throwable cause = request.decoderResult().cause();
            String detail = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
            int status;
            String code;
            String message;
            if (cause instanceof TooLongHttpLineException) {
                status = 414;
                code = "uri_too_long";
                message = "the request line is longer than the server accepts";
            } else if (cause instanceof TooLongHttpHeaderException) {
                status = 431;
                code = "headers_too_large";
                message = "the request headers are larger than the server accepts";
            } else {
                status = 400;
                code = "malformed_request";
                message = "the request could not be decoded as HTTP" + (detail.isEmpty() ? "" : ": " + detail);
            }
            LOG.debug("refusing an undecodable request from {}: {}", request.remoteAddress(), detail);
            request.response()
                    .setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(new JsonObject()
                            .put("error", new JsonObject().put("code", code).put("message", message))
                            .encode())
                    .onComplete(done -> request.connection().close());
        };
    }

    /** Wraps the server's request handler: starts the body clock and marks the headers as read. */
    public Handler<HttpServerRequest> requests(Handler<HttpServerRequest> next) {
        return request -> {
            Watch watch = watches.get(request.connection());
            if (watch != null) {
                watch.started(request);
            }
            if (hasBody(request)) {
                bodyClocks.incrementAndGet();
                long clock = vertx.setTimer(limits.bodyReadTimeout().toMillis(), t -> {
                    bodyClocks.decrementAndGet();
                    if (!request.isEnded()) {
                        tooSlow(request);
                    }
                });
                // Stopped as soon as the body is in (or the connection is gone): a clock left to run its
                // 60 s would keep every answered request, its routing context and buffers reachable
                // until then — at thousands of turns/s, hundreds of MB promoted to the old generation
                // and young pauses of ~100 ms spent copying them.
                request.end().onComplete(ended -> {
                    if (vertx.cancelTimer(clock)) {
                        bodyClocks.decrementAndGet();
                    }
                });
            }
            next.handle(request);
        };
    }

    /** Body clocks still running: requests whose body has not arrived yet (for tests and metrics). */
    public int bodyClocks() {
        return bodyClocks.get();
    }

    /** Connections open per client address (for tests and metrics). */
    public int connections(String address) {
        AtomicInteger count = perAddress.get(address);
        return count == null ? 0 : count.get();
    }

    private void release(String address) {
        perAddress.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    private static boolean hasBody(HttpServerRequest request) {
        if (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD) {
            return false;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || (length != null && !length.equals("0"));
    }

    private void tooSlow(HttpServerRequest request) {
        LOG.debug(
                "closing a connection from {}: the request body took longer than {}",
                request.remoteAddress(),
                limits.bodyReadTimeout());
        HttpServerResponse response = request.response();
        if (!response.headWritten() && !response.ended()) {
            response.setStatusCode(408)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(new JsonObject()
                            .put(
                                    "error",
                                    new JsonObject()
                                            .put("code", "request_timeout")
                                            .put(
                                                    "message",
                                                    "the request body did not arrive within "
                                                            + limits.bodyReadTimeout()
                                                                    .toSeconds() + " s"))
                            .encode())
                    .onComplete(done -> request.connection().close());
        } else {
            request.connection().close();
        }
    }

    /**
     * The header clock of one connection, on its event loop. The timer fires every header-read timeout:
     * with a request still being answered it waits on; once the answer has ended it gives the next
     * request one more period; with no new request by then, it closes the connection.
     */
    private final class Watch {
        private final HttpConnection connection;
        private HttpServerRequest current;
        private boolean endedSeen;
        private long timer = -1;

        Watch(HttpConnection connection) {
            this.connection = connection;
        }

        void awaitHeaders() {
            timer = vertx.setTimer(limits.headerReadTimeout().toMillis(), t -> check());
        }

        void started(HttpServerRequest request) {
            current = request;
            endedSeen = false;
        }

        private void check() {
            if (current != null
                    && !current.response().ended()
                    && !current.response().closed()) {
                endedSeen = false;
                awaitHeaders();
            } else if (current != null && !endedSeen) {
                endedSeen = true;
                awaitHeaders();
            } else {
                LOG.debug(
                        "closing a connection from {}: no request headers within {}",
                        connection.remoteAddress(),
                        limits.headerReadTimeout());
                connection.close();
            }
        }

        void cancel() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        }
    }
}
