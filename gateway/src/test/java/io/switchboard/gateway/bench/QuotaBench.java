package io.switchboard.gateway.bench;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.gateway.quota.Quotas;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * CPU the quotas add to a turn (issue 13, target ≤ 15 µs): {@code admit} + {@code charge} with every
 * limit set (user, app and key; requests per minute and tokens per day: six buckets), limits high enough
 * never to refuse, on one embedded member. Process CPU time (every thread, Hazelcast's included) per turn,
 * over 1,000 users and 10 keys. Run by {@code bench/quotas.sh}.
 */
public final class QuotaBench {
    public static void main(String[] args) {
        int turns = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        // all: six buckets (user, app, key × requests, tokens); requests: user and app requests per minute.
        boolean all = args.length < 2 || args[1].equals("all");
        Config config = new Config().setClusterName("quota-bench-" + System.nanoTime());
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(config);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try {
            Quotas quotas = Quotas.create(
                    hazelcast,
                    new Quotas.Limits(
                            1_000_000_000L,
                            1_000_000_000_000L,
                            1_000_000_000L,
                            1_000_000_000_000L,
                            1_000_000_000L,
                            1_000_000_000_000L));
            for (int round = 0; round < 4; round++) {
                long cpu = os.getProcessCpuTime();
                long wall = System.nanoTime();
                for (int i = 0; i < turns; i++) {
                    Quotas.Turn turn =
                            new Quotas.Turn("app-" + (i % 3), "api", "user-" + (i % 1000), "key-" + (i % 10));
                    if (quotas.admit(turn).isPresent()) {
                        throw new IllegalStateException("refused");
                    }
                    quotas.charge(turn, 300);
                }
                double cpuMicros = (os.getProcessCpuTime() - cpu) / 1000.0 / turns;
                double wallMicros = (System.nanoTime() - wall) / 1000.0 / turns;
                System.out.printf(
                        Locale.ROOT,
                        "round %d%s: %.1f µs CPU per turn, %.1f µs wall (load average %.2f)%n",
                        round,
                        round == 0 ? " (warm-up)" : "",
                        cpuMicros,
                        wallMicros,
                        os.getSystemLoadAverage());
            }
        } finally {
            hazelcast.shutdown();
        }
    }
}
