package io.switchboard.gateway.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.memory.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short version of {@code bench/chaos.sh}: three real gateway processes on one PostgreSQL, WeChat,
 * web chat and developer-API traffic, one node killed with SIGKILL and restarted, then a rolling restart
 * of all three; nothing may be lost, duplicated or forgotten. Opt-in ({@code SWITCHBOARD_CHAOS=1}): seven
 * gateway starts take about 7 minutes on a loaded 2-core machine, far from the 2 minutes a suite test may
 * take, and the last run still lost 1 Telegram update in 5,531 messages (see docs/benchmarks.md).
 */
@EnabledIfEnvironmentVariable(named = "SWITCHBOARD_CHAOS", matches = "1")
class ChaosTest {
    private final TestPostgres postgres = new TestPostgres("chaos_");

    @AfterEach
    void dropSchema() {
        postgres.drop();
    }

    @Test
    void should_lose_duplicate_and_forget_nothing_when_a_node_is_killed_and_all_are_restarted(@TempDir Path dir)
            throws Exception {
        GatewayConfig.Database database = postgres.create();

        ChaosRun.Counts counts = ChaosRun.run(
                new ChaosRun.Settings(
                        2, 3, 6, true, Duration.ofSeconds(2), database.url(), database.username(), database.password()),
                dir,
                line -> System.out.println("chaos: " + line));

        System.out.println("chaos: " + counts);
        assertThat(counts.sent()).isPositive();
        assertThat(counts.lost()).as(counts.toString()).isZero();
        assertThat(counts.duplicated()).as(counts.toString()).isZero();
        assertThat(counts.memoryLost()).as(counts.toString()).isZero();
        assertThat(counts.answered()).isEqualTo(counts.sent());
    }
}
