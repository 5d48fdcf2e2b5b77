package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/** What the workflow benchmarks share. */
final class WorkflowBenchSupport {
    private WorkflowBenchSupport() {}

    static WorkflowGraph parse(String json) throws Exception {
        return new ObjectMapper().readValue(json.replace('\'', '"'), WorkflowGraph.class);
    }

    static double pct(long[] values, int percentile) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }

    static double throughput(
            WorkflowEngine engine, WorkflowGraph graph, Map<String, Object> inputs, int callers, int seconds)
            throws InterruptedException {
        LongAdder done = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < callers; i++) {
                pool.submit(() -> {
                    while (!stop.get()) {
                        engine.run("bench", 0, graph, inputs, Duration.ofSeconds(5), null);
                        done.increment();
                    }
                });
            }
            TimeUnit.SECONDS.sleep(1);
            long before = done.sum();
            long start = System.nanoTime();
            TimeUnit.SECONDS.sleep(seconds);
            long after = done.sum();
            double elapsed = (System.nanoTime() - start) / 1e9;
            stop.set(true);
            return (after - before) / elapsed;
        }
    }
}
