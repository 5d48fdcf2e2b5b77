package io.switchboard.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.runtime.durable.DurableKeyStore;
import io.switchboard.runtime.security.SecretBox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The durable keys (V7) through {@link DurableKeyStore}: written once, run on H2 and PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DurableKeyContract {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    protected Database database;
    private DurableKeyStore keys;

    protected abstract DatabaseConfig config();

    @BeforeAll
    void open() {
        database = Database.open(config(), SecretBox.fromBase64(SecretBox.generateKeyBase64()), new TestClock());
        keys = database.durableKeys();
    }

    @AfterAll
    void close() {
        if (database != null) {
            database.close();
        }
    }

    private static String name() {
        return "telegram-update:ch_test:" + UUID.randomUUID();
    }

    @Test
    void should_store_a_key_once_and_refuse_it_while_it_lives() {
        String name = name();

        assertThat(keys.putIfAbsent(name, "1", Duration.ofHours(25))).isTrue();
        assertThat(keys.putIfAbsent(name, "2", Duration.ofHours(25))).isFalse();
        assertThat(keys.get(name)).contains("1");
    }

    @Test
    void should_let_an_expired_key_be_taken_again_and_read_it_as_absent() {
        String name = name();
        keys.putIfAbsent(name, "old", Duration.ofMinutes(5));

        now.updateAndGet(t -> t.plus(Duration.ofMinutes(5)));

        assertThat(keys.get(name)).isEmpty();
        assertThat(keys.putIfAbsent(name, "new", Duration.ofMinutes(5))).isTrue();
        assertThat(keys.get(name)).contains("new");
    }

    @Test
    void should_replace_a_value_with_put() {
        String name = "telegram-offset:" + UUID.randomUUID();

        keys.put(name, "41", Duration.ofDays(30));
        keys.put(name, "42", Duration.ofDays(30));

        assertThat(keys.get(name)).contains("42");
        assertThat(keys.get("telegram-offset:never-stored")).isEmpty();
    }

    @Test
    void should_delete_expired_keys_only() {
        String shortLived = name();
        String longLived = name();
        keys.putIfAbsent(shortLived, "1", Duration.ofSeconds(30));
        keys.putIfAbsent(longLived, "1", Duration.ofDays(1));

        now.updateAndGet(t -> t.plus(Duration.ofMinutes(1)));

        assertThat(keys.deleteExpired()).isGreaterThanOrEqualTo(1);
        assertThat(keys.putIfAbsent(shortLived, "2", Duration.ofDays(1))).isTrue();
        assertThat(keys.get(longLived)).contains("1");
    }

    @Test
    void should_let_exactly_one_of_many_concurrent_callers_claim_a_key() throws Exception {
        String name = name();
        List<Callable<Boolean>> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String value = Integer.toString(i);
            claims.add(() -> keys.putIfAbsent(name, value, Duration.ofHours(1)));
        }
        int won = 0;
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            for (Future<Boolean> claim : threads.invokeAll(claims)) {
                won += claim.get() ? 1 : 0;
            }
        }

        assertThat(won).isEqualTo(1);
    }

    @Test
    void should_list_live_keys_by_name_and_content_prefix_literally() {
        String prefix = "telegram-update:ch_" + UUID.randomUUID() + ":";
        keys.putIfAbsent(prefix + "1", "inflight:{\"a\":1}", Duration.ofHours(2));
        keys.putIfAbsent(prefix + "2", "1", Duration.ofHours(2));
        keys.putIfAbsent(prefix + "3", "inflight:{\"a\":3}", Duration.ofHours(1));
        keys.putIfAbsent(prefix + "4", "inflight:{}", Duration.ofSeconds(30));
        // '_' and '%' must match only themselves: a look-alike prefix is not listed.
        keys.putIfAbsent(prefix.replace("ch_", "chX"), "inflight:{}", Duration.ofHours(1));
        keys.putIfAbsent(prefix + "5", "inflightX", Duration.ofHours(1));

        now.updateAndGet(t -> t.plus(Duration.ofMinutes(1)));

        assertThat(keys.list(prefix, "inflight:", 10))
                .containsExactly(
                        new DurableKeyStore.Entry(prefix + "3", "inflight:{\"a\":3}"),
                        new DurableKeyStore.Entry(prefix + "1", "inflight:{\"a\":1}"));
        assertThat(keys.list(prefix, "inflight:", 1))
                .extracting(DurableKeyStore.Entry::name)
                .containsExactly(prefix + "3");
        assertThat(keys.list(prefix, "", 10)).hasSize(4);
        assertThatThrownBy(() -> keys.list(prefix, "", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
    }

    @Test
    void should_refuse_names_and_values_that_do_not_fit() {
        assertThatThrownBy(() -> keys.putIfAbsent("", "1", Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> keys.put("k".repeat(256), "1", Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> keys.put(name(), "v".repeat(DurableKeyStore.MAX_CONTENT_LENGTH + 1), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("content");
        // The longest value fits the column (a whole Telegram update with its in-flight record).
        String longest = name();
        keys.put(longest, "v".repeat(DurableKeyStore.MAX_CONTENT_LENGTH), Duration.ofHours(1));
        assertThat(keys.get(longest))
                .hasValueSatisfying(v -> assertThat(v).hasSize(DurableKeyStore.MAX_CONTENT_LENGTH));
        assertThatThrownBy(() -> keys.put(name(), "1", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl");
    }

    /** Time the tests move on by hand. */
    private final class TestClock extends Clock {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
