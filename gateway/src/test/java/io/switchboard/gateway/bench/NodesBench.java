package io.switchboard.gateway.bench;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.LocalMapStats;
import io.switchboard.gateway.cluster.HazelcastMember;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.runtime.memory.ChatEntry;
import io.switchboard.runtime.memory.HazelcastConversationMemory;
import io.switchboard.runtime.security.SecretBox;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Conversations spread over several members of one cluster in this JVM, each started as the gateway starts
 * it (the production {@code hazelcast.yaml}, TCP-IP join on loopback, memory sealed with the master key):
 * per member the entries it owns, the backups it holds and what Hazelcast says they cost, the heap of all
 * members divided by their number, and how many conversations the map's eviction bound kept. With a
 * {@code size} other than the yaml's, the same run shows what {@code PER_NODE} bounds (owned entries only,
 * or owned and backups) at a scale that fits a small machine.
 */
final class NodesBench {
    private static final int ENTRIES = 10;
    private static final int CHARS = 120;

    private NodesBench() {}

    static void run(int members, int conversations, int size, Path yaml) throws Exception {
        System.setProperty("hazelcast.wait.seconds.before.join", "0");
        Path config = yaml;
        if (size > 0) {
            config = Files.createTempFile("hazelcast-bench", ".yaml");
            Files.writeString(config, Files.readString(yaml).replaceFirst("size: \\d+", "size: " + size));
        }
        String cluster = "nodes-bench-" + UUID.randomUUID();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            ports.add(freePort());
        }
        String addresses =
                String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
        long before = usedHeapAfterGc();
        List<HazelcastInstance> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < members; i++) {
                var settings = new GatewayConfig.Cluster(
                        config,
                        cluster,
                        members == 1 ? "" : addresses,
                        ports.get(i),
                        "127.0.0.1",
                        Duration.ofSeconds(1));
                nodes.add(HazelcastMember.start(settings, cluster + "-" + i));
            }
            long started = usedHeapAfterGc();
            SecretBox box = SecretBox.fromBase64(SecretBox.generateKeyBase64());
            HazelcastConversationMemory memory = HazelcastConversationMemory.create(
                    nodes.getFirst(), HazelcastConversationMemory.DEFAULT_MAP_NAME, box);
            List<ChatEntry> window = new ArrayList<>();
            for (int i = 0; i < ENTRIES; i++) {
                window.add(
                        new ChatEntry(i % 2 == 0 ? ChatEntry.Role.USER : ChatEntry.Role.ASSISTANT, "y".repeat(CHARS)));
            }
            AtomicInteger next = new AtomicInteger();
            long t0 = System.nanoTime();
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    done.add(pool.submit(() -> {
                        for (int i = next.getAndIncrement(); i < conversations; i = next.getAndIncrement()) {
                            memory.append("live:support-bot:" + UUID.randomUUID(), window, ENTRIES);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            }
            long filled = System.nanoTime() - t0;
            long after = usedHeapAfterGc();
            IMap<Object, Object> map = nodes.getFirst().getMap(HazelcastConversationMemory.DEFAULT_MAP_NAME);
            int kept = map.size();
            int configured = nodes.getFirst()
                    .getConfig()
                    .getMapConfig(HazelcastConversationMemory.DEFAULT_MAP_NAME)
                    .getEvictionConfig()
                    .getSize();
            System.out.printf(
                    Locale.ROOT,
                    "%d members, %,d conversations of %d entries x %d chars written in %.0f s, PER_NODE size %,d:"
                            + " %,d kept (%.1f %%)%n",
                    members,
                    conversations,
                    ENTRIES,
                    CHARS,
                    filled / 1e9,
                    configured,
                    kept,
                    100.0 * kept / conversations);
            for (int i = 0; i < members; i++) {
                LocalMapStats stats = nodes.get(i)
                        .getMap(HazelcastConversationMemory.DEFAULT_MAP_NAME)
                        .getLocalMapStats();
                System.out.printf(
                        Locale.ROOT,
                        "  member %d: owned %,d (%.0f MiB), backups %,d (%.0f MiB), owned + backups %,d%n",
                        i,
                        stats.getOwnedEntryCount(),
                        stats.getOwnedEntryMemoryCost() / 1048576.0,
                        stats.getBackupEntryCount(),
                        stats.getBackupEntryMemoryCost() / 1048576.0,
                        stats.getOwnedEntryCount() + stats.getBackupEntryCount());
            }
            double heapPerNode = (after - started) / (double) members;
            System.out.printf(
                    Locale.ROOT,
                    "  heap of the conversations: %.0f MiB in all, %.0f MiB per member, %.0f B per kept conversation"
                            + " (owner + backup); members themselves %.0f MiB%n",
                    (after - started) / 1048576.0,
                    heapPerNode / 1048576.0,
                    (after - started) / (double) kept,
                    (started - before) / 1048576.0);
        } finally {
            nodes.forEach(HazelcastInstance::shutdown);
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static int freePort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
