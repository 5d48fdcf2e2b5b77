package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.Hazelcast;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.runtime.knowledge.KnowledgeEngine;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose start fails at a late step releases everything the earlier steps started: the database
 * file, the Hazelcast member, Vert.x's event loops, the pools' threads and the code sandbox's worker
 * processes. Checked from outside, as the next start on the same machine would see it.
 */
class GatewayStartFailureTest {
    /**
     * Starts and stops one node first, so that threads the JVM and libraries start once for everybody
     * (the virtual-thread scheduler, cleaners) are running before any test takes its snapshot.
     */
    @BeforeAll
    static void startAndStopOnce(@TempDir Path dir) throws Exception {
        TestGateways.single(dir).close();
    }

    @Test
    void should_release_everything_it_started_when_the_http_port_is_taken(@TempDir Path dir) throws Exception {
        // given a node configured for a port another socket holds
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            TestGateways.Cluster cluster = TestGateways.Cluster.create(dir);
            GatewayConfig config = TestGateways.config(dir, cluster, 0)
                    .http(new GatewayConfig.Http("127.0.0.1", taken.getLocalPort(), "", 1))
                    .build();
            Running before = Running.now();

            // when it starts: the last step, listening, fails
            assertThatThrownBy(() -> Gateway.start(config)).hasMessageContaining("Address already in use");

            // then nothing it started is left
            assertReleased(before, cluster, dir);
        }
    }

    @Test
    void should_release_everything_it_started_when_the_knowledge_engine_cannot_open(@TempDir Path dir)
            throws Exception {
        // given a node whose Milvus collection name is not one Milvus accepts
        TestGateways.Cluster cluster = TestGateways.Cluster.create(dir);
        GatewayConfig.Knowledge defaults = GatewayConfig.Knowledge.DEFAULT;
        GatewayConfig config = TestGateways.config(dir, cluster, 0)
                .knowledge(new GatewayConfig.Knowledge(
                        KnowledgeEngine.MILVUS,
                        "http://127.0.0.1:9",
                        "",
                        "not a collection name!",
                        defaults.maxUploadBytes(),
                        defaults.ingestionConcurrency(),
                        defaults.crawlMaxPages(),
                        defaults.crawlMaxDepth(),
                        defaults.allowlist(),
                        defaults.fetchMaxBytes(),
                        defaults.fetchTimeout()))
                .build();
        Running before = Running.now();

        // when it starts: the agent runtime's knowledge step fails, after the database, the cluster
        // member, Vert.x and the conversation log's writer started
        assertThatThrownBy(() -> Gateway.start(config)).hasMessageContaining("collectionPrefix");

        // then nothing it started is left, and the same node starts once the setting is fixed
        assertReleased(before, cluster, dir);
        Gateway fixed = Gateway.start(TestGateways.config(dir, cluster, 0).build());
        assertThat(fixed.port()).isPositive();
        fixed.close();
    }

    private static void assertReleased(Running before, TestGateways.Cluster cluster, Path dir) throws IOException {
        assertThat(Hazelcast.getAllHazelcastInstances())
                .noneMatch(member -> member.getConfig().getClusterName().equals(cluster.name()));
        // Threads and worker processes end shortly after they were told to.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Running now = Running.now();
            assertThat(now.threadsNotIn(before))
                    .as("threads the failed start left running")
                    .isEmpty();
            assertThat(now.processesNotIn(before))
                    .as("processes the failed start left running")
                    .isEmpty();
        });
        assertThat(dir.resolve("shared-db.lock.db")).doesNotExist();
        assertThat(lockable(dir.resolve("shared-db.mv.db")))
                .as("the database file is no longer held open")
                .isTrue();
    }

    /** True when this JVM can lock the file: H2 holds a lock on it while the database is open. */
    private static boolean lockable(Path file) throws IOException {
        if (!Files.exists(file)) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            return lock != null;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return false;
        }
    }

    /** The platform threads and child processes alive at one moment. */
    private record Running(Set<Thread> threads, Set<Long> processes) {
        static Running now() {
            return new Running(
                    Thread.getAllStackTraces().keySet().stream()
                            .filter(Thread::isAlive)
                            .collect(Collectors.toSet()),
                    ProcessHandle.current()
                            .descendants()
                            .filter(ProcessHandle::isAlive)
                            .map(ProcessHandle::pid)
                            .collect(Collectors.toSet()));
        }

        List<String> threadsNotIn(Running before) {
            return threads.stream()
                    .filter(thread -> !before.threads.contains(thread) && thread != Thread.currentThread())
                    .map(Thread::getName)
                    .sorted()
                    .toList();
        }

        List<Long> processesNotIn(Running before) {
            return processes.stream()
                    .filter(pid -> !before.processes.contains(pid))
                    .toList();
        }
    }
}
