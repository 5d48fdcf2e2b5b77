package io.switchboard.gateway.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * One gateway as a real operating-system process ({@code io.switchboard.gateway.Switchboard} on this
 * JVM's class path), configured through environment variables as an operator would; killed with
 * SIGKILL ({@link #kill()}) or stopped with SIGTERM ({@link #stop()}).
 */
final class GatewayProcess {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Every gateway started, killed when this JVM exits (a test's timeout must not leave nodes running). */
    private static final java.util.Set<Process> STARTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly)));
    }

    private final int index;
    private final int httpPort;
    private final Map<String, String> env;
    private final Path config;
    private final Path log;
    private Process process;

    GatewayProcess(int index, int httpPort, Map<String, String> env, Path config, Path log) {
        this.index = index;
        this.httpPort = httpPort;
        this.env = env;
        this.config = config;
        this.log = log;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    int index() {
        return index;
    }

    void start() {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED",
                "--add-modules",
                "java.se",
                "--add-exports",
                "java.base/jdk.internal.ref=ALL-UNNAMED",
                "--add-opens",
                "java.base/java.lang=ALL-UNNAMED",
                "--add-opens",
                "java.base/sun.nio.ch=ALL-UNNAMED",
                "-Dhazelcast.phone.home.enabled=false",
                "-Dhazelcast.logging.type=slf4j",
                "-Dhazelcast.wait.seconds.before.join=0",
                "-Dpolyglot.engine.WarnInterpreterOnly=false",
                "-cp",
                System.getProperty("java.class.path"),
                "io.switchboard.gateway.Switchboard",
                config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            process = builder.start();
            STARTED.add(process);
        } catch (IOException e) {
            throw new UncheckedIOException("gateway " + index + " did not start", e);
        }
    }

    /** Waits until the node answers its readiness probe. */
    void awaitReady(Duration timeout) {
        Awaitility.await("gateway " + index + " ready (log: " + log + ")")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .until(this::ready);
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    "gateway " + index + " exited with " + process.exitValue() + "; see " + log);
        }
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: no shutdown hook, no draining — what a crash or an OOM kill does. */
    void kill() {
        STARTED.remove(process);
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM: the gateway drains and stops gracefully. */
    void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            waitFor();
        }
    }

    private void waitFor() {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
