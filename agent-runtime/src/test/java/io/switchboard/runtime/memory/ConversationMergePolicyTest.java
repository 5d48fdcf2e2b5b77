package io.switchboard.runtime.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import com.hazelcast.map.MapStoreAdapter;
import io.switchboard.runtime.security.SecretBox;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two real Hazelcast members that hold one conversation apart (each the whole cluster on its side, as
 * after a live member was taken for dead) and then find each other: Hazelcast's split-brain handler merges
 * the smaller cluster into the other through the map's merge policy.
 */
class ConversationMergePolicyTest {
    private static final SecretBox BOX = SecretBox.fromBase64(SecretBox.generateKeyBase64());
    private static final String MAP = "conversations-split";
    private final List<HazelcastInstance> members = new ArrayList<>();
    private final Map<String, byte[]> stored = new ConcurrentHashMap<>();
    private final CountDownLatch merged = new CountDownLatch(1);

    @AfterEach
    void stop() {
        members.forEach(HazelcastInstance::shutdown);
    }

    @Test
    void should_keep_both_sides_exchanges_when_the_two_sides_merge() throws IOException {
        List<ChatEntry> merged = splitWriteAndMerge(true);

        assertThat(merged)
                .containsSubsequence(user("before"), assistant("shared"))
                .containsSubsequence(user("on a"), assistant("answer a"))
                .containsSubsequence(user("on b"), assistant("answer b"));
        assertThat(merged).filteredOn(user("before")::equals).hasSize(1);
        // The merged value went through the map store like any put.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(storedConversation()).contains(user("on a"), user("on b")));
    }

    /** Why the policy exists: with Hazelcast's default one side's exchange is gone after the merge. */
    @Test
    void should_lose_one_sides_exchange_with_hazelcasts_default_policy() throws IOException {
        List<ChatEntry> merged = splitWriteAndMerge(false);

        assertThat(merged).containsSubsequence(user("before"), assistant("shared"));
        assertThat(merged.contains(user("on a")) && merged.contains(user("on b")))
                .as("both sides kept: " + merged)
                .isFalse();
    }

    @Test
    void should_union_windows_by_exchange_and_ignore_a_trimmed_copy_of_a_kept_exchange() {
        List<ChatEntry> kept =
                List.of(assistant("old answer"), user("q1"), assistant("a1"), user("k"), assistant("ka"));
        List<ChatEntry> other = List.of(assistant("a1"), user("o"), assistant("oa"), user("o"), assistant("oa"));

        assertThat(ConversationMergePolicy.union(kept, other))
                .containsExactly(
                        assistant("old answer"),
                        user("q1"),
                        assistant("a1"),
                        user("k"),
                        assistant("ka"),
                        user("o"),
                        assistant("oa"),
                        user("o"),
                        assistant("oa"));
    }

    /** Both members start apart, write the same earlier exchange and one of their own, then merge. */
    private List<ChatEntry> splitWriteAndMerge(boolean unionPolicy) throws IOException {
        String cluster = "split-" + UUID.randomUUID();
        int portA = freePort();
        int portB = freePort();
        // Each member starts knowing only itself, so each is a whole cluster; once both sides have written,
        // A is told B's address (its TCP-IP joiner reads the member list on every search), and A's
        // split-brain handler finds B and merges the two clusters: no write can land after the merge.
        Config configA = config(cluster, portA, List.of(portA), unionPolicy);
        HazelcastInstance a = start(configA);
        HazelcastInstance b = start(config(cluster, portB, List.of(portB), unionPolicy));
        assertThat(a.getCluster().getMembers()).hasSize(1);
        assertThat(b.getCluster().getMembers()).hasSize(1);

        ConversationMemory onA = HazelcastConversationMemory.create(a, MAP, BOX);
        ConversationMemory onB = HazelcastConversationMemory.create(b, MAP, BOX);
        onA.append("app:c1", List.of(user("before"), assistant("shared")), 20);
        onB.append("app:c1", List.of(user("before"), assistant("shared")), 20);
        onA.append("app:c1", List.of(user("on a"), assistant("answer a")), 20);
        onB.append("app:c1", List.of(user("on b"), assistant("answer b")), 20);

        assertThat(a.getCluster().getMembers())
                .as("still apart after the writes")
                .hasSize(1);
        configA.getNetworkConfig().getJoin().getTcpIpConfig().addMember("127.0.0.1:" + portB);
        // The member of the smaller cluster fires MERGED after its entries' merge operations have run.
        await().atMost(Duration.ofSeconds(90)).until(() -> merged.getCount() == 0);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> a.getCluster().getMembers().size() == 2
                        && b.getCluster().getMembers().size() == 2
                        && a.getPartitionService().isClusterSafe());
        assertThat(onA.recent("app:c1", 20)).isEqualTo(onB.recent("app:c1", 20));
        return onA.recent("app:c1", 20);
    }

    private Config config(String cluster, int port, List<Integer> known, boolean unionPolicy) {
        Config config = new Config().setClusterName(cluster).setInstanceName(cluster + "-" + port);
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "2");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "1");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.addListenerConfig(new ListenerConfig((LifecycleListener) event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                merged.countDown();
            }
        }));
        var network = config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        var join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        var tcp = join.getTcpIpConfig().setEnabled(true);
        known.forEach(p -> tcp.addMember("127.0.0.1:" + p));
        config.getMapConfig(MAP)
                .setMapStoreConfig(new MapStoreConfig()
                        .setEnabled(true)
                        .setWriteDelaySeconds(0)
                        .setImplementation(new MapStoreAdapter<String, byte[]>() {
                            @Override
                            public void store(String key, byte[] value) {
                                stored.put(key, value);
                            }
                        }));
        if (unionPolicy) {
            ConversationMergePolicy.install(config, MAP, BOX);
        }
        return config;
    }

    private List<ChatEntry> storedConversation() {
        String key = BOX.keyedName("app:c1");
        byte[] value = stored.get(key);
        return value == null
                ? List.of()
                : ConversationCodec.decodeLast(BOX.openBytes(value, key.getBytes(StandardCharsets.UTF_8)), 100);
    }

    private HazelcastInstance start(Config config) {
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        members.add(member);
        return member;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static ChatEntry user(String text) {
        return new ChatEntry(ChatEntry.Role.USER, text);
    }

    private static ChatEntry assistant(String text) {
        return new ChatEntry(ChatEntry.Role.ASSISTANT, text);
    }
}
