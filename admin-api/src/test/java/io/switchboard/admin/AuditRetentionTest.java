package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, audit retention: entries older than {@code security.auditRetention} (default 365 days) go
 * when the log is trimmed, newer ones stay. The running admin API dates entries by its injected clock;
 * the test moves that clock and calls the trim the hourly timer calls, so nothing waits.
 */
class AuditRetentionTest {
    private AdminApiServer server;
    private String token;

    @BeforeEach
    void start(@TempDir Path dir) {
        server = AdminApiServer.start(dir);
        token = server.login();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void should_drop_entries_older_than_the_retention_and_keep_newer_ones() {
        assertThat(server.send("POST", "/providers", Samples.provider("old-one"), token)
                        .status())
                .isEqualTo(201);
        awaitAudited("old-one");
        server.clock.advance(Duration.ofDays(200));
        assertThat(server.send("POST", "/providers", Samples.provider("new-one"), token)
                        .status())
                .isEqualTo(201);
        awaitAudited("new-one");
        assertThat(audited()).contains("old-one", "new-one");

        // 370 days after the first change, 170 after the second: only the first is past 365 days.
        server.clock.advance(Duration.ofDays(170));
        int trimmed = AdminApiServer.await(server.api.trimAuditLog());

        assertThat(trimmed).as("the store answered").isGreaterThanOrEqualTo(0);
        assertThat(audited()).contains("new-one").doesNotContain("old-one");
        JsonNode left = server.send("GET", "/audit?resource=providers", null, token)
                .json()
                .get("items");
        assertThat(left).hasSize(1);
        assertThat(left.get(0).get("at").asText())
                .as("dated by the injected clock, not the wall clock")
                .startsWith(server.clock
                        .instant()
                        .minus(Duration.ofDays(170))
                        .toString()
                        .substring(0, 10));
    }

    @Test
    void should_keep_an_entry_one_day_short_of_the_retention() {
        assertThat(server.send("POST", "/providers", Samples.provider("young"), token)
                        .status())
                .isEqualTo(201);
        awaitAudited("young");
        server.clock.advance(AdminSecurity.DEFAULT_AUDIT_RETENTION.minusDays(1));

        AdminApiServer.await(server.api.trimAuditLog());
        assertThat(audited()).contains("young");

        server.clock.advance(Duration.ofDays(2));
        AdminApiServer.await(server.api.trimAuditLog());
        assertThat(audited()).doesNotContain("young");
    }

    @Test
    void should_keep_entries_for_the_configured_retention(@TempDir Path other) {
        try (AdminApiServer thirtyDays = AdminApiServer.startWithAuditRetention(other, Duration.ofDays(30))) {
            String admin = thirtyDays.login();
            assertThat(thirtyDays
                            .send("POST", "/providers", Samples.provider("monthly"), admin)
                            .status())
                    .isEqualTo(201);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(ids(thirtyDays, admin)).contains("monthly"));

            thirtyDays.clock.advance(Duration.ofDays(29));
            AdminApiServer.await(thirtyDays.api.trimAuditLog());
            assertThat(ids(thirtyDays, admin)).contains("monthly");

            thirtyDays.clock.advance(Duration.ofDays(2));
            AdminApiServer.await(thirtyDays.api.trimAuditLog());
            assertThat(ids(thirtyDays, admin)).doesNotContain("monthly");
        }
    }

    private static List<String> ids(AdminApiServer server, String token) {
        List<String> ids = new ArrayList<>();
        server.send("GET", "/audit?resource=providers", null, token)
                .json()
                .get("items")
                .forEach(item -> ids.add(item.get("resourceId").asText()));
        return ids;
    }

    private void awaitAudited(String id) {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(audited()).contains(id));
    }

    private List<String> audited() {
        return ids(server, token);
    }
}
