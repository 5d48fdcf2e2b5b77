package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.quota.Quotas;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway without {@code cluster.members} (a cluster of one) enforces its quotas in process: the same 429
 * with Retry-After, and no bucket in the Hazelcast map (no Hazelcast operation per turn).
 */
class SingleGatewayQuotasTest {
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Test
    void should_limit_a_web_chat_user_in_process_on_a_single_gateway(@TempDir Path dir) throws Exception {
        TestGateways.Cluster cluster = TestGateways.Cluster.create(dir);
        GatewayConfig.Builder config = TestGateways.config(dir, cluster, 0)
                .cluster(new GatewayConfig.Cluster(
                        Path.of("../config/hazelcast.yaml"),
                        cluster.name(),
                        "",
                        cluster.firstPort(),
                        "127.0.0.1",
                        null))
                .quotas(new Quotas.Limits(2, 0, 0, 0, 0, 0, 0, 0));
        try (Gateway gateway = Gateway.start(config.build())) {
            String body = "{\"text\":\"What is Switchboard?\",\"userId\":\"visitor-" + UUID.randomUUID() + "\"}";

            // Given two turns a minute per user, when the same user writes three times,
            assertThat(post(gateway, body).statusCode()).isEqualTo(200);
            assertThat(post(gateway, body).statusCode()).isEqualTo(200);
            HttpResponse<String> third = post(gateway, body);

            // then the third waits, and the buckets live in process, not in the member's map.
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.headers().firstValue("Retry-After"))
                    .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));
            assertThat(gateway.hazelcast().getMap(Quotas.MAP).size()).isZero();
        }
    }

    private HttpResponse<String> post(Gateway gateway, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/chat/switchboard-guide/messages"))
                .timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
