package io.switchboard.runtime.model;

import io.switchboard.runtime.security.Secret;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the failover guard adds to one model call (issue 16 point 4): the provider's Resilience4j circuit
 * breaker and bulkhead and the round-robin key ring, around a call that does nothing, against the bare
 * call. Single-threaded and with {@code threads} callers on one provider (contention on the breaker's
 * ring buffer and the bulkhead's semaphore). Run by {@code bench/provider-guard.sh}.
 */
public final class ProviderGuardBench {
    private static volatile long sink;

    public static void main(String[] args) throws InterruptedException {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        ProviderConfig provider = new ProviderConfig(
                "bench",
                "Bench",
                ProviderKind.OPENAI_COMPATIBLE,
                "http://127.0.0.1:1/v1",
                Secret.of("sk-bench-key-one-0123456789"),
                Duration.ofSeconds(60),
                2,
                List.of(Secret.of("sk-bench-key-two-0123456789"), Secret.of("sk-bench-key-three-012345")),
                ProviderLimits.DEFAULT);
        ProviderGuards guards = new ProviderGuards(Clock.systemUTC(), ModelEvents.NONE);
        System.out.printf(
                Locale.ROOT,
                "calls %d, threads %d, load average %.2f%n",
                calls,
                threads,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (int round = 0; round < 4; round++) {
            double bare = perCall(calls, 1, () -> work(1));
            double guarded = perCall(calls, 1, () -> guarded(guards, provider));
            double bareN = perCall(calls, threads, () -> work(1));
            double guardedN = perCall(calls, threads, () -> guarded(guards, provider));
            System.out.printf(
                    Locale.ROOT,
                    "round %d: 1 thread bare %.1f ns, guarded %.1f ns (+%.1f ns); %d threads bare %.1f ns,"
                            + " guarded %.1f ns (+%.1f ns) per call; load average %.2f%n",
                    round,
                    bare,
                    guarded,
                    guarded - bare,
                    threads,
                    bareN,
                    guardedN,
                    guardedN - bareN,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** What the invoker does per attempt: take a key, then run under the breaker and the bulkhead. */
    private static long guarded(ProviderGuards guards, ProviderConfig provider) {
        ProviderGuards.Guard guard = guards.of(provider);
        KeyRing.Lease lease = guard.keys().take();
        return guard.call(provider, () -> work(lease.index() + 1));
    }

    private static long work(int seed) {
        return seed * 31L + 7;
    }

    /** Wall time per call in ns, {@code calls} spread over {@code threads}. */
    private static double perCall(int calls, int threads, java.util.function.LongSupplier call)
            throws InterruptedException {
        int each = calls / threads;
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        LongAdder total = new LongAdder();
        for (int t = 0; t < threads; t++) {
            Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long local = 0;
                for (int i = 0; i < each; i++) {
                    local += call.getAsLong();
                }
                total.add(local);
                done.countDown();
            });
        }
        long begin = System.nanoTime();
        start.countDown();
        done.await();
        long elapsed = System.nanoTime() - begin;
        sink = total.sum();
        // Per call of one caller: wall time over the calls each thread made.
        return (double) elapsed / each;
    }
}
