package io.switchboard.tracing;

import java.util.function.Supplier;

/** What every span is while tracing is off. */
final class NoopSpan implements TraceSpan {
    @Override
    public TraceSpan set(String key, String value) {
        return this;
    }

    @Override
    public TraceSpan set(String key, long value) {
        return this;
    }

    @Override
    public TraceSpan set(String key, boolean value) {
        return this;
    }

    @Override
    public TraceSpan fail(Throwable failure) {
        return this;
    }

    @Override
    public TraceSpan fail(String description) {
        return this;
    }

    @Override
    public TraceScope activate() {
        return TraceScope.NOOP;
    }

    @Override
    public void end() {}

    @Override
    public String traceId() {
        return "";
    }

    @Override
    public String spanId() {
        return "";
    }

    @Override
    public <T> T call(Supplier<T> work) {
        return work.get();
    }
}
