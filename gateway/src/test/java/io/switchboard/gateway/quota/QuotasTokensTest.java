package io.switchboard.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Token quotas: a turn's tokens are charged after it, and a spent day's quota refuses the next turn. */
class QuotasTokensTest {
    private static HazelcastInstance hazelcast;

    @BeforeAll
    static void start() {
        Config config = new Config().setClusterName("quota-" + UUID.randomUUID());
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        hazelcast = Hazelcast.newHazelcastInstance(config);
    }

    @AfterAll
    static void stop() {
        hazelcast.shutdown();
    }

    @Test
    void should_refuse_turns_once_the_days_tokens_are_spent_and_show_the_usage() {
        Quotas quotas = Quotas.create(hazelcast, new Quotas.Limits(0, 100, 0, 1000, 0, 0));
        Quotas.Turn turn = new Quotas.Turn("app-t", "wechat", "openid-1", null);

        assertThat(quotas.admit(turn)).isEmpty();
        quotas.charge(turn, 150);

        assertThat(quotas.admit(turn)).hasValueSatisfying(refusal -> {
            assertThat(refusal.scope()).isEqualTo("user");
            assertThat(refusal.unit()).isEqualTo("tokens");
            assertThat(refusal.retryAfter().toMinutes()).isGreaterThan(10);
        });
        assertThat(quotas.admit(new Quotas.Turn("app-t", "wechat", "openid-2", null)))
                .as("another user of the app still has tokens")
                .isEmpty();
        assertThat(quotas.usage("app-t", "wechat", "openid-1", null))
                .anySatisfy(meter -> {
                    assertThat(meter.scope()).isEqualTo("user");
                    assertThat(meter.remaining()).isNegative();
                })
                .anySatisfy(meter -> {
                    assertThat(meter.scope()).isEqualTo("app");
                    assertThat(meter.remaining()).isEqualTo(850);
                });
    }

    @Test
    void should_count_a_large_app_limit_locally_and_still_refuse_past_it() {
        Quotas quotas = Quotas.create(hazelcast, new Quotas.Limits(0, 0, 200, 0, 0, 0));
        long started = System.nanoTime();

        int admitted = 0;
        Optional<Quotas.Refusal> refusal = Optional.empty();
        while (refusal.isEmpty() && admitted < 1000) {
            refusal = quotas.admit(new Quotas.Turn("app-local", "web", "visitor-" + admitted, null));
            admitted += refusal.isEmpty() ? 1 : 0;
        }

        // Greedy refill adds 200 a minute while the loop runs; local counting may overshoot by 1 %.
        double refilled = (System.nanoTime() - started) / 1e9 * 200 / 60;
        assertThat(refusal).hasValueSatisfying(r -> assertThat(r.scope()).isEqualTo("app"));
        assertThat(admitted).isBetween(200, (int) (200 + refilled + 2));
    }
}
