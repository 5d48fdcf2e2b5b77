package io.switchboard.testkit;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * An OpenTelemetry collector's OTLP/HTTP trace endpoint on loopback: {@code POST /v1/traces} with an
 * {@code application/x-protobuf} {@code ExportTraceServiceRequest}, answered with an empty (successful)
 * {@code ExportTraceServiceResponse}. The protobuf is read field by field with protobuf's wire reader
 * (field numbers of opentelemetry-proto's {@code trace.proto}, {@code common.proto},
 * {@code resource.proto}), so the test sees exactly what an exporter put on the wire.
 */
public final class FakeOtlpReceiver implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 10;
    private static final HexFormat HEX = HexFormat.of();

    private final boolean recording;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> requestHeaders = new CopyOnWriteArrayList<>();
    private final AtomicLong spanCount = new AtomicLong();
    private final AtomicLong exportCount = new AtomicLong();
    private volatile Vertx vertx;
    private volatile int port = -1;

    /**
     * One span as exported.
     *
     * @param traceId 32 hex digits
     * @param spanId 16 hex digits
     * @param parentSpanId 16 hex digits, or an empty string for a root span
     * @param kind OTLP's {@code SpanKind}: 1 internal, 2 server, 3 client, 4 producer, 5 consumer
     * @param attributes string, boolean, long and double values by key
     * @param statusCode OTLP's {@code StatusCode}: 0 unset, 1 ok, 2 error
     * @param resource the resource's attributes ({@code service.name}, ...)
     */
    public record ReceivedSpan(
            String traceId,
            String spanId,
            String parentSpanId,
            String traceState,
            String name,
            int kind,
            Map<String, Object> attributes,
            int statusCode,
            Map<String, Object> resource) {
        public static final int KIND_INTERNAL = 1;
        public static final int KIND_SERVER = 2;
        public static final int KIND_CLIENT = 3;
        public static final int STATUS_ERROR = 2;

        /** The attribute's value, or null. */
        public Object attribute(String key) {
            return attributes.get(key);
        }

        public boolean root() {
            return parentSpanId.isEmpty();
        }
    }

    private FakeOtlpReceiver(boolean recording) {
        this.recording = recording;
    }

    /** A recording receiver on a free loopback port, listening when this returns. */
    public static FakeOtlpReceiver start() {
        return start(0, true);
    }

    /**
     * A receiver on {@code port} (0: any free one). Without {@code recording} it decodes every export and
     * only counts the spans (for benchmarks: {@code GET /stats} answers {@code {"spans":n,"exports":m}}).
     */
    public static FakeOtlpReceiver start(int port, boolean recording) {
        FakeOtlpReceiver receiver = new FakeOtlpReceiver(recording);
        Vertx started = Vertx.vertx();
        try {
            receiver.port = started.createHttpServer(
                            new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                    .requestHandler(receiver::handle)
                    .listen()
                    .await(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .actualPort();
        } catch (Exception e) {
            started.close();
            throw new IllegalStateException("fake OTLP receiver could not listen", e);
        }
        receiver.vertx = started;
        return receiver;
    }

    /** What an exporter takes as its endpoint: {@code http://127.0.0.1:<port>/v1/traces}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port + "/v1/traces";
    }

    /** Every span received so far, in the order the exports arrived. */
    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** The spans of one trace. */
    public List<ReceivedSpan> trace(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    /** The first span received named {@code name}. */
    public Optional<ReceivedSpan> span(String name) {
        return spans.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The spans whose parent is {@code parent}. */
    public List<ReceivedSpan> children(ReceivedSpan parent) {
        return spans.stream()
                .filter(s ->
                        s.traceId().equals(parent.traceId()) && s.parentSpanId().equals(parent.spanId()))
                .toList();
    }

    /** Each received trace as an indented tree of span names, for assertion messages. */
    public String describe() {
        Map<String, List<ReceivedSpan>> byTrace = spans.stream()
                .collect(Collectors.groupingBy(ReceivedSpan::traceId, LinkedHashMap::new, Collectors.toList()));
        StringBuilder out = new StringBuilder();
        byTrace.forEach((trace, members) -> {
            out.append("trace ").append(trace).append('\n');
            members.stream()
                    .filter(s -> members.stream().noneMatch(p -> p.spanId().equals(s.parentSpanId())))
                    .forEach(top -> describe(top, members, 1, out));
        });
        return out.toString();
    }

    private static void describe(ReceivedSpan span, List<ReceivedSpan> members, int depth, StringBuilder out) {
        out.append("  ".repeat(depth))
                .append(span.name())
                .append(' ')
                .append(span.attributes())
                .append('\n');
        members.stream()
                .filter(s -> s.parentSpanId().equals(span.spanId()))
                .forEach(child -> describe(child, members, depth + 1, out));
    }

    /** The headers of each export request (names in lower case), oldest first. */
    public List<Map<String, String>> requestHeaders() {
        return List.copyOf(requestHeaders);
    }

    /** Serves {@code POST /v1/traces} on {@code args[0]} (default 4318) without recording, until killed. */
    public static void main(String[] args) throws InterruptedException {
        FakeOtlpReceiver receiver = start(args.length > 0 ? Integer.parseInt(args[0]) : 4318, false);
        System.out.println("fake OTLP receiver at " + receiver.endpoint());
        Thread.currentThread().join();
    }

    /** Spans received so far (counted in both modes). */
    public long spanCount() {
        return spanCount.get();
    }

    private void handle(HttpServerRequest request) {
        if (request.method().name().equals("GET") && request.path().equals("/stats")) {
            request.response()
                    .putHeader("content-type", "application/json")
                    .end("{\"spans\":" + spanCount.get() + ",\"exports\":" + exportCount.get() + "}");
            return;
        }
        if (!request.method().name().equals("POST") || !request.path().equals("/v1/traces")) {
            request.response().setStatusCode(404).end();
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        request.body().onSuccess(body -> {
            String type = headers.getOrDefault("content-type", "");
            if (!type.startsWith("application/x-protobuf")) {
                request.response().setStatusCode(415).end();
                return;
            }
            try {
                List<ReceivedSpan> received = exportRequest(body);
                spanCount.addAndGet(received.size());
                exportCount.incrementAndGet();
                if (recording) {
                    spans.addAll(received);
                    requestHeaders.add(Map.copyOf(headers));
                }
            } catch (IOException | RuntimeException e) {
                request.response().setStatusCode(400).end(String.valueOf(e.getMessage()));
                return;
            }
            request.response()
                    .putHeader("content-type", "application/x-protobuf")
                    .end(Buffer.buffer()); // an ExportTraceServiceResponse with no partial_success
        });
    }

    /** {@code ExportTraceServiceRequest}: 1 resource_spans. */
    private static List<ReceivedSpan> exportRequest(Buffer body) throws IOException {
        List<ReceivedSpan> out = new ArrayList<>();
        CodedInputStream in = CodedInputStream.newInstance(body.getBytes());
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (number(tag) == 1) {
                resourceSpans(in.readBytes().toByteArray(), out);
            } else {
                in.skipField(tag);
            }
        }
        return out;
    }

    /** {@code ResourceSpans}: 1 resource, 2 scope_spans. */
    private static void resourceSpans(byte[] bytes, List<ReceivedSpan> out) throws IOException {
        Map<String, Object> resource = Map.of();
        List<byte[]> scopes = new ArrayList<>();
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (number(tag)) {
                case 1 -> resource = attributesOf(in.readBytes().toByteArray(), 1);
                case 2 -> scopes.add(in.readBytes().toByteArray());
                default -> in.skipField(tag);
            }
        }
        for (byte[] scope : scopes) {
            CodedInputStream scopeIn = CodedInputStream.newInstance(scope);
            // ScopeSpans: 1 scope, 2 spans.
            for (int tag; (tag = scopeIn.readTag()) != 0; ) {
                if (number(tag) == 2) {
                    out.add(span(scopeIn.readBytes().toByteArray(), resource));
                } else {
                    scopeIn.skipField(tag);
                }
            }
        }
    }

    /** {@code Span}: 1 trace_id, 2 span_id, 3 trace_state, 4 parent_span_id, 5 name, 6 kind, 9 attributes, 15 status. */
    private static ReceivedSpan span(byte[] bytes, Map<String, Object> resource) throws IOException {
        String traceId = "";
        String spanId = "";
        String traceState = "";
        String parent = "";
        String name = "";
        int kind = 0;
        int status = 0;
        Map<String, Object> attributes = new LinkedHashMap<>();
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (number(tag)) {
                case 1 -> traceId = HEX.formatHex(in.readBytes().toByteArray());
                case 2 -> spanId = HEX.formatHex(in.readBytes().toByteArray());
                case 3 -> traceState = in.readString();
                case 4 -> parent = HEX.formatHex(in.readBytes().toByteArray());
                case 5 -> name = in.readString();
                case 6 -> kind = in.readEnum();
                case 9 -> keyValue(in.readBytes().toByteArray(), attributes);
                case 15 -> status = statusCode(in.readBytes().toByteArray());
                default -> in.skipField(tag);
            }
        }
        return new ReceivedSpan(
                traceId, spanId, parent, traceState, name, kind, Map.copyOf(attributes), status, resource);
    }

    /** A message whose field {@code field} holds the repeated {@code KeyValue} attributes. */
    private static Map<String, Object> attributesOf(byte[] bytes, int field) throws IOException {
        Map<String, Object> attributes = new LinkedHashMap<>();
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (number(tag) == field) {
                keyValue(in.readBytes().toByteArray(), attributes);
            } else {
                in.skipField(tag);
            }
        }
        return Map.copyOf(attributes);
    }

    /** {@code KeyValue}: 1 key, 2 value ({@code AnyValue}: 1 string, 2 bool, 3 int, 4 double). */
    private static void keyValue(byte[] bytes, Map<String, Object> into) throws IOException {
        String key = null;
        Object value = null;
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (number(tag) == 1) {
                key = in.readString();
            } else if (number(tag) == 2) {
                CodedInputStream any =
                        CodedInputStream.newInstance(in.readBytes().toByteArray());
                for (int anyTag; (anyTag = any.readTag()) != 0; ) {
                    switch (number(anyTag)) {
                        case 1 -> value = any.readString();
                        case 2 -> value = any.readBool();
                        case 3 -> value = any.readInt64();
                        case 4 -> value = any.readDouble();
                        default -> any.skipField(anyTag);
                    }
                }
            } else {
                in.skipField(tag);
            }
        }
        if (key != null && value != null) {
            into.put(key, value);
        }
    }

    /** {@code Status}: 2 message, 3 code. */
    private static int statusCode(byte[] bytes) throws IOException {
        int code = 0;
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (number(tag) == 3) {
                code = in.readEnum();
            } else {
                in.skipField(tag);
            }
        }
        return code;
    }

    private static int number(int tag) {
        return WireFormat.getTagFieldNumber(tag);
    }

    @Override
    public void close() {
        Vertx running = vertx;
        vertx = null;
        if (running != null) {
            try {
                running.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Best effort, as the other fakes.
            }
        }
    }
}
