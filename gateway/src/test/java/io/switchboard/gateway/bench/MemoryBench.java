package io.switchboard.gateway.bench;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.gateway.cluster.HazelcastMember;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.runtime.memory.ChatEntry;
import io.switchboard.runtime.memory.ConversationMapStore;
import io.switchboard.runtime.memory.HazelcastConversationMemory;
import io.switchboard.runtime.security.Secret;
import io.switchboard.runtime.security.SecretBox;
import io.switchboard.runtime.store.Database;
import io.switchboard.runtime.store.DatabaseConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Conversation memory figures (issue 16): {@code write} — the cost per turn of remembering it (one
 * append of a question and an answer), memory only versus written through to H2 and PostgreSQL;
 * {@code idle} — heap per idle conversation in the conversations map, to size it for 1,000,000;
 * {@code nodes} — that many conversations spread over several members started as the gateway starts them
 * ({@code config/hazelcast.yaml}, its eviction settings, optionally with another {@code size}): entries,
 * backups and heap per member, and how many conversations the eviction bound kept.
 *
 * <pre>
 *   MemoryBench write [turns=20000] [threads=16] [postgres-url user password]
 *   MemoryBench idle [conversations=200000] [entries=10] [chars=120]
 *   MemoryBench nodes [members=3] [conversations=1000000] [size=as in the yaml] [yaml=config/hazelcast.yaml]
 * </pre>
 */
public final class MemoryBench {
    private static final Duration DAY = Duration.ofDays(1);

    private MemoryBench() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "write";
        if (mode.equals("idle")) {
            idle(arg(args, 1, 200_000), arg(args, 2, 10), arg(args, 3, 120));
        } else if (mode.equals("nodes")) {
            NodesBench.run(
                    arg(args, 1, 3),
                    arg(args, 2, 1_000_000),
                    arg(args, 3, 0),
                    Path.of(args.length > 4 ? args[4] : "config/hazelcast.yaml"));
        } else if (mode.equals("turn")) {
            int turns = arg(args, 1, 20_000);
            int threads = arg(args, 2, 16);
            Path yaml = Path.of(args.length > 3 ? args[3] : "config/hazelcast.yaml");
            turn("memory only", yaml, null, turns, threads);
            turn("write-through H2 file", yaml, Duration.ZERO, turns, threads);
            turn("write-behind 1 s H2 file", yaml, Duration.ofSeconds(1), turns, threads);
        } else {
            int turns = arg(args, 1, 20_000);
            int threads = arg(args, 2, 16);
            write("memory only", null, turns, threads);
            Path dir = Files.createTempDirectory("memory-bench");
            write(
                    "write-through H2 file",
                    new DatabaseConfig("jdbc:h2:file:" + dir.resolve("db"), "sa", null, 16),
                    turns,
                    threads);
            if (args.length > 3) {
                write(
                        "write-through PostgreSQL",
                        new DatabaseConfig(args[3], args[4], Secret.ofNullable(args[5]), 16),
                        turns,
                        threads);
            }
        }
        System.exit(0);
    }

    private static int arg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }

    private static void write(String name, DatabaseConfig db, int turns, int threads) throws Exception {
        Database database = db == null ? null : Database.open(db, SecretBox.fromBase64(SecretBox.generateKeyBase64()));
        HazelcastInstance member = member(database);
        try {
            HazelcastConversationMemory memory = HazelcastConversationMemory.create(
                    member,
                    HazelcastConversationMemory.DEFAULT_MAP_NAME,
                    SecretBox.fromBase64(SecretBox.generateKeyBase64()));
            String run = UUID.randomUUID().toString();
            List<ChatEntry> turn = List.of(
                    new ChatEntry(ChatEntry.Role.USER, "Where is my order 12345? It was due yesterday."),
                    new ChatEntry(ChatEntry.Role.ASSISTANT, "x".repeat(200)));
            measure(memory, run, turn, Math.min(turns, 5_000), threads); // warm-up
            long[] nanos = measure(memory, run, turn, turns, threads);
            long wall = nanos[nanos.length - 1];
            long[] sorted = Arrays.copyOf(nanos, nanos.length - 1);
            Arrays.sort(sorted);
            System.out.printf(
                    Locale.ROOT,
                    "%-28s %7d appends  %8.0f/s  p50 %6.2f ms  p99 %6.2f ms  (%d threads, 1,000 conversations, window 10)%n",
                    name,
                    turns,
                    turns / (wall / 1e9),
                    sorted[sorted.length / 2] / 1e6,
                    sorted[(int) (sorted.length * 0.99)] / 1e6,
                    threads);
        } finally {
            member.shutdown();
            if (database != null) {
                database.close();
            }
        }
    }

    /**
     * What a turn does to memory — read the window, then append the question and answer — on a member
     * started as the gateway starts it ({@code yaml}, the map store written behind {@code writeDelay}, or
     * memory only when null): turns/s, latency, and the process's CPU time per turn.
     */
    private static void turn(String name, Path yaml, Duration writeDelay, int turns, int threads) throws Exception {
        Path dir = Files.createTempDirectory("memory-bench");
        SecretBox box = SecretBox.fromBase64(SecretBox.generateKeyBase64());
        Database database = writeDelay == null
                ? null
                : Database.open(new DatabaseConfig("jdbc:h2:file:" + dir.resolve("db"), "sa", null, 16), box);
        String cluster = "memory-bench-" + UUID.randomUUID();
        var config = new GatewayConfig.Cluster(yaml, cluster, "", freePort(), "127.0.0.1", writeDelay);
        HazelcastInstance member = database == null
                ? HazelcastMember.start(config, cluster)
                : HazelcastMember.start(config, cluster, database.conversations(), box);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try {
            HazelcastConversationMemory memory =
                    HazelcastConversationMemory.create(member, HazelcastConversationMemory.DEFAULT_MAP_NAME, box);
            String run = UUID.randomUUID().toString();
            List<ChatEntry> turn = List.of(
                    new ChatEntry(ChatEntry.Role.USER, "Where is my order 12345? It was due yesterday."),
                    new ChatEntry(ChatEntry.Role.ASSISTANT, "x".repeat(200)));
            Task task = key -> {
                memory.recent(key, 10);
                memory.append(key, turn, 10);
            };
            measure(task, run, Math.min(turns, 5_000), threads); // warm-up
            long cpu = os.getProcessCpuTime();
            long[] nanos = measure(task, run, turns, threads);
            long cpuPerTurn = (os.getProcessCpuTime() - cpu) / turns;
            long wall = nanos[nanos.length - 1];
            long[] sorted = Arrays.copyOf(nanos, nanos.length - 1);
            Arrays.sort(sorted);
            System.out.printf(
                    Locale.ROOT,
                    "%-26s %7d turns  %8.0f/s  p50 %6.2f ms  p99 %6.2f ms  CPU %5.1f us/turn  (%d threads, 1,000"
                            + " conversations, read + append, %s)%n",
                    name,
                    turns,
                    turns / (wall / 1e9),
                    sorted[sorted.length / 2] / 1e6,
                    sorted[(int) (sorted.length * 0.99)] / 1e6,
                    cpuPerTurn / 1e3,
                    threads,
                    yaml.getFileName());
        } finally {
            member.shutdown();
            if (database != null) {
                database.close();
            }
        }
    }

    private interface Task {
        void run(String conversationKey) throws Exception;
    }

    private static long[] measure(Task task, String run, int turns, int threads) throws Exception {
        long[] nanos = new long[turns + 1];
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < turns; i = next.getAndIncrement()) {
                        long began = System.nanoTime();
                        task.run("live:bench:" + run + ":" + (i % 1000));
                        nanos[i] = System.nanoTime() - began;
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        nanos[turns] = System.nanoTime() - start;
        return nanos;
    }

    private static int freePort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Latency of each append, the wall time last. */
    private static long[] measure(
            HazelcastConversationMemory memory, String run, List<ChatEntry> turn, int turns, int threads)
            throws Exception {
        long[] nanos = new long[turns + 1];
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < turns; i = next.getAndIncrement()) {
                        long began = System.nanoTime();
                        memory.append("live:bench:" + run + ":" + (i % 1000), turn, 10);
                        nanos[i] = System.nanoTime() - began;
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        nanos[turns] = System.nanoTime() - start;
        return nanos;
    }

    private static void idle(int conversations, int entries, int chars) {
        HazelcastInstance member = member(null);
        try {
            HazelcastConversationMemory memory = HazelcastConversationMemory.create(
                    member,
                    HazelcastConversationMemory.DEFAULT_MAP_NAME,
                    SecretBox.fromBase64(SecretBox.generateKeyBase64()));
            long before = usedHeapAfterGc();
            List<ChatEntry> window = new ArrayList<>();
            for (int i = 0; i < entries; i++) {
                window.add(
                        new ChatEntry(i % 2 == 0 ? ChatEntry.Role.USER : ChatEntry.Role.ASSISTANT, "y".repeat(chars)));
            }
            for (int i = 0; i < conversations; i++) {
                memory.append("live:support-bot:" + UUID.randomUUID(), window, entries);
            }
            long after = usedHeapAfterGc();
            var stats =
                    member.getMap(HazelcastConversationMemory.DEFAULT_MAP_NAME).getLocalMapStats();
            double perEntryHeap = (after - before) / (double) conversations;
            double perEntryCost = stats.getOwnedEntryMemoryCost() / (double) conversations;
            System.out.printf(
                    Locale.ROOT,
                    "%d idle conversations of %d entries x %d chars (key 53 chars): heap +%.0f MiB = %.0f B each;"
                            + " Hazelcast owned-entry cost %.0f B each%n",
                    conversations,
                    entries,
                    chars,
                    (after - before) / 1048576.0,
                    perEntryHeap,
                    perEntryCost);
            System.out.printf(
                    Locale.ROOT,
                    "1,000,000 conversations, backup-count 1: %.2f GiB of heap across the cluster"
                            + " (%.2f GiB per node on 1 node without backups, %.2f GiB per node on 3 nodes)%n",
                    2 * perEntryHeap * 1e6 / (1 << 30),
                    perEntryHeap * 1e6 / (1 << 30),
                    2 * perEntryHeap * 1e6 / 3 / (1 << 30));
        } finally {
            member.shutdown();
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** One member with the production map settings; write-through to {@code database} when given. */
    private static HazelcastInstance member(Database database) {
        Config config = new Config().setClusterName("memory-bench-" + UUID.randomUUID());
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        var join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        var map = config.getMapConfig(HazelcastConversationMemory.DEFAULT_MAP_NAME)
                .setBackupCount(1)
                .setMaxIdleSeconds(86_400)
                .setInMemoryFormat(InMemoryFormat.BINARY)
                .setEvictionConfig(new EvictionConfig()
                        .setEvictionPolicy(EvictionPolicy.LRU)
                        .setMaxSizePolicy(MaxSizePolicy.PER_NODE)
                        .setSize(Integer.MAX_VALUE));
        if (database != null) {
            map.setMapStoreConfig(new MapStoreConfig()
                    .setEnabled(true)
                    .setWriteDelaySeconds(0)
                    .setImplementation(ConversationMapStore.create(database.conversations(), DAY)));
        }
        return Hazelcast.newHazelcastInstance(config);
    }
}
