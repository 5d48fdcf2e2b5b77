package io.switchboard.runtime.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** One sandbox worker JVM and its line protocol; used by one caller at a time. */
final class WorkerProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode DIED = JSON.createObjectNode().put("died", true);

    private final Process process;
    private final Writer stdin;
    private final LinkedBlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
    private final AtomicLong ids = new AtomicLong();
    private boolean warmUpRequested;

    private WorkerProcess(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        // A platform thread: the read blocks in the kernel, which would pin a virtual thread's carrier.
        Thread.ofPlatform().daemon().name("sandbox-reader-" + process.pid()).start(this::readLines);
    }

    static WorkerProcess start(SandboxConfig config) {
        String java = config.javaCommand() != null
                ? config.javaCommand()
                : Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(
                java,
                "-Xmx" + config.heapMegabytes() + "m",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-Dpolyglot.engine.WarnInterpreterOnly=false",
                "-cp",
                System.getProperty("java.class.path"),
                SandboxWorkerMain.class.getName(),
                Long.toString(config.statementLimit()));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new WorkerProcess(process);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a sandbox worker: " + e.getMessage(), e);
        }
    }

    private void readLines() {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    // Not protocol output; ignore it.
                }
            }
        } catch (IOException e) {
            // The process ended.
        }
        lines.add(DIED);
    }

    /** Waits for the worker's ready line; false when it did not come in time. */
    boolean awaitReady(long timeoutMs) throws InterruptedException {
        JsonNode line = lines.poll(timeoutMs, TimeUnit.MILLISECONDS);
        return line != null && line.path("ready").asBoolean();
    }

    /**
     * Sends one request and waits for its answer.
     *
     * @return the response, or null when the worker died or did not answer in time (then it is unusable)
     */
    JsonNode call(String code, String inputsJson, long timeoutMs, long statementLimit, long waitMs)
            throws InterruptedException {
        long id = ids.incrementAndGet();
        String request = JSON.createObjectNode()
                .put("id", id)
                .put("code", code)
                .put("inputs", inputsJson)
                .put("timeoutMs", timeoutMs)
                .put("statementLimit", statementLimit)
                .toString();
        try {
            stdin.write(request);
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            return null;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        while (true) {
            JsonNode line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line == DIED) {
                return line == DIED ? DIED : null;
            }
            if (line.path("id").asLong() == id) {
                return line;
            }
        }
    }

    /** Asks the worker, once, to warm its JIT in the background while it is idle (see WorkerWarmUp). */
    void warmUpOnce(int runs) {
        if (warmUpRequested) {
            return;
        }
        warmUpRequested = true;
        try {
            stdin.write("{\"warmUp\":" + runs + "}\n");
            stdin.flush();
        } catch (IOException e) {
            // A dead worker is noticed by its next call.
        }
    }

    static boolean died(JsonNode response) {
        return response == DIED;
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
