package io.switchboard.gateway.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.memory.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short version of {@code bench/chaos.sh}, part of the suite: three real gateway processes on one
 * PostgreSQL (TCP-IP join on loopback), WeChat MP and WeCom callbacks whose retries land on other nodes, Telegram
 * webhook, web chat and developer-API traffic, one node killed with SIGKILL and restarted, then a rolling
 * restart (SIGTERM, start) of nodes 0 and 1 — every node goes down once, by crash or by drain; nothing may
 * be lost, duplicated or forgotten. It waits on conditions only. Its time is the six gateway starts and
 * two drains, so it is kept short: few messages between steps (4 answered turns), 2 conversations per
 * channel; {@code bench/chaos.sh} is the long version (rolling restart of all three, more traffic).
 * Bounded by the {@link Timeout} (the thread is interrupted and every node killed). Skipped without
 * PostgreSQL outside CI ({@link TestPostgres}); bin/test starts one.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ChaosTest {
    private final TestPostgres postgres = new TestPostgres("chaos_");

    @AfterEach
    void dropSchema() {
        postgres.drop();
    }

    @Test
    void should_lose_duplicate_and_forget_nothing_when_a_node_is_killed_and_all_are_restarted() throws Exception {
        GatewayConfig.Database database = postgres.create();
        // The nodes' logs stay in target/ (not a temporary directory) for a failure to be read afterwards.
        Path dir = Files.createDirectories(Path.of("target", "chaos", String.valueOf(System.currentTimeMillis())));

        ChaosRun.Counts counts = ChaosRun.run(
                new ChaosRun.Settings(
                        2, 3, 4, 2, ChaosRun.RECOVERY_GRACE, database.url(), database.username(), database.password()),
                dir,
                line -> System.out.println("chaos: " + line));

        System.out.println("chaos: " + counts + " (node logs in " + dir.toAbsolutePath() + ")");
        assertThat(counts.sent()).isPositive();
        assertThat(counts.lost()).as(counts.toString()).isZero();
        assertThat(counts.duplicated()).as(counts.toString()).isZero();
        assertThat(counts.memoryLost()).as(counts.toString()).isZero();
        assertThat(counts.answered()).isEqualTo(counts.sent());
    }
}
