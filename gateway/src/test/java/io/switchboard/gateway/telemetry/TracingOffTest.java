package io.switchboard.gateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.gateway.Gateway;
import io.switchboard.gateway.HttpTestClient;
import io.switchboard.gateway.TestApps;
import io.switchboard.gateway.TestGateways;
import io.switchboard.gateway.config.TracingConfig;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.FakeOtlpReceiver;
import io.switchboard.tracing.TraceSpan;
import io.switchboard.tracing.Tracing;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tracing off (the default): no SDK, no exporter thread, no export, nothing sent on to the model. */
class TracingOffTest {
    @Test
    void should_run_no_exporter_and_propagate_nothing_when_tracing_is_off(@TempDir Path dir) throws Exception {
        try (FakeOtlpReceiver receiver = FakeOtlpReceiver.start();
                FakeOpenAiServer model = FakeOpenAiServer.create().start()) {
            // The endpoint is set, only enabled is false: the exporter must still not exist.
            TracingConfig off =
                    new TracingConfig(false, receiver.endpoint(), null, null, null, null, null, Duration.ofMillis(50));
            try (Gateway gateway = Gateway.start(TestGateways.config(dir, TestGateways.Cluster.create(dir), 0)
                    .tracing(off)
                    .build())) {
                HttpTestClient admin = new HttpTestClient("http://127.0.0.1:" + gateway.port())
                        .login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
                TestApps.publishWithModel(admin, model.baseUrl());
                String key = admin.send("POST", "/admin/v1/apps/" + TestApps.APP + "/keys", "{\"name\":\"off\"}")
                        .json()
                        .get("key")
                        .asText();

                HttpResponse<String> response = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(
                                                "http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                                        .timeout(Duration.ofSeconds(30))
                                        .header("Authorization", "Bearer " + key)
                                        .header("Content-Type", "application/json")
                                        .header(
                                                "traceparent",
                                                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                                        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
                                                .put("model", TestApps.APP)
                                                .put("messages", List.of(Map.of("role", "user", "content", "hi")))
                                                .encode()))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

                assertThat(Tracing.enabled()).isFalse();
                assertThat(Tracing.span("turn")).isSameAs(TraceSpan.NOOP);
                assertThat(Thread.getAllStackTraces().keySet())
                        .extracting(Thread::getName)
                        .noneMatch(name -> name.contains("BatchSpanProcessor"));
                // The caller's trace context stops at the gateway: no traceparent for the provider.
                assertThat(model.requests().getLast().header("traceparent")).isNull();
            }
            // Closing flushes an exporter if there were one: still nothing arrived.
            assertThat(receiver.spans()).isEmpty();
            assertThat(receiver.requestHeaders()).isEmpty();
        }
    }
}
