package io.switchboard.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A cluster of one's quotas ({@link Quotas#createLocal}): the same limits as in the cluster's map, counted in
 * process by Bucket4j's local buckets, and exact — an end user's, an app's and a workspace's alike.
 */
class LocalQuotasTest {

    @Test
    void should_refuse_an_end_users_third_turn_in_a_minute_and_not_another_users() {
        Quotas quotas = Quotas.createLocal(new Quotas.Limits(2, 0, 0, 0, 0, 0, 0, 0), app -> "default");
        Quotas.Turn turn = new Quotas.Turn("app-l", "web", "visitor-1", null);

        assertThat(quotas.admit(turn)).isEmpty();
        assertThat(quotas.admit(turn)).isEmpty();

        assertThat(quotas.admit(turn)).hasValueSatisfying(refusal -> {
            assertThat(refusal.scope()).isEqualTo("user");
            assertThat(refusal.unit()).isEqualTo("requests");
            assertThat(refusal.retryAfter().toSeconds()).isBetween(1L, 60L);
        });
        assertThat(quotas.admit(new Quotas.Turn("app-l", "web", "visitor-2", null)))
                .isEmpty();
        assertThat(quotas.usage("app-l", "web", "visitor-1", null))
                .singleElement()
                .satisfies(meter -> assertThat(meter.remaining()).isZero());
    }

    @Test
    void should_refuse_turns_once_the_days_tokens_are_spent_and_show_the_usage() {
        Quotas quotas = Quotas.createLocal(new Quotas.Limits(0, 100, 0, 1000, 0, 0, 0, 0), app -> "default");
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
                    assertThat(meter.remaining()).isEqualTo(-50);
                })
                .anySatisfy(meter -> {
                    assertThat(meter.scope()).isEqualTo("app");
                    assertThat(meter.remaining()).isEqualTo(850);
                });
    }

    @Test
    void should_count_a_large_app_limit_exactly() {
        Quotas quotas = Quotas.createLocal(new Quotas.Limits(0, 0, 200, 0, 0, 0, 0, 0), app -> "default");
        long started = System.nanoTime();

        int admitted = 0;
        Optional<Quotas.Refusal> refusal = Optional.empty();
        while (refusal.isEmpty() && admitted < 1000) {
            refusal = quotas.admit(new Quotas.Turn("app-local", "web", "visitor-" + admitted, null));
            admitted += refusal.isEmpty() ? 1 : 0;
        }

        // Greedy refill adds 200 a minute while the loop runs; nothing is counted apart, so no overshoot.
        double refilled = (System.nanoTime() - started) / 1e9 * 200 / 60;
        assertThat(refusal).hasValueSatisfying(r -> assertThat(r.scope()).isEqualTo("app"));
        assertThat(admitted).isBetween(200, (int) (200 + refilled + 1));
    }

    @Test
    void should_share_a_workspaces_limits_between_its_apps_and_keep_other_workspaces_apart() {
        Map<String, String> workspaceOf = Map.of("app-w1", "team", "app-w2", "team", "app-w3", "other");
        Quotas quotas = Quotas.createLocal(new Quotas.Limits(0, 0, 0, 0, 0, 0, 2, 0), workspaceOf::get);

        assertThat(quotas.admit(new Quotas.Turn("app-w1", "web", "u1", null))).isEmpty();
        assertThat(quotas.admit(new Quotas.Turn("app-w2", "api", "u2", "key-1")))
                .isEmpty();

        assertThat(quotas.admit(new Quotas.Turn("app-w2", "web", "u3", null))).hasValueSatisfying(refusal -> {
            assertThat(refusal.scope()).isEqualTo("workspace");
            assertThat(refusal.unit()).isEqualTo("requests");
        });
        assertThat(quotas.admit(new Quotas.Turn("app-w3", "web", "u4", null))).isEmpty();
    }
}
