package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first start in a JVM of its own with bin/switchboard's flags (read from the script) on an empty data
 * directory: nothing on stdout or stderr is an ERROR or a JDK WARNING (such as Log4j's "could not find a
 * logging provider" or sun.misc.Unsafe notices). The expected WARN log lines are explained in the README.
 */
class FirstStartOutputTest {
    private static final Pattern FLAGS = Pattern.compile("(?s)\nflags=\\((.*?)\\)\n");
    private static final String INCUBATOR_NOTICE = "WARNING: Using incubator modules: jdk.incubator.vector";
    private static final long START_TIMEOUT_SECONDS = 240;

    @TempDir
    Path directory;

    @Test
    void should_start_without_error_or_jdk_warning_lines() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(switchboardFlags(root.resolve("bin/switchboard")));
        command.addAll(List.of("-cp", runtimeClassPath(), Switchboard.class.getName()));
        command.add(root.resolve("config/switchboard.yaml").toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().put("SWITCHBOARD_HTTP_PORT", "0");
        builder.environment().put("SWITCHBOARD_HTTP_HOST", "127.0.0.1");
        builder.environment().put("SWITCHBOARD_CLUSTER_PORT", Integer.toString(freePort()));
        builder.environment()
                .put(
                        "SWITCHBOARD_CLUSTER_CONFIG",
                        root.resolve("config/hazelcast.yaml").toString());
        builder.environment().put("SWITCHBOARD_ADMIN_PASSWORD", "first-start-password-1");
        Process process = builder.start();
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> err = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> banner = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> drain(process.getInputStream(), out, banner));
        Thread.ofVirtual().start(() -> drain(process.getErrorStream(), err, null));
        try {
            banner.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } finally {
            process.destroy(); // SIGTERM: the shutdown hook stops the gateway as Ctrl+C would
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }

        List<String> all = Stream.concat(out.stream(), err.stream()).toList();
        assertThat(all).as("the gateway started").anyMatch(line -> line.startsWith("Switchboard is running"));
        // bin/switchboard drops the JVM's incubator notice from stderr (it always comes with the vector module).
        List<String> shown =
                all.stream().filter(line -> !line.equals(INCUBATOR_NOTICE)).toList();
        assertThat(shown)
                .as("output of the first start:\n%s", String.join("\n", all))
                .noneMatch(line -> line.contains("ERROR"))
                .noneMatch(line -> line.contains("WARNING"));
    }

    /** The JVM flags bin/switchboard passes, as the script states them (and adds for this JDK). */
    static List<String> switchboardFlags(Path script) throws IOException {
        String text = Files.readString(script);
        Matcher flags = FLAGS.matcher(text);
        assertThat(flags.find()).as("bin/switchboard defines flags=(...)").isTrue();
        List<String> result = new ArrayList<>(Arrays.stream(flags.group(1).split("\\s+"))
                .filter(flag -> !flag.isBlank())
                .toList());
        if (Runtime.version().feature() >= 23) {
            assertThat(text).contains("flags+=(--sun-misc-unsafe-memory-access=allow)");
            result.add("--sun-misc-unsafe-memory-access=allow");
        }
        return result;
    }

    /** The test JVM's class path without test classes: the gateway's runtime classes and libraries. */
    private static String runtimeClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static void drain(java.io.InputStream stream, List<String> lines, CompletableFuture<Void> banner) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
                if (banner != null && line.startsWith("Switchboard is running")) {
                    banner.complete(null);
                }
            }
        } catch (IOException e) {
            lines.add("(stream closed: " + e.getMessage() + ")");
        }
        if (banner != null) {
            banner.complete(null);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
