package io.switchboard.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.runtime.memory.ChatEntry;
import io.switchboard.runtime.memory.ConversationMapStore;
import io.switchboard.runtime.memory.ConversationStore;
import io.switchboard.runtime.memory.HazelcastConversationMemory;
import io.switchboard.runtime.security.SecretBox;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Conversation memory in the database (V20) and through Hazelcast's map store: run on H2 and PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConversationStoreContract {
    private static final Duration DAY = Duration.ofDays(1);
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    protected Database database;
    private ConversationStore store;

    protected abstract DatabaseConfig config();

    @BeforeAll
    void open() {
        database = Database.open(config(), SecretBox.fromBase64(SecretBox.generateKeyBase64()), new TestClock());
        store = database.conversations();
    }

    @AfterAll
    void close() {
        if (database != null) {
            database.close();
        }
    }

    private static String key() {
        return "live:app:" + UUID.randomUUID();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void should_load_what_was_stored_and_the_latest_replacement() {
        String key = key();

        store.store(key, bytes("first"));
        store.store(key, bytes("second"));

        assertThat(store.load(key, DAY)).isEqualTo(bytes("second"));
        assertThat(store.load(key(), DAY)).isNull();
    }

    @Test
    void should_load_and_store_several_at_once_and_delete_them() {
        String a = key();
        String b = key();
        store.storeAll(Map.of(a, bytes("a"), b, bytes("b")));

        Map<String, byte[]> loaded = store.loadAll(List.of(a, b, key()), DAY);

        assertThat(loaded).containsOnlyKeys(a, b);
        assertThat(loaded.get(b)).isEqualTo(bytes("b"));
        store.deleteAll(List.of(a, b));
        assertThat(store.loadAll(List.of(a, b), DAY)).isEmpty();
    }

    @Test
    void should_update_known_and_insert_new_conversations_in_one_batch() {
        String known = key();
        String other = key();
        store.storeAll(Map.of(known, bytes("old"), other, bytes("other")));
        String fresh = key();

        // A write-behind batch: some conversations have a row already, some are new.
        store.storeAll(Map.of(known, bytes("new"), fresh, bytes("fresh")));

        Map<String, byte[]> loaded = store.loadAll(List.of(known, other, fresh), DAY);
        assertThat(loaded).containsOnlyKeys(known, other, fresh);
        assertThat(loaded.get(known)).isEqualTo(bytes("new"));
        assertThat(loaded.get(other)).isEqualTo(bytes("other"));
        assertThat(loaded.get(fresh)).isEqualTo(bytes("fresh"));
    }

    @Test
    void should_forget_a_conversation_idle_past_the_limit_and_delete_it() {
        String idle = key();
        store.store(idle, bytes("old"));
        now.set(now.get().plus(Duration.ofHours(25)));
        String fresh = key();
        store.store(fresh, bytes("new"));

        assertThat(store.load(idle, DAY)).as("idle past a day").isNull();
        assertThat(store.load(idle, Duration.ZERO)).as("no limit").isEqualTo(bytes("old"));
        assertThat(store.deleteIdle(DAY)).isGreaterThanOrEqualTo(1);
        assertThat(store.load(idle, Duration.ZERO)).isNull();
        assertThat(store.load(fresh, DAY)).isEqualTo(bytes("new"));
    }

    @Test
    void should_refuse_an_empty_or_too_long_key() {
        assertThatThrownBy(() -> store.store("", bytes("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.store("k".repeat(ConversationStore.MAX_KEY_LENGTH + 1), bytes("x")))
                .hasMessageContaining("1-512");
    }

    @Test
    void should_remember_the_window_after_the_whole_cluster_restarts() {
        String cluster = "memory-store-" + UUID.randomUUID();
        String key = key();
        HazelcastInstance member = member(cluster);
        // The map (and so the database) holds sealed values under hashed keys: both members share the key.
        SecretBox masterKey = SecretBox.fromBase64(SecretBox.generateKeyBase64());
        try {
            HazelcastConversationMemory memory = HazelcastConversationMemory.create(member, "conversations", masterKey);
            memory.append(key, List.of(user("hello"), assistant("hi")), 3);
            memory.append(key, List.of(user("how are you?"), assistant("fine")), 3);
        } finally {
            member.shutdown();
        }

        HazelcastInstance restarted = member(cluster);
        try {
            HazelcastConversationMemory memory =
                    HazelcastConversationMemory.create(restarted, "conversations", masterKey);
            assertThat(memory.recent(key, 10))
                    .containsExactly(assistant("hi"), user("how are you?"), assistant("fine"));
            memory.clear(key);
        } finally {
            restarted.shutdown();
        }
        HazelcastInstance again = member(cluster);
        try {
            assertThat(HazelcastConversationMemory.create(again, "conversations", masterKey)
                            .recent(key, 10))
                    .as("cleared in the database too")
                    .isEmpty();
        } finally {
            again.shutdown();
        }
    }

    private HazelcastInstance member(String cluster) {
        Config config = new Config().setClusterName(cluster);
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        var join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        config.getMapConfig("conversations")
                .setMapStoreConfig(new MapStoreConfig()
                        .setEnabled(true)
                        .setWriteDelaySeconds(0)
                        .setImplementation(ConversationMapStore.create(store, DAY)));
        return Hazelcast.newHazelcastInstance(config);
    }

    private static ChatEntry user(String text) {
        return new ChatEntry(ChatEntry.Role.USER, text);
    }

    private static ChatEntry assistant(String text) {
        return new ChatEntry(ChatEntry.Role.ASSISTANT, text);
    }

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
