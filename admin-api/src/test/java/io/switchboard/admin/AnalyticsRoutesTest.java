package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.admin.AdminApiServer.Reply;
import io.switchboard.runtime.turn.TurnLog;
import io.switchboard.runtime.turn.TurnStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsRoutesTest {
    private AdminApiServer server;
    private String token;
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

    @BeforeAll
    void start(@TempDir Path dir) {
        server = AdminApiServer.start(dir);
        token = server.login();
        server.send("POST", "/apps", Samples.app("counted", "Counted", null), token);
        server.database
                .turnLogs()
                .append(List.of(
                        turn("t1", "web", "conv-a", null, "ok", 100, noon(0)),
                        turn("t2", "telegram", "tg-1", "u1", "ok", 200, noon(0)),
                        turn("t3", "telegram", "tg-1", "u1", "error", 300, noon(0)),
                        turn("t4", "web", "conv-b", null, "ok", 50, noon(2)),
                        turn("t5", "web", "conv-c", null, "ok", 70, noon(20))));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void should_count_turns_users_tokens_latency_and_errors_per_day_and_channel() {
        Reply reply = server.send("GET", "/apps/counted/analytics?days=7&timeZone=UTC", null, token);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.at("/total/turns").asLong())
                .as("the turn 20 days ago is outside the window")
                .isEqualTo(4);
        assertThat(body.at("/total/inputTokens").asLong()).isEqualTo(4 * 7);
        assertThat(body.get("perDay")).hasSize(7);
        JsonNode todayStats = body.get("perDay").get(6);
        assertThat(todayStats.get("key").asText()).isEqualTo(today.toString());
        assertThat(todayStats.get("turns").asLong()).isEqualTo(3);
        assertThat(todayStats.get("users").asLong())
                .as("one web conversation, one Telegram user")
                .isEqualTo(2);
        assertThat(todayStats.get("errors").asLong()).isEqualTo(1);
        assertThat(todayStats.get("latencyP50Ms").asLong()).isEqualTo(200);
        assertThat(todayStats.get("latencyP99Ms").asLong()).isEqualTo(300);
        assertThat(todayStats.at("/turnsByChannel/telegram").asLong()).isEqualTo(2);
        assertThat(body.get("perDay").get(4).get("turns").asLong()).isEqualTo(1);
        assertThat(body.get("perChannel"))
                .extracting(c -> c.get("key").asText())
                .containsExactly("telegram", "web");
        assertThat(body.get("truncated").asBoolean()).isFalse();
    }

    @Test
    void should_reject_a_bad_window_or_time_zone_naming_the_parameter() {
        Reply zone = server.send("GET", "/apps/counted/analytics?timeZone=Mars/Base", null, token);
        Reply days = server.send("GET", "/apps/counted/analytics?days=0", null, token);
        Reply unknown = server.send("GET", "/apps/nobody/analytics", null, token);

        assertThat(zone.status()).isEqualTo(400);
        assertThat(zone.json().at("/error/message").asText()).contains("timeZone");
        assertThat(days.status()).isEqualTo(400);
        assertThat(days.json().at("/error/message").asText()).contains("days");
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void should_take_the_nearest_rank_percentile() {
        assertThat(AnalyticsRoutes.percentile(new long[] {}, 99)).isZero();
        assertThat(AnalyticsRoutes.percentile(new long[] {5}, 50)).isEqualTo(5);
        long[] hundred = new long[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = i + 1;
        }
        assertThat(AnalyticsRoutes.percentile(hundred, 50)).isEqualTo(50);
        assertThat(AnalyticsRoutes.percentile(hundred, 99)).isEqualTo(99);
    }

    private Instant noon(int daysAgo) {
        return today.minusDays(daysAgo).atTime(12, 0).toInstant(ZoneOffset.UTC);
    }

    private static TurnLog turn(
            String id, String channel, String conversation, String user, String status, long latency, Instant at) {
        return new TurnLog(
                id,
                "counted",
                1,
                channel,
                conversation,
                user,
                "q",
                "a",
                TurnStatus.parse(status),
                null,
                latency,
                10,
                7,
                9,
                at,
                List.of(),
                null,
                null);
    }
}
