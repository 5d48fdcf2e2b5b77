package io.switchboard.gateway.bench;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.spi.impl.operationservice.impl.OperationServiceImpl;
import io.github.bucket4j.grid.hazelcast.HazelcastProxyManager;
import io.switchboard.gateway.quota.Quotas;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * CPU the quotas add to a turn (issue 13, target ≤ 15 µs): {@code admit} + {@code charge} with every
 * limit set (user, app and key; requests per minute and tokens per day: six buckets), limits high enough
 * never to refuse, on one embedded member. Process CPU time (every thread, Hazelcast's included) per turn,
 * over 1,000 users and 10 keys. Run by {@code bench/quotas.sh}.
 *
 * <p>Concurrency (third argument, default 1): the turns run on that many virtual threads at once, as the
 * gateway runs its turns (a virtual thread per turn, 64 connections in {@code bench/gateway-turns.sh}). With
 * 1 every Hazelcast operation finds the partition thread asleep and wakes it, and the caller parks until
 * the answer: the worst case, two futex round trips per operation; at 64 the partition thread finds its
 * next operation queued and the carriers their next turn.
 *
 * <p>Each round also prints the Hazelcast operations the member ran per turn (its operation service's count,
 * an internal counter read through Hazelcast's implementation classes; background operations included): a
 * figure the machine's load does not change, unlike the CPU.
 */
public final class QuotaBench {
    public static void main(String[] args) {
        int turns = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        // all: six buckets (user, app, key × requests, tokens) over 1,000 users who come back every 1,000 turns;
        // requests: user and app requests per minute only; workspace: all and the workspace's two;
        // rare: all, but every turn another user (each user bucket settles with the cluster on every call).
        String mode = args.length > 1 ? args[1] : "all";
        boolean requestsOnly = mode.equals("requests");
        long requests = 1_000_000_000L;
        long tokens = requestsOnly ? 0 : 1_000_000_000_000L;
        int users = mode.equals("rare") ? Integer.MAX_VALUE : 1000;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        // cluster: the buckets in the member's map (a gateway with cluster.members); single: a cluster of one's
        // buckets in process (Quotas.createLocal, a gateway without cluster.members, the default).
        boolean single = args.length > 3 && args[3].equals("single");
        // two: two members in this process (a cluster of two gateways), the turns alternating between them, so
        // half of each member's calls go to the other member's partitions; the CPU and operations of both.
        boolean two = args.length > 3 && args[3].equals("two");
        Config config = new Config().setClusterName("quota-bench-" + System.nanoTime());
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        if (two) {
            config.getNetworkConfig()
                    .getJoin()
                    .getTcpIpConfig()
                    .setEnabled(true)
                    .addMember("127.0.0.1");
        }
        // As a gateway member has it (HazelcastMember).
        config.addMapConfig(Quotas.mapConfig());
        HazelcastProxyManager.addCustomSerializers(config.getSerializationConfig(), 10_000);
        HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(config);
        HazelcastInstance other = two ? Hazelcast.newHazelcastInstance(config) : null;
        while (two && hazelcast.getCluster().getMembers().size() < 2) {
            Thread.onSpinWait();
        }
        var otherOperations = other == null
                ? null
                : (OperationServiceImpl) ((HazelcastInstanceProxy) other)
                        .getOriginal()
                        .node
                        .getNodeEngine()
                        .getOperationService();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var operations = (OperationServiceImpl) ((HazelcastInstanceProxy) hazelcast)
                .getOriginal()
                .node
                .getNodeEngine()
                .getOperationService();
        try {
            var limits = new Quotas.Limits(
                    requests,
                    tokens,
                    requests,
                    tokens,
                    requestsOnly ? 0 : requests,
                    tokens,
                    mode.equals("workspace") ? requests : 0,
                    mode.equals("workspace") ? tokens : 0);
            // -Dquotas.userShards=K: another shard count (the default build's otherwise; not read by a base
            // build's classes put first with QUOTAS_BASE, which have no such setting).
            String shards = System.getProperty("quotas.userShards");
            if (shards != null) {
                limits = new Quotas.Limits(
                        limits.userRequestsPerMinute(),
                        limits.userTokensPerDay(),
                        limits.appRequestsPerMinute(),
                        limits.appTokensPerDay(),
                        limits.keyRequestsPerMinute(),
                        limits.keyTokensPerDay(),
                        limits.workspaceRequestsPerMinute(),
                        limits.workspaceTokensPerDay(),
                        Integer.parseInt(shards));
            }
            Quotas first = single ? Quotas.createLocal(limits, app -> "default") : Quotas.create(hazelcast, limits);
            Quotas second = two ? Quotas.create(other, limits) : first;
            AtomicInteger next = new AtomicInteger();
            // The harness alone (the same threads and loop, each turn's Turn built, no quota call): its CPU
            // per turn, with both members idle beside it, is subtracted from each round's ("added").
            double harness = 0;
            for (int round = 0; round < 2; round++) {
                harness = cpuPerTurn(os, turns, concurrency, n -> BLACKHOLE.addAndGet(harnessTurn(n, users)));
            }
            System.out.printf(Locale.ROOT, "harness: %.1f µs CPU per turn without quota calls%n", harness);
            for (int round = 0; round < 4; round++) {
                long ops = operations.getExecutedOperationCount()
                        + (two ? otherOperations.getExecutedOperationCount() : 0);
                long wall = System.nanoTime();
                double cpuMicros =
                        cpuPerTurn(os, turns, concurrency, n -> turn((n & 1) == 0 ? first : second, n, users));
                double wallMicros = (System.nanoTime() - wall) / 1000.0 / turns;
                double opsPerTurn = (operations.getExecutedOperationCount()
                                + (two ? otherOperations.getExecutedOperationCount() : 0)
                                - ops)
                        / (double) turns;
                System.out.printf(
                        Locale.ROOT,
                        "round %d%s: %.1f µs CPU per turn, %.1f µs wall, %.2f Hazelcast operations per turn"
                                + " (concurrency %d, %s, load average %.2f); added over the harness %.1f µs%n",
                        round,
                        round == 0 ? " (warm-up)" : "",
                        cpuMicros,
                        wallMicros,
                        opsPerTurn,
                        concurrency,
                        single
                                ? "single member, buckets in process"
                                : two ? "two members, buckets in the cluster's map" : "buckets in the cluster's map",
                        os.getSystemLoadAverage(),
                        cpuMicros - harness);
            }
        } finally {
            if (other != null) {
                other.shutdown();
            }
            hazelcast.shutdown();
        }
    }

    private static final AtomicLong BLACKHOLE = new AtomicLong();

    /** Process CPU per turn of one round: {@code turns} turns on {@code concurrency} (virtual) threads. */
    private static double cpuPerTurn(
            com.sun.management.OperatingSystemMXBean os, int turns, int concurrency, IntConsumer body) {
        AtomicInteger next = new AtomicInteger();
        long cpu = os.getProcessCpuTime();
        if (concurrency == 1) {
            for (int i = 0; i < turns; i++) {
                body.accept(next.getAndIncrement());
            }
        } else {
            AtomicInteger left = new AtomicInteger(turns);
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> running = new ArrayList<>();
                for (int t = 0; t < concurrency; t++) {
                    running.add(threads.submit(() -> {
                        while (left.getAndDecrement() > 0) {
                            body.accept(next.getAndIncrement());
                        }
                    }));
                }
                for (Future<?> thread : running) {
                    thread.get();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return (os.getProcessCpuTime() - cpu) / 1000.0 / turns;
    }

    /** What {@link #turn} does besides the quota calls. */
    private static int harnessTurn(int n, int users) {
        Quotas.Turn turn = new Quotas.Turn("app-" + (n % 3), "api", "user-" + (n % users), "key-" + (n % 10));
        return turn.hashCode();
    }

    /** One turn: admitted (never refused here), then charged 300 tokens. */
    private static void turn(Quotas quotas, int n, int users) {
        Quotas.Turn turn = new Quotas.Turn("app-" + (n % 3), "api", "user-" + (n % users), "key-" + (n % 10));
        if (quotas.admit(turn).isPresent()) {
            throw new IllegalStateException("refused");
        }
        quotas.charge(turn, 300);
    }
}
