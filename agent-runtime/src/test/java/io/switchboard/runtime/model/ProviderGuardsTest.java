package io.switchboard.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.switchboard.runtime.security.Secret;
import io.switchboard.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The Resilience4j wiring of {@link ProviderGuards}: what counts against a provider, and what an open or full guard does. */
class ProviderGuardsTest {
    private static final ProviderLimits SMALL_WINDOW =
            new ProviderLimits(50, 4, 2, Duration.ofSeconds(30), 1, Duration.ZERO, Duration.ofMinutes(5));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T00:00:00Z"));
    private final List<String> transitions = new CopyOnWriteArrayList<>();
    private final ProviderGuards guards = new ProviderGuards(clock, new ModelEvents() {
        @Override
        public void breakerChanged(String providerId, String from, String to) {
            transitions.add(providerId + ":" + from + "->" + to);
        }
    });

    private static ProviderConfig provider(ProviderLimits limits, Secret... keys) {
        return new ProviderConfig(
                "p",
                "P",
                ProviderKind.OPENAI_COMPATIBLE,
                "http://127.0.0.1:1/v1",
                keys.length == 0 ? null : keys[0],
                Duration.ofSeconds(5),
                0,
                keys.length <= 1 ? List.of() : List.of(keys).subList(1, keys.length),
                limits);
    }

    private static ModelFailure failure(int status) {
        return new ModelFailure(
                "provider 'p' failed (HTTP " + status + ")", status == 429 || status >= 500, status, null);
    }

    private static void fail(ProviderGuards.Guard guard, ProviderConfig provider, int status) {
        catchThrowableOfType(
                ModelFailure.class,
                () -> guard.call(provider, () -> {
                    throw failure(status);
                }));
    }

    @Test
    void should_open_after_server_errors_reach_the_failure_rate_and_refuse_calls_without_making_them() {
        ProviderConfig provider = provider(SMALL_WINDOW);
        ProviderGuards.Guard guard = guards.of(provider);
        fail(guard, provider, 500);
        fail(guard, provider, 503);

        AtomicInteger made = new AtomicInteger();
        ModelFailure refused =
                catchThrowableOfType(ModelFailure.class, () -> guard.call(provider, made::incrementAndGet));

        assertThat(guard.state()).isEqualTo("open");
        assertThat(made).hasValue(0);
        assertThat(refused.retriable()).isTrue();
        assertThat(FailureMapper.reason(refused)).isEqualTo(FailoverReason.CIRCUIT_OPEN);
        assertThat(refused.getMessage()).contains("circuit breaker is open");
        assertThat(transitions).containsExactly("p:closed->open");
    }

    @Test
    void should_let_a_trial_call_through_once_the_open_duration_passed_and_close_when_it_succeeds() {
        ProviderConfig provider = provider(SMALL_WINDOW);
        ProviderGuards.Guard guard = guards.of(provider);
        fail(guard, provider, 500);
        fail(guard, provider, 500);
        assertThat(guard.state()).isEqualTo("open");

        clock.advance(Duration.ofSeconds(31));
        assertThat(guard.call(provider, () -> "ok")).isEqualTo("ok");
        guard.call(provider, () -> "ok");

        assertThat(guard.state()).isEqualTo("closed");
        assertThat(transitions).containsExactly("p:closed->open", "p:open->half_open", "p:half_open->closed");
    }

    @Test
    void should_not_count_rejected_keys_rate_limits_or_refused_input_against_the_provider() {
        ProviderConfig provider = provider(SMALL_WINDOW);
        ProviderGuards.Guard guard = guards.of(provider);
        for (int status : new int[] {401, 403, 429, 400, 429, 401}) {
            fail(guard, provider, status);
        }
        assertThat(guard.state()).isEqualTo("closed");
    }

    @Test
    void should_count_timeouts_and_broken_connections_against_the_provider() {
        ProviderConfig provider = provider(SMALL_WINDOW);
        ProviderGuards.Guard guard = guards.of(provider);
        for (int i = 0; i < 2; i++) {
            catchThrowableOfType(
                    ModelFailure.class,
                    () -> guard.call(provider, () -> {
                        throw new ModelFailure("provider 'p' timed out after 5000 ms", true, 0, null);
                    }));
        }
        assertThat(guard.state()).isEqualTo("open");
    }

    @Test
    void should_fail_at_once_as_busy_when_the_concurrency_limit_is_full() throws Exception {
        ProviderConfig provider = provider(SMALL_WINDOW);
        ProviderGuards.Guard guard = guards.of(provider);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = Thread.ofVirtual()
                .start(() -> guard.call(provider, () -> {
                    inside.countDown();
                    try {
                        return release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        ModelFailure busy = catchThrowableOfType(ModelFailure.class, () -> guard.call(provider, () -> "second"));
        release.countDown();
        first.join(Duration.ofSeconds(10));

        assertThat(FailureMapper.reason(busy)).isEqualTo(FailoverReason.BUSY);
        assertThat(busy.getMessage()).contains("1 calls in flight");
        // The slot is free again, and a busy refusal is no failure of the provider.
        assertThat(guard.call(provider, () -> "third")).isEqualTo("third");
        assertThat(guard.state()).isEqualTo("closed");
    }

    @Test
    void should_keep_the_state_while_limits_and_keys_stay_and_start_afresh_when_they_change() {
        ProviderConfig provider = provider(SMALL_WINDOW, Secret.of("key-a"));
        ProviderGuards.Guard guard = guards.of(provider);
        fail(guard, provider, 500);
        fail(guard, provider, 500);

        assertThat(guards.of(provider(SMALL_WINDOW, Secret.of("key-a")))).isSameAs(guard);
        ProviderGuards.Guard rekeyed = guards.of(provider(SMALL_WINDOW, Secret.of("key-a"), Secret.of("key-b")));
        assertThat(rekeyed).isNotSameAs(guard);
        assertThat(rekeyed.state()).isEqualTo("closed");
        guards.invalidate("p");
        assertThat(guards.of(provider(SMALL_WINDOW, Secret.of("key-a"), Secret.of("key-b"))))
                .isNotSameAs(rekeyed);
    }

    @Test
    void should_hand_out_keys_round_robin_and_skip_a_cooling_key_until_its_time_is_up() {
        KeyRing ring = new KeyRing(List.of(Secret.of("a"), Secret.of("b"), Secret.of("c")), clock);
        assertThat(List.of(
                        ring.take().index(),
                        ring.take().index(),
                        ring.take().index(),
                        ring.take().index()))
                .containsExactly(0, 1, 2, 0);

        ring.coolDown(1, Duration.ofSeconds(10));
        assertThat(List.of(ring.take().index(), ring.take().index(), ring.take().index()))
                .doesNotContain(1);

        ring.coolDown(0, Duration.ofSeconds(5));
        ring.coolDown(2, Duration.ofSeconds(20));
        assertThat(ring.take()).isNull();
        assertThat(ring.untilFirstBack()).isEqualTo(Duration.ofSeconds(5));

        clock.advance(Duration.ofSeconds(5));
        assertThat(ring.take().index()).isEqualTo(0);
        // A shorter cool-down never cuts a longer one short.
        ring.coolDown(2, Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(6));
        assertThat(List.of(ring.take().index(), ring.take().index(), ring.take().index()))
                .containsOnly(0, 1);
    }

    @Test
    void should_read_retry_after_as_seconds_or_an_http_date() {
        Instant now = Instant.parse("2026-12-06T00:00:00Z");
        assertThat(ProviderHttpException.parseRetryAfter("7", now)).isEqualTo(Duration.ofSeconds(7));
        assertThat(ProviderHttpException.parseRetryAfter("Sun, 06 Dec 2026 00:00:30 GMT", now))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(ProviderHttpException.parseRetryAfter("999999", now)).isEqualTo(Duration.ofHours(1));
        assertThat(ProviderHttpException.parseRetryAfter("soon", now)).isNull();
        assertThat(ProviderHttpException.parseRetryAfter(null, now)).isNull();
    }
}
