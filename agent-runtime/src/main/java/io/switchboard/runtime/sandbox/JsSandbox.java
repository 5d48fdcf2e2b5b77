package io.switchboard.runtime.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.runtime.workflow.CodeRunner;
import io.switchboard.runtime.workflow.WorkflowFailure;
import io.switchboard.threads.VirtualThreads;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs JavaScript code nodes in a pool of worker JVMs (GraalJS, {@code SandboxPolicy.CONSTRAINED}).
 * Time is limited twice: the worker cancels the context at the limit, and the gateway kills a worker
 * that does not answer shortly after. Memory is limited by each worker's heap: a memory bomb ends the
 * worker, which is replaced. Thread-safe.
 */
public final class JsSandbox implements CodeRunner, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JsSandbox.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Extra time the gateway grants a worker before killing it: cancellation and answering take a moment. */
    private static final long GRACE_MS = 2_000;

    private static final long START_TIMEOUT_MS = 30_000;
    private static final String WARM_UP = "function main(i) { return { warm: [1, 2, 3].map(x => x * 2).join() }; }";
    /**
     * Context lifecycles a worker runs in the background once code nodes are in use: about what it takes
     * the JIT to reach steady-state latency (a cold worker is several times slower). Gateways that never
     * run code do not pay for it.
     */
    private static final int JIT_WARM_UP_RUNS = 3_000;

    private final SandboxConfig config;
    private final LinkedBlockingQueue<WorkerProcess> idle = new LinkedBlockingQueue<>();
    /** Every worker not yet ended (idle, busy or starting), so that close() ends them all. */
    private final Set<WorkerProcess> live = ConcurrentHashMap.newKeySet();

    private final Semaphore slots;
    private volatile boolean closed;

    private JsSandbox(SandboxConfig config) {
        this.config = config;
        this.slots = new Semaphore(config.workers(), true);
    }

    /** Creates the pool; workers start in the background so the first code node finds one warm. */
    public static JsSandbox create(SandboxConfig config) {
        JsSandbox sandbox = new JsSandbox(config);
        VirtualThreads.start("sandbox-warmup", sandbox::warmUp);
        return sandbox;
    }

    private void warmUp() {
        for (int i = 0; i < config.workers(); i++) {
            if (!slots.tryAcquire()) {
                return;
            }
            try {
                WorkerProcess worker = spawn();
                if (worker != null) {
                    worker.call(
                            "function main(i) { return {}; }", "{}", 5_000, config.statementLimit(), START_TIMEOUT_MS);
                    keep(worker);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                slots.release();
            }
        }
    }

    @Override
    public Map<String, Object> run(String language, String code, Map<String, Object> inputs, Duration timeout) {
        if (!"javascript".equals(language)) {
            throw new WorkflowFailure("language '" + language + "' is not supported; use javascript");
        }
        long timeoutMs = Math.min(timeout.toMillis(), config.maxTimeout().toMillis());
        String inputsJson;
        try {
            inputsJson = JSON.writeValueAsString(inputs);
        } catch (JsonProcessingException e) {
            throw new WorkflowFailure("the inputs cannot be passed as JSON: " + e.getOriginalMessage());
        }
        boolean acquired = false;
        WorkerProcess worker = null;
        try {
            // Waiting for a worker (busy, or starting after a crash) is not the code's time; the run's own
            // overall timeout still bounds it by interrupting this thread.
            acquired = slots.tryAcquire(START_TIMEOUT_MS + timeoutMs, TimeUnit.MILLISECONDS);
            if (!acquired) {
                throw new WorkflowFailure("all sandbox workers are busy");
            }
            worker = idle.poll();
            if (worker == null || !worker.alive()) {
                if (worker != null) {
                    discard(worker);
                }
                worker = spawn();
                if (worker == null) {
                    throw new WorkflowFailure("the sandbox could not start a worker");
                }
            }
            JsonNode response = worker.call(code, inputsJson, timeoutMs, config.statementLimit(), timeoutMs + GRACE_MS);
            if (response == null || WorkerProcess.died(response)) {
                discard(worker);
                worker = null;
                replaceInBackground();
                throw new WorkflowFailure(
                        response == null
                                ? "the code exceeded its time limit of " + timeoutMs + " ms and was killed"
                                : "the code was killed (memory limit of " + config.heapMegabytes()
                                        + " MB exceeded or crash)");
            }
            if (!response.path("ok").asBoolean()) {
                // After running out of memory the worker exits on its own; never hand it out again.
                if (!worker.alive() || response.path("error").asText().contains("memory limit")) {
                    discard(worker);
                    worker = null;
                    replaceInBackground();
                }
                throw new WorkflowFailure(response.path("error").asText("the code failed"));
            }
            worker.warmUpOnce(JIT_WARM_UP_RUNS);
            @SuppressWarnings("unchecked")
            Map<String, Object> result = JSON.readValue(response.path("result").asText(), Map.class);
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (worker != null) {
                discard(worker); // it may still be running the code
                worker = null;
                replaceInBackground();
            }
            throw new WorkflowFailure("the code run was cancelled");
        } catch (JsonProcessingException e) {
            throw new WorkflowFailure("the code's result is not JSON");
        } finally {
            if (worker != null) {
                keep(worker);
            }
            if (acquired) {
                slots.release();
            }
        }
    }

    /** Starts a worker and runs a trivial script in it, so that its first real run is warm. */
    private WorkerProcess spawn() throws InterruptedException {
        WorkerProcess worker = WorkerProcess.start(config);
        live.add(worker);
        if (closed) {
            // Closed while this one was starting: close() may have missed it.
            discard(worker);
            return null;
        }
        if (!worker.awaitReady(START_TIMEOUT_MS)) {
            LOG.warn("a sandbox worker did not start");
            discard(worker);
            return null;
        }
        JsonNode warm = worker.call(WARM_UP, "{}", START_TIMEOUT_MS, config.statementLimit(), START_TIMEOUT_MS);
        if (warm == null || WorkerProcess.died(warm)) {
            LOG.warn("a sandbox worker did not warm up");
            discard(worker);
            return null;
        }
        return worker;
    }

    /** A worker was discarded: start its successor now rather than on the next code run. */
    private void replaceInBackground() {
        if (closed) {
            return;
        }
        VirtualThreads.start("sandbox-replace", () -> {
            if (!slots.tryAcquire()) {
                return; // every slot is in use: whoever releases one finds or starts a worker
            }
            try {
                WorkerProcess worker = spawn();
                if (worker != null) {
                    keep(worker);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                slots.release();
            }
        });
    }

    /** Back to the pool; ended instead when the sandbox closed meanwhile. */
    private void keep(WorkerProcess worker) {
        if (closed) {
            discard(worker);
        } else {
            idle.add(worker);
        }
    }

    private void discard(WorkerProcess worker) {
        live.remove(worker);
        worker.close();
    }

    /** Ends every worker, idle, busy or still starting. */
    @Override
    public void close() {
        closed = true;
        idle.clear();
        live.forEach(this::discard);
    }
}
