package io.switchboard.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.runtime.memory.ChatEntry;
import io.switchboard.runtime.memory.HazelcastConversationMemory;
import io.switchboard.runtime.security.SecretBox;
import io.switchboard.runtime.store.Database;
import io.switchboard.runtime.store.DatabaseConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real members whose network is cut (each takes the other for dead: a split brain) and restored (the
 * halves merge): a conversation continued on both halves keeps both halves' exchanges, in the cluster and in
 * the database. With Hazelcast's default merge policy one half's exchanges are lost.
 */
class ConversationSplitBrainTest {
    private static final ChatEntry HELLO = new ChatEntry(ChatEntry.Role.USER, "Hello");
    private static final ChatEntry HI = new ChatEntry(ChatEntry.Role.ASSISTANT, "Hi, how can I help?");
    private static final List<ChatEntry> ON_A = List.of(
            new ChatEntry(ChatEntry.Role.USER, "Where is my order?"),
            new ChatEntry(ChatEntry.Role.ASSISTANT, "It ships today."));
    private static final List<ChatEntry> ON_B = List.of(
            new ChatEntry(ChatEntry.Role.USER, "Can I pay by card?"),
            new ChatEntry(ChatEntry.Role.ASSISTANT, "Yes, any card."));

    @TempDir
    Path dir;

    private final SecretBox box = SecretBox.fromBase64(SecretBox.generateKeyBase64());
    private final List<HazelcastInstance> members = new ArrayList<>();
    private final List<LoopbackTcpProxy> proxies = new ArrayList<>();
    private Database database;

    @BeforeEach
    void openDatabase() {
        database = Database.open(new DatabaseConfig("jdbc:h2:file:" + dir.resolve("db"), "sa", null, 4), box);
    }

    @AfterEach
    void stop() {
        members.forEach(m -> m.getLifecycleService().terminate());
        proxies.forEach(LoopbackTcpProxy::close);
        database.close();
    }

    @Test
    void should_keep_both_sides_exchanges_of_a_conversation_when_a_split_brain_merges() {
        String name = "split-" + UUID.randomUUID();
        int portA = freePort();
        int portB = freePort();
        LoopbackTcpProxy toA = proxy(portA);
        LoopbackTcpProxy toB = proxy(portB);
        String all = "127.0.0.1:" + toA.port() + ",127.0.0.1:" + toB.port();
        HazelcastInstance a = start(name, all, portA, toA.port());
        HazelcastInstance b = start(name, all, portB, toB.port());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> a.getCluster().getMembers().size() == 2);
        String conversation = "live:app:split";
        memory(a).append(conversation, List.of(HELLO, HI), 10);

        // given a split brain: each member takes the other for dead and carries on alone
        toA.block();
        toB.block();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> a.getCluster().getMembers().size() == 1
                        && b.getCluster().getMembers().size() == 1);
        // when the conversation goes on in both halves
        memory(a).append(conversation, ON_A, 10);
        memory(b).append(conversation, ON_B, 10);
        assertThat(memory(b).recent(conversation, 10)).containsExactly(HELLO, HI, ON_B.get(0), ON_B.get(1));
        // and the network comes back: the halves merge
        toA.unblock();
        toB.unblock();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> a.getCluster().getMembers().size() == 2
                        && b.getCluster().getMembers().size() == 2);

        // then both halves' exchanges are remembered, by every member
        List<ChatEntry> expected = new ArrayList<>(List.of(HELLO, HI));
        expected.addAll(ON_A);
        expected.addAll(ON_B);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(memory(a).recent(conversation, 10)).containsExactlyInAnyOrderElementsOf(expected));
        assertThat(memory(b).recent(conversation, 10)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(memory(b).recent(conversation, 10)).containsSubsequence(ON_A).containsSubsequence(ON_B);

        // and so does the database (write-through): a cluster started afresh loads the merged window
        members.forEach(m -> m.getLifecycleService().terminate());
        members.clear();
        HazelcastInstance fresh = start("split-" + UUID.randomUUID(), "", freePort(), 0);
        assertThat(memory(fresh).recent(conversation, 10)).containsExactlyInAnyOrderElementsOf(expected);
    }

    private HazelcastConversationMemory memory(HazelcastInstance member) {
        return HazelcastConversationMemory.create(member, HazelcastConversationMemory.DEFAULT_MAP_NAME, box);
    }

    private LoopbackTcpProxy proxy(int target) {
        LoopbackTcpProxy proxy = LoopbackTcpProxy.to(target);
        proxies.add(proxy);
        return proxy;
    }

    /** A member that others reach through {@code publicPort} (0: directly), split-brain checks every second. */
    private HazelcastInstance start(String name, String membersList, int port, int publicPort) {
        var cluster = new GatewayConfig.Cluster(
                Path.of("../config/hazelcast.yaml"), name, membersList, port, "127.0.0.1", Duration.ZERO);
        Config config = HazelcastMember.config(cluster, name + "-" + members.size(), database.conversations(), box);
        config.getNetworkConfig().setPortAutoIncrement(false);
        if (publicPort != 0) {
            config.getNetworkConfig().setPublicAddress("127.0.0.1:" + publicPort);
        }
        config.getNetworkConfig().getJoin().getTcpIpConfig().setConnectionTimeoutSeconds(2);
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "4");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "2");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "2");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        members.add(member);
        return member;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
