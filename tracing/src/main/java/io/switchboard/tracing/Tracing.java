package io.switchboard.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.slf4j.MDC;

/**
 * The one seam to OpenTelemetry (docs/tracing.md): channels, the agent runtime and the threads seam
 * start spans, carry W3C trace context ({@code traceparent}, {@code tracestate}) in and out, and see no
 * OpenTelemetry type. Off until the gateway {@linkplain #install installs} an SDK: then every call is a
 * read of one volatile field and {@link TraceSpan#NOOP}. While a span is {@linkplain TraceSpan#activate
 * active} the log MDC carries {@value #TRACE_ID} and {@value #SPAN_ID}.
 *
 * <p>Spans are parented on the span active on the calling thread. A span crossing to another thread is
 * carried by {@link #wrap(Runnable)} (the threads seam does it for every task it starts).
 */
public final class Tracing {
    /** MDC key of the current trace id (32 hex digits). */
    public static final String TRACE_ID = "trace_id";
    /** MDC key of the current span id (16 hex digits). */
    public static final String SPAN_ID = "span_id";

    private static final String INSTRUMENTATION = "io.switchboard";
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<String[]> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String[] carrier) {
            return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(String[] carrier, String key) {
            return carrier == null ? null : key.equals("traceparent") ? carrier[0] : carrier[1];
        }
    };

    private record Installed(OpenTelemetry openTelemetry, Tracer tracer) {}

    private static volatile Installed installed;

    private Tracing() {}

    /** Starts recording spans through {@code openTelemetry} (the gateway's SDK); replaces any earlier one. */
    public static void install(OpenTelemetry openTelemetry) {
        installed = new Installed(openTelemetry, openTelemetry.getTracer(INSTRUMENTATION));
    }

    /** Stops recording if {@code openTelemetry} is the installed one (a stopped gateway leaves others alone). */
    public static void uninstall(OpenTelemetry openTelemetry) {
        Installed current = installed;
        if (current != null && current.openTelemetry() == openTelemetry) {
            installed = null;
        }
    }

    /** True while an SDK is installed. */
    public static boolean enabled() {
        return installed != null;
    }

    /** An internal span, child of the span active on this thread (a root span when none is). */
    public static TraceSpan span(String name) {
        return span(name, TraceSpan.Kind.INTERNAL);
    }

    /** A span of {@code kind}, child of the span active on this thread (a root span when none is). */
    public static TraceSpan span(String name, TraceSpan.Kind kind) {
        Installed on = installed;
        if (on == null) {
            return TraceSpan.NOOP;
        }
        return new OtelSpan(builder(on, name, kind).startSpan());
    }

    /**
     * A span continuing a caller's trace: its parent is the span that {@code traceparent} names (a W3C
     * {@code traceparent} header, with {@code tracestate} kept as the caller sent it). A missing or
     * malformed header starts a new trace, as the W3C recommendation says; it is never an error.
     */
    public static TraceSpan span(String name, TraceSpan.Kind kind, String traceparent, String tracestate) {
        Installed on = installed;
        if (on == null) {
            return TraceSpan.NOOP;
        }
        SpanBuilder builder = builder(on, name, kind);
        if (traceparent != null && !traceparent.isBlank()) {
            Context remote = W3C.extract(Context.root(), new String[] {traceparent.strip(), tracestate}, HEADERS);
            SpanContext parent = Span.fromContext(remote).getSpanContext();
            builder = parent.isValid() ? builder.setParent(remote) : builder.setNoParent();
        } else {
            builder.setNoParent();
        }
        return new OtelSpan(builder.startSpan());
    }

    /**
     * Writes the active span's {@code traceparent} (and {@code tracestate}) to an outbound request's
     * headers through {@code header}; writes nothing when tracing is off or no span is active.
     */
    public static void inject(BiConsumer<String, String> header) {
        if (installed == null) {
            return;
        }
        Context context = Context.current();
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return;
        }
        W3C.inject(context, header, (carrier, key, value) -> carrier.accept(key, value));
    }

    /** The active span's trace id, or an empty string (tracing off, no active span). */
    public static String currentTraceId() {
        if (installed == null) {
            return "";
        }
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? span.getTraceId() : "";
    }

    /** {@code work} with the span active now made active on whichever thread runs it. */
    public static Runnable wrap(Runnable work) {
        if (installed == null) {
            return work;
        }
        Context context = Context.current();
        if (context == Context.root()) {
            return work;
        }
        return () -> {
            try (TraceScope scope = activate(context)) {
                work.run();
            }
        };
    }

    /** As {@link #wrap(Runnable)}. */
    public static <T> Callable<T> wrap(Callable<T> work) {
        if (installed == null) {
            return work;
        }
        Context context = Context.current();
        if (context == Context.root()) {
            return work;
        }
        return () -> {
            try (TraceScope scope = activate(context)) {
                return work.call();
            }
        };
    }

    private static SpanBuilder builder(Installed on, String name, TraceSpan.Kind kind) {
        return on.tracer().spanBuilder(name).setSpanKind(SpanKind.valueOf(kind.name()));
    }

    /** Makes {@code context} current and puts its ids into the MDC; the scope puts back the previous ones. */
    static TraceScope activate(Context context) {
        Scope scope = context.makeCurrent();
        SpanContext span = Span.fromContext(context).getSpanContext();
        if (!span.isValid()) {
            return scope::close;
        }
        String previousTrace = MDC.get(TRACE_ID);
        String previousSpan = MDC.get(SPAN_ID);
        MDC.put(TRACE_ID, span.getTraceId());
        MDC.put(SPAN_ID, span.getSpanId());
        return () -> {
            restore(TRACE_ID, previousTrace);
            restore(SPAN_ID, previousSpan);
            scope.close();
        };
    }

    private static void restore(String key, String previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
