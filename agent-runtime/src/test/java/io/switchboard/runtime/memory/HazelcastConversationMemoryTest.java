package io.switchboard.runtime.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.runtime.security.SecretBox;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HazelcastConversationMemoryTest {
    private static HazelcastInstance first;
    private static HazelcastInstance second;
    private static final SecretBox BOX = SecretBox.fromBase64(SecretBox.generateKeyBase64());

    @BeforeAll
    static void startTwoMembers() {
        String cluster = "memory-test-" + UUID.randomUUID();
        first = Hazelcast.newHazelcastInstance(config(cluster));
        second = Hazelcast.newHazelcastInstance(config(cluster));
    }

    private static Config config(String cluster) {
        Config config = new Config().setClusterName(cluster);
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        var join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        config.getNetworkConfig().setPort(5900).setPortAutoIncrement(true);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        return config;
    }

    @AfterAll
    static void stop() {
        second.shutdown();
        first.shutdown();
    }

    @Test
    void should_show_on_one_member_what_another_member_remembered() {
        ConversationMemory onFirst = HazelcastConversationMemory.create(first, "conversations-a", BOX);
        ConversationMemory onSecond = HazelcastConversationMemory.create(second, "conversations-a", BOX);

        onFirst.append("app:c1", List.of(user("hello"), assistant("hi there")), 10);

        assertThat(second.getCluster().getMembers()).hasSize(2);
        assertThat(onSecond.recent("app:c1", 10)).containsExactly(user("hello"), assistant("hi there"));
        assertThat(onSecond.recent("app:unknown", 10)).isEmpty();
    }

    @Test
    void should_keep_text_in_any_script_and_empty_text_intact() {
        ConversationMemory memory = HazelcastConversationMemory.create(first, "conversations-text", BOX);
        String mixed = "订单 #42 在哪里？ 🚚 café\n\tline two";

        memory.append("k", List.of(user(mixed), assistant("")), 10);

        assertThat(memory.recent("k", 10)).containsExactly(user(mixed), assistant(""));
    }

    @Test
    void should_keep_only_the_newest_entries() {
        ConversationMemory memory = HazelcastConversationMemory.create(first, "conversations-b", BOX);
        for (int i = 0; i < 6; i++) {
            memory.append("k", List.of(user("q" + i), assistant("a" + i)), 4);
        }

        assertThat(memory.recent("k", 10)).containsExactly(user("q4"), assistant("a4"), user("q5"), assistant("a5"));
        assertThat(memory.recent("k", 1)).containsExactly(assistant("a5"));
        assertThat(memory.recent("k", 0)).isEmpty();
    }

    @Test
    void should_not_lose_messages_when_two_members_append_to_one_conversation_at_once() throws Exception {
        ConversationMemory onFirst = HazelcastConversationMemory.create(first, "conversations-c", BOX);
        ConversationMemory onSecond = HazelcastConversationMemory.create(second, "conversations-c", BOX);
        List<Future<?>> writes = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                ConversationMemory memory = i % 2 == 0 ? onFirst : onSecond;
                String text = "m" + i;
                writes.add(threads.submit(() -> memory.append("shared", List.of(user(text)), 1000)));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        }

        assertThat(onSecond.recent("shared", 1000)).hasSize(100);
    }

    @Test
    void should_keep_what_another_member_stored_between_a_turns_read_and_its_append() {
        ConversationMemory onFirst = HazelcastConversationMemory.create(first, "conversations-e", BOX);
        ConversationMemory onSecond = HazelcastConversationMemory.create(second, "conversations-e", BOX);
        onFirst.append("turns", List.of(user("one"), assistant("1")), 10);
        assertThat(onFirst.recent("turns", 10)).hasSize(2); // the turn on the first member reads...
        onSecond.append("turns", List.of(user("two"), assistant("2")), 10); // ...another turn lands...

        onFirst.append("turns", List.of(user("three"), assistant("3")), 10); // ...then the first appends

        assertThat(onSecond.recent("turns", 10))
                .containsExactly(
                        user("one"), assistant("1"), user("two"), assistant("2"), user("three"), assistant("3"));
    }

    @Test
    void should_forget_a_cleared_conversation() {
        ConversationMemory memory = HazelcastConversationMemory.create(first, "conversations-d", BOX);
        memory.append("k", List.of(user("x")), 10);

        memory.clear("k");

        assertThat(memory.recent("k", 10)).isEmpty();
    }

    @Test
    void should_store_only_ciphertext_under_a_hashed_key() {
        ConversationMemory memory = HazelcastConversationMemory.create(first, "conversations-sealed", BOX);
        memory.append("app:wechat:o6_user-openid", List.of(user("my card number is 4111"), assistant("noted")), 10);

        IMap<String, byte[]> raw = second.getMap("conversations-sealed");
        assertThat(raw.keySet()).hasSize(1).noneMatch(key -> key.contains("openid"));
        String stored = new String(raw.values().iterator().next(), StandardCharsets.ISO_8859_1);
        assertThat(stored).doesNotContain("4111").doesNotContain("card").doesNotContain("noted");
        SecretBox otherKey = SecretBox.fromBase64(SecretBox.generateKeyBase64());
        ConversationMemory other = HazelcastConversationMemory.create(first, "conversations-sealed", otherKey);
        assertThat(other.recent("app:wechat:o6_user-openid", 10)).isEmpty();
        raw.put(
                otherKey.keyedName("app:wechat:o6_user-openid"),
                raw.values().iterator().next());
        assertThatThrownBy(() -> other.recent("app:wechat:o6_user-openid", 10))
                .isInstanceOf(IllegalStateException.class);
    }

    private static ChatEntry user(String text) {
        return new ChatEntry(ChatEntry.Role.USER, text);
    }

    private static ChatEntry assistant(String text) {
        return new ChatEntry(ChatEntry.Role.ASSISTANT, text);
    }
}
