package io.switchboard.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The seam against the real SDK with an in-memory exporter. */
class TracingTest {
    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exported))
                    .build())
            .build();

    @AfterEach
    void uninstall() {
        Tracing.uninstall(sdk);
        sdk.close();
    }

    @Test
    void should_hand_out_the_noop_span_and_inject_nothing_while_no_sdk_is_installed() {
        assertThat(Tracing.enabled()).isFalse();
        TraceSpan span = Tracing.span(
                "turn", TraceSpan.Kind.SERVER, "00-" + "a".repeat(32) + "-" + "b".repeat(16) + "-01", null);
        assertThat(span).isSameAs(TraceSpan.NOOP);
        Map<String, String> headers = new HashMap<>();
        try (TraceScope scope = span.activate()) {
            Tracing.inject(headers::put);
            assertThat(MDC.get(Tracing.TRACE_ID)).isNull();
        }
        assertThat(headers).isEmpty();
        Runnable work = () -> {};
        assertThat(Tracing.wrap(work)).isSameAs(work);
    }

    @Test
    void should_continue_a_callers_trace_and_send_it_on_from_the_active_span() {
        Tracing.install(sdk);
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        TraceSpan server =
                Tracing.span("channel api", TraceSpan.Kind.SERVER, "00-" + trace + "-00f067aa0ba902b7-01", "vendor=x");
        Map<String, String> headers = new HashMap<>();
        server.run(() -> Tracing.span("chat m", TraceSpan.Kind.CLIENT).run(() -> Tracing.inject(headers::put)));

        List<SpanData> spans = exported.getFinishedSpanItems();
        SpanData chat = spans.get(0);
        SpanData channel = spans.get(1);
        assertThat(channel.getTraceId()).isEqualTo(trace);
        assertThat(channel.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(channel.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(chat.getParentSpanId()).isEqualTo(channel.getSpanId());
        assertThat(headers)
                .containsEntry("traceparent", "00-" + trace + "-" + chat.getSpanId() + "-01")
                .containsEntry("tracestate", "vendor=x");
    }

    @Test
    void should_start_a_new_trace_for_a_malformed_traceparent() {
        Tracing.install(sdk);
        Tracing.span("channel api", TraceSpan.Kind.SERVER, "00-zz-01", null).end();
        SpanData span = exported.getFinishedSpanItems().get(0);
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        assertThat(span.getTraceId()).hasSize(32).isNotEqualTo("0".repeat(32));
    }

    @Test
    void should_carry_the_span_and_its_mdc_ids_to_another_thread_and_restore_them() throws Exception {
        Tracing.install(sdk);
        TraceSpan turn = Tracing.span("turn");
        Future<String[]> seen;
        try (TraceScope scope = turn.activate();
                var pool = Executors.newSingleThreadExecutor()) {
            assertThat(MDC.get(Tracing.TRACE_ID)).isEqualTo(turn.traceId());
            seen = pool.submit(Tracing.wrap(() -> {
                Tracing.span("execute_tool t").end();
                return new String[] {MDC.get(Tracing.TRACE_ID), MDC.get(Tracing.SPAN_ID)};
            }));
            assertThat(seen.get()).containsExactly(turn.traceId(), turn.spanId());
        }
        turn.end();
        assertThat(MDC.get(Tracing.TRACE_ID)).isNull();
        assertThat(MDC.get(Tracing.SPAN_ID)).isNull();
        SpanData tool = exported.getFinishedSpanItems().get(0);
        assertThat(tool.getParentSpanId()).isEqualTo(turn.spanId());
    }

    @Test
    void should_mark_a_span_failed_with_the_exception_type_only() {
        Tracing.install(sdk);
        assertThatThrownBy(() -> Tracing.span("retrieval").run(() -> {
                    throw new IllegalStateException("the user asked about parcel 4711");
                }))
                .isInstanceOf(IllegalStateException.class);
        SpanData span = exported.getFinishedSpanItems().get(0);
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getStatus().getDescription()).isEqualTo("IllegalStateException");
        assertThat(span.getEvents()).isEmpty();
        assertThat(span.getAttributes().asMap().values())
                .noneMatch(v -> String.valueOf(v).contains("4711"));
    }
}
