package io.switchboard.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;

/** A span of the installed OpenTelemetry SDK. */
final class OtelSpan implements TraceSpan {
    private final Span span;

    OtelSpan(Span span) {
        this.span = span;
    }

    @Override
    public TraceSpan set(String key, String value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
        return this;
    }

    @Override
    public TraceSpan set(String key, long value) {
        span.setAttribute(key, value);
        return this;
    }

    @Override
    public TraceSpan set(String key, boolean value) {
        span.setAttribute(key, value);
        return this;
    }

    @Override
    public TraceSpan fail(Throwable failure) {
        span.setAttribute("error.type", failure.getClass().getName());
        span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        return this;
    }

    @Override
    public TraceSpan fail(String description) {
        span.setAttribute("error.type", description);
        span.setStatus(StatusCode.ERROR, description);
        return this;
    }

    @Override
    public TraceScope activate() {
        return Tracing.activate(Context.current().with(span));
    }

    @Override
    public void end() {
        span.end();
    }

    @Override
    public String traceId() {
        return span.getSpanContext().getTraceId();
    }

    @Override
    public String spanId() {
        return span.getSpanContext().getSpanId();
    }
}
