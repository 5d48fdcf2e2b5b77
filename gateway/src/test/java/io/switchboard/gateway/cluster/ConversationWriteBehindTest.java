package io.switchboard.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * Conversation memory written behind to the database (the default) or through it: when a change reaches
 * the database, and that neither a graceful shutdown nor the crash of the member owning a conversation
 * loses it.
 */
class ConversationWriteBehindTest {
    private static final Duration DAY = Duration.ofDays(1);
    private static final List<ChatEntry> TURN = List.of(
            new ChatEntry(ChatEntry.Role.USER, "Where is my order?"),
            new ChatEntry(ChatEntry.Role.ASSISTANT, "It ships today."));

    @TempDir
    Path dir;

    private final SecretBox box = SecretBox.fromBase64(SecretBox.generateKeyBase64());
    private final List<HazelcastInstance> members = new ArrayList<>();
    private Database database;

    @BeforeEach
    void openDatabase() {
        database = Database.open(new DatabaseConfig("jdbc:h2:file:" + dir.resolve("db"), "sa", null, 4), box);
    }

    @AfterEach
    void stop() {
        members.forEach(m -> m.getLifecycleService().terminate());
        database.close();
    }

    @Test
    void should_write_a_change_through_before_the_append_returns_when_the_delay_is_zero() {
        HazelcastConversationMemory memory = memory(start(cluster(Duration.ZERO, "", freePort())));
        memory.append("live:app:one", TURN, 10);
        assertThat(database.conversations().load(box.keyedName("live:app:one"), DAY))
                .isNotNull();
    }

    @Test
    void should_write_a_change_behind_and_flush_it_on_a_graceful_shutdown() {
        HazelcastInstance member = start(cluster(Duration.ofSeconds(60), "", freePort()));
        memory(member).append("live:app:two", TURN, 10);
        String key = box.keyedName("live:app:two");
        assertThat(database.conversations().load(key, DAY))
                .as("a minute's delay: not written yet")
                .isNull();

        member.shutdown();
        members.remove(member);

        assertThat(database.conversations().load(key, DAY)).isNotNull();
        assertThat(memory(start(cluster(Duration.ofSeconds(60), "", freePort())))
                        .recent("live:app:two", 10))
                .containsExactlyElementsOf(TURN);
    }

    @Test
    void should_write_a_change_queued_on_a_member_that_crashed_from_its_backup() {
        String name = "write-behind-" + UUID.randomUUID();
        int first = freePort();
        int second = freePort();
        String all = "127.0.0.1:" + first + ",127.0.0.1:" + second;
        HazelcastInstance a = start(cluster(name, Duration.ofSeconds(1), all, first));
        HazelcastInstance b = start(cluster(name, Duration.ofSeconds(1), all, second));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> a.getCluster().getMembers().size() == 2);
        // A conversation owned by a: its queued write lives on a and, as a backup, on b.
        String conversation = ownedBy(a, "live:app:crash-");
        memory(b).append(conversation, TURN, 10);

        a.getLifecycleService().terminate();
        members.remove(a);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> database.conversations().load(box.keyedName(conversation), DAY) != null);
        assertThat(memory(b).recent(conversation, 10)).containsExactlyElementsOf(TURN);
    }

    @Test
    void should_lose_nothing_queued_when_the_whole_cluster_stops_gracefully_and_starts_again() {
        String name = "write-behind-" + UUID.randomUUID();
        int first = freePort();
        int second = freePort();
        String all = "127.0.0.1:" + first + ",127.0.0.1:" + second;
        // A minute's delay: nothing is written before the stop, so only the shutdown's flush can save it.
        HazelcastInstance a = start(cluster(name, Duration.ofSeconds(60), all, first));
        HazelcastInstance b = start(cluster(name, Duration.ofSeconds(60), all, second));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> a.getCluster().getMembers().size() == 2);
        String onA = ownedBy(a, "live:app:restart-a-");
        String onB = ownedBy(b, "live:app:restart-b-");
        memory(b).append(onA, TURN, 10);
        memory(a).append(onB, TURN, 10);
        assertThat(database.conversations().load(box.keyedName(onA), DAY)).isNull();

        // One member after the other, as a rolling stop of every node does it: the first hands its
        // partitions (and their queued writes) to the second, which flushes everything when it stops.
        a.shutdown();
        members.remove(a);
        b.shutdown();
        members.remove(b);

        assertThat(database.conversations().load(box.keyedName(onA), DAY)).isNotNull();
        assertThat(database.conversations().load(box.keyedName(onB), DAY)).isNotNull();
        HazelcastConversationMemory restarted = memory(start(cluster(Duration.ofSeconds(60), "", freePort())));
        assertThat(restarted.recent(onA, 10)).containsExactlyElementsOf(TURN);
        assertThat(restarted.recent(onB, 10)).containsExactlyElementsOf(TURN);
    }

    private String ownedBy(HazelcastInstance member, String prefix) {
        for (int i = 0; ; i++) {
            String conversation = prefix + i;
            var owner = member.getPartitionService()
                    .getPartition(box.keyedName(conversation))
                    .getOwner();
            if (owner != null && owner.localMember()) {
                return conversation;
            }
        }
    }

    private HazelcastConversationMemory memory(HazelcastInstance member) {
        return HazelcastConversationMemory.create(member, HazelcastConversationMemory.DEFAULT_MAP_NAME, box);
    }

    private HazelcastInstance start(GatewayConfig.Cluster cluster) {
        HazelcastInstance member = HazelcastMember.start(
                cluster, cluster.clusterName() + "-" + members.size(), database.conversations(), box);
        members.add(member);
        return member;
    }

    private static GatewayConfig.Cluster cluster(Duration writeDelay, String members, int port) {
        return cluster("write-behind-" + UUID.randomUUID(), writeDelay, members, port);
    }

    private static GatewayConfig.Cluster cluster(String name, Duration writeDelay, String members, int port) {
        return new GatewayConfig.Cluster(
                Path.of("../config/hazelcast.yaml"), name, members, port, "127.0.0.1", writeDelay);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
