package io.switchboard.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Token quotas (a turn's tokens are charged after it, and a spent day's quota refuses the next turn) and the
 * workspace scope, on a member configured as the gateway's are ({@link Quotas#mapConfig()}).
 */
class QuotasTokensTest {
    private static HazelcastInstance hazelcast;

    @BeforeAll
    static void start() {
        Config config = new Config().setClusterName("quota-" + UUID.randomUUID());
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        config.addMapConfig(Quotas.mapConfig());
        hazelcast = Hazelcast.newHazelcastInstance(config);
    }

    @AfterAll
    static void stop() {
        hazelcast.shutdown();
    }

    @Test
    void should_refuse_turns_once_the_days_tokens_are_spent_and_show_the_usage() {
        Quotas quotas = Quotas.create(hazelcast, new Quotas.Limits(0, 100, 0, 1000, 0, 0, 0, 0));
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
        Quotas quotas = Quotas.create(hazelcast, new Quotas.Limits(0, 0, 200, 0, 0, 0, 0, 0));
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

    @Test
    void should_share_a_workspaces_limits_between_its_apps_and_keep_other_workspaces_apart() {
        String team = "team-" + UUID.randomUUID();
        String other = "team-" + UUID.randomUUID();
        Map<String, String> workspaceOf = Map.of("app-w1", team, "app-w2", team, "app-w3", other);
        Quotas quotas = Quotas.create(hazelcast, new Quotas.Limits(0, 0, 0, 0, 0, 0, 3, 0), workspaceOf::get);

        // Given three turns of the workspace, over both its apps and three users,
        assertThat(quotas.admit(new Quotas.Turn("app-w1", "web", "u1", null))).isEmpty();
        assertThat(quotas.admit(new Quotas.Turn("app-w2", "telegram", "u2", null)))
                .isEmpty();
        assertThat(quotas.admit(new Quotas.Turn("app-w1", "api", "u3", "key-1")))
                .isEmpty();

        // when a fourth comes, then it waits, and an app of another workspace does not.
        assertThat(quotas.admit(new Quotas.Turn("app-w2", "web", "u4", null))).hasValueSatisfying(refusal -> {
            assertThat(refusal.scope()).isEqualTo("workspace");
            assertThat(refusal.unit()).isEqualTo("requests");
            assertThat(refusal.retryAfter().toSeconds()).isBetween(1L, 60L);
        });
        assertThat(quotas.admit(new Quotas.Turn("app-w3", "web", "u5", null))).isEmpty();
        assertThat(quotas.usage("app-w2", null, null, null)).anySatisfy(meter -> {
            assertThat(meter.scope()).isEqualTo("workspace");
            assertThat(meter.key()).isEqualTo(team);
            assertThat(meter.remaining()).isZero();
        });
    }

    @Test
    void should_refuse_every_app_of_a_workspace_once_its_days_tokens_are_spent() {
        String team = "team-" + UUID.randomUUID();
        Map<String, String> workspaceOf = Map.of("app-t1", team, "app-t2", team, "app-t3", "elsewhere-" + team);
        Quotas quotas = Quotas.create(hazelcast, new Quotas.Limits(0, 0, 0, 0, 0, 0, 0, 1000), workspaceOf::get);
        Quotas.Turn first = new Quotas.Turn("app-t1", "wechat", "openid-1", null);

        assertThat(quotas.admit(first)).isEmpty();
        quotas.charge(first, 1200);

        assertThat(quotas.admit(new Quotas.Turn("app-t2", "web", "visitor", null)))
                .hasValueSatisfying(refusal -> {
                    assertThat(refusal.scope()).isEqualTo("workspace");
                    assertThat(refusal.unit()).isEqualTo("tokens");
                });
        assertThat(quotas.admit(new Quotas.Turn("app-t3", "web", "visitor", null)))
                .isEmpty();
    }
}
