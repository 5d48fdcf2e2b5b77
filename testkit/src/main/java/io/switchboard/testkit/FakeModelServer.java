package io.switchboard.testkit;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What every fake model server shares: the loopback HTTP server, the script of behaviours, the request
 * log, the API key check, and the shape of an answer (refuse or fail as scripted, then a whole body or a
 * stream after the first-token delay, dropped where the script says). Subclasses speak their protocol:
 * OpenAI, Ollama, Anthropic, Gemini, DashScope.
 */
abstract class FakeModelServer<S extends FakeModelServer<S>> implements AutoCloseable {
    private static final long START_TIMEOUT_SECONDS = 10;
    private static final Duration DROP_GRACE = Duration.ofMillis(300);

    private final int requestedPort;
    private final boolean recording;
    private final int eventLoops;
    private final Queue<ModelBehaviour> script = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> recorded = new CopyOnWriteArrayList<>();
    private volatile ModelBehaviour fallback = ModelBehaviour.echo();
    private volatile Set<String> expectedApiKeys;
    private volatile Vertx vertx;
    private volatile int port = -1;

    FakeModelServer(int port, boolean recording, int eventLoops) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (any free port) or 1-65535, got " + port);
        }
        this.requestedPort = port;
        this.recording = recording;
        this.eventLoops = Math.max(1, eventLoops);
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    /** Requires the protocol's key header ({@code Authorization: Bearer <key>} unless the protocol says
     * otherwise) on every request; null accepts any request. */
    public S expectApiKey(String key) {
        this.expectedApiKeys = key == null ? null : Set.of(key);
        return self();
    }

    /**
     * Accepts the protocol's key header for any of {@code keys} and answers 401 to every
     * other request (a provider with several keys, some of them revoked); none accepts any request.
     */
    public S acceptApiKeys(String... keys) {
        this.expectedApiKeys = keys.length == 0 ? null : Set.of(keys);
        return self();
    }

    /** Appends behaviours to the script; each chat request consumes the next one. */
    public S enqueue(ModelBehaviour... behaviours) {
        script.addAll(List.of(behaviours));
        return self();
    }

    /** What a chat request gets once the script is empty ({@link ModelBehaviour#echo()} unless set). */
    public S defaultBehaviour(ModelBehaviour behaviour) {
        this.fallback = Objects.requireNonNull(behaviour, "behaviour");
        return self();
    }

    /** Starts listening on 127.0.0.1 and blocks until the server is bound. */
    public S start() {
        if (vertx != null) {
            throw new IllegalStateException("already started");
        }
        Vertx started = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        // HTTP/1.1 only, like local model servers: with h2c a scripted drop could race the data frames.
        HttpServerOptions options = new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(requestedPort)
                .setTcpNoDelay(true)
                .setHttp2ClearTextEnabled(false);
        try {
            if (requestedPort == 0) {
                // Port 0 with several instances would bind several ports; one server is enough for tests.
                port = started.createHttpServer(options)
                        .requestHandler(this::handle)
                        .listen()
                        .await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                        .actualPort();
            } else {
                started.deployVerticle(
                                () -> context -> context.owner()
                                        .createHttpServer(options)
                                        .requestHandler(this::handle)
                                        .listen(),
                                new DeploymentOptions().setInstances(eventLoops))
                        .await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                port = requestedPort;
            }
        } catch (Exception e) {
            started.close();
            throw new IllegalStateException("fake server could not listen on port " + requestedPort, e);
        }
        vertx = started;
        return self();
    }

    /** The bound port; -1 before {@link #start()}. */
    public int port() {
        return port;
    }

    /** Requests received so far, oldest first (empty when recording is off). */
    public List<RecordedRequest> requests() {
        return List.copyOf(recorded);
    }

    /** Forgets recorded requests and pending scripted behaviours; keeps the default and the key. */
    public S reset() {
        recorded.clear();
        script.clear();
        return self();
    }

    @Override
    public void close() {
        Vertx running = vertx;
        vertx = null;
        if (running != null) {
            try {
                running.close().await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Closing is best effort: a test must not fail because a socket lingered.
            }
        }
    }

    /** Whether {@code request} carries {@code key} the way the protocol sends it (a bearer token here). */
    boolean carriesKey(HttpServerRequest request, String key) {
        return ("Bearer " + key).equals(request.getHeader("Authorization"));
    }

    /** Answers a request whose key is missing or wrong, as the protocol does (401 here). */
    void rejectKey(HttpServerResponse response) {
        writeError(response, 401, "Incorrect API key provided.");
    }

    /** Answers a request that passed parsing and the key check. */
    abstract void dispatch(HttpServerRequest request, JsonObject body);

    /** Writes the protocol's error body with {@code status}. */
    abstract void writeErrorBody(HttpServerResponse response, int status, String message);

    /** Answers with an error; a 429 carries the {@code Retry-After} header real providers send. */
    final void writeError(HttpServerResponse response, int status, String message) {
        if (response.closed()) {
            return;
        }
        if (status == 429) {
            response.putHeader("Retry-After", "1");
        }
        writeErrorBody(response, status, message);
    }

    private void handle(HttpServerRequest request) {
        request.body()
                .onSuccess(buffer -> handle(request, buffer))
                .onFailure(e -> request.connection().close());
    }

    private void handle(HttpServerRequest request, Buffer buffer) {
        JsonObject body;
        String boundary = MultipartForm.boundary(request.getHeader("Content-Type"));
        try {
            if (boundary != null) {
                body = MultipartForm.parse(buffer, boundary);
            } else {
                body = buffer.length() == 0 ? new JsonObject() : buffer.toJsonObject();
            }
        } catch (IllegalArgumentException e) {
            record(request, new JsonObject());
            writeError(request.response(), 400, "request body is not a well-formed multipart form: " + e.getMessage());
            return;
        } catch (DecodeException | ClassCastException e) {
            record(request, new JsonObject());
            writeError(request.response(), 400, "request body is not a JSON object");
            return;
        }
        record(request, body);
        Set<String> keys = expectedApiKeys;
        if (keys != null && keys.stream().noneMatch(key -> carriesKey(request, key))) {
            rejectKey(request.response());
            return;
        }
        dispatch(request, body);
    }

    private void record(HttpServerRequest request, JsonObject body) {
        if (!recording) {
            return;
        }
        Map<String, String> headers = new HashMap<>();
        request.headers().forEach(e -> headers.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        recorded.add(new RecordedRequest(request.method().name(), request.path(), headers, body));
    }

    /** Consumes the next scripted behaviour (or the default) and resolves it against the request. */
    Plan nextPlan(JsonArray messages) {
        ModelBehaviour behaviour = script.poll();
        if (behaviour == null) {
            behaviour = fallback;
        }
        return switch (behaviour) {
            case ModelBehaviour.Echo echo -> Plan.answer(FakeReplies.echo(messages), Duration.ZERO, -1);
            case ModelBehaviour.Reply reply -> Plan.answer(reply.text(), Duration.ZERO, -1);
            case ModelBehaviour.SlowFirstToken slow -> Plan.answer(FakeReplies.echo(messages), slow.delay(), -1);
            case ModelBehaviour.DropAfterChunks drop ->
                Plan.answer(FakeReplies.echo(messages), Duration.ZERO, drop.chunks());
            case ModelBehaviour.Fail fail -> new Plan(null, Duration.ZERO, -1, fail, List.of());
            case ModelBehaviour.CallTools call -> new Plan("", Duration.ZERO, -1, null, call.calls());
        };
    }

    /**
     * The behaviour for a chat request of {@code messages}, or null when the request is already answered:
     * with 400 and {@code invalid} (the protocol's own message for a malformed request), or with the
     * scripted failure.
     */
    final Plan planFor(HttpServerRequest request, String invalid, JsonArray messages) {
        if (invalid != null) {
            writeError(request.response(), 400, invalid);
            return null;
        }
        Plan plan = nextPlan(messages);
        if (plan.failure() != null) {
            writeError(
                    request.response(), plan.failure().status(), plan.failure().message());
            return null;
        }
        return plan;
    }

    /**
     * Answers with one JSON body after the plan's first-token delay, or closes the connection unanswered
     * when the plan drops (a whole answer has no chunks to send first).
     */
    final void answerWhole(HttpServerRequest request, Plan plan, Supplier<String> body) {
        if (plan.drops()) {
            after(plan.firstTokenDelay(), () -> request.connection().close());
            return;
        }
        HttpServerResponse response = request.response();
        after(plan.firstTokenDelay(), () -> {
            if (!response.closed()) {
                response.putHeader("Content-Type", "application/json").end(body.get());
            }
        });
    }

    /**
     * Sends the status line and headers of a stream of {@code contentType} at once (as real servers do
     * before the first token), then after the plan's first-token delay lets {@code events} write the
     * stream, unless the client has gone.
     */
    final void answerStream(
            HttpServerRequest request, Plan plan, String contentType, Consumer<HttpServerResponse> events) {
        HttpServerResponse response = request.response()
                .setChunked(true)
                .putHeader("Content-Type", contentType)
                .putHeader("Cache-Control", "no-cache");
        response.writeHead();
        after(plan.firstTokenDelay(), () -> {
            if (!response.closed()) {
                events.accept(response);
            }
        });
    }

    /** How many of {@code chunks} a stream sends: all, or as many as the plan sends before it drops. */
    static int chunksToSend(Plan plan, List<String> chunks) {
        return plan.drops() ? Math.min(plan.dropAfterChunks(), chunks.size()) : chunks.size();
    }

    /**
     * A fake's {@code main}: serves {@code server} (started here) until the process is stopped, printing
     * where it listens.
     */
    static void serveUntilStopped(FakeModelServer<?> server, String what, String baseUrl) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("fake " + what + " listening on " + baseUrl);
        new CountDownLatch(1).await();
    }

    /** Event loops for a fake served by its {@code main}: one per core. */
    static int allCores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** {@code [port]} of a fake's {@code main}, else {@code defaultPort}. */
    static int port(String[] args, int defaultPort) {
        return args.length > 0 ? Integer.parseInt(args[0]) : defaultPort;
    }

    /**
     * Closes the connection once {@code written} is on the wire and a moment has passed: a client that
     * sees the close together with the last bytes may drop those bytes unread (the JDK client does),
     * and a test of "failure after N tokens" needs the N tokens to arrive.
     */
    void dropAfter(Future<Void> written, HttpServerRequest request) {
        written.onComplete(done -> after(DROP_GRACE, () -> request.connection().close()));
    }

    /** Runs {@code action} on the event loop after {@code delay}, or now when there is none. */
    void after(Duration delay, Runnable action) {
        Vertx running = vertx;
        if (delay.isZero() || running == null) {
            action.run();
        } else {
            running.setTimer(Math.max(1, delay.toMillis()), id -> action.run());
        }
    }

    /**
     * One request's resolved behaviour.
     *
     * @param dropAfterChunks content chunks to send before closing the connection, or -1 to finish
     */
    record Plan(
            String text,
            Duration firstTokenDelay,
            int dropAfterChunks,
            ModelBehaviour.Fail failure,
            List<ModelBehaviour.ToolCall> toolCalls) {
        static Plan answer(String text, Duration delay, int dropAfterChunks) {
            return new Plan(text, delay, dropAfterChunks, null, List.of());
        }

        boolean drops() {
            return dropAfterChunks >= 0;
        }
    }
}
