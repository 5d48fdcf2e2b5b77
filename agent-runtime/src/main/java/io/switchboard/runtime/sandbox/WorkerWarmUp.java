package io.switchboard.runtime.sandbox;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;

/**
 * Warms a worker's JIT in the background. A fresh worker needs a few thousand context lifecycles before
 * the JVM has compiled GraalJS's realm set-up and interpreter: until then a run costs several times its
 * steady-state latency. This runs a fixed script in throwaway contexts while the worker is idle, pausing
 * whenever a real request is being served; its contexts share nothing with real runs but the engine.
 */
final class WorkerWarmUp {
    private static final String SCRIPT = "function main(i) {"
            + " const words = i.text.split(' ').map(w => w.toUpperCase());"
            + " const out = { count: words.length, sum: i.values.reduce((a, b) => a + b, 0),"
            + " joined: words.join('-'), found: /B/.test(words.join()), first: i.values.slice(0, 2) };"
            + " for (const key of Object.keys(out)) { out[key] = out[key]; }"
            + " return out; }";
    private static final String INPUTS = "{\"text\":\"a b c\",\"values\":[1,2,3],\"flag\":true}";
    private static final long PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean serving;

    /** Marks a real request in progress (warm-up pauses) or finished. */
    void serving(boolean serving) {
        this.serving = serving;
    }

    /** Starts warming once; later calls do nothing. */
    void startOnce(Engine engine, Source runner, long statementLimit, int runs) {
        if (runs <= 0 || !started.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(() -> warm(engine, runner, statementLimit, runs), "sandbox-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private void warm(Engine engine, Source runner, long statementLimit, int runs) {
        Source script = Source.create("js", SCRIPT);
        for (int i = 0; i < runs; i++) {
            while (serving) {
                LockSupport.parkNanos(PAUSE_NANOS);
            }
            try (Context context = SandboxWorkerMain.newContext(engine, statementLimit)) {
                context.eval(script);
                context.getBindings("js").putMember("__inputs", INPUTS);
                context.eval(runner);
            } catch (RuntimeException e) {
                return; // warming is an optimisation: never let it disturb the worker
            }
        }
    }
}
