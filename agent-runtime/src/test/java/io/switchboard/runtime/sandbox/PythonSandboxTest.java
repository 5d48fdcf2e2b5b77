package io.switchboard.runtime.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.runtime.workflow.WorkflowFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python in the OS sandbox; skipped where unprivileged user namespaces or Python 3 are missing. */
class PythonSandboxTest {
    @TempDir
    static Path secrets;

    private static PythonSandbox sandbox;

    @BeforeAll
    static void start() throws Exception {
        Process python = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").start();
        String executable = new String(python.getInputStream().readAllBytes()).strip();
        assumeTrue(python.waitFor() == 0 && !executable.isEmpty(), "python3 is not installed");
        Process unshare = new ProcessBuilder("unshare", "--user", "--map-root-user", "--net", "true").start();
        assumeTrue(unshare.waitFor() == 0, "unprivileged user namespaces are not available");
        Files.writeString(secrets.resolve("master.key"), "top secret");
        sandbox = PythonSandbox.create(executable, 256, List.of(secrets));
    }

    private static Map<String, Object> run(String code) {
        return sandbox.run("python", code, Map.of("a", 2, "b", 3), Duration.ofSeconds(5));
    }

    @Test
    void should_call_main_with_inputs_dict_or_keyword_arguments() {
        assertThat(run("def main(inputs):\n    return {'sum': inputs['a'] + inputs['b']}"))
                .containsEntry("sum", 5);
        assertThat(run("def main(a, b):\n    return {'product': a * b}")).containsEntry("product", 6);
    }

    @Test
    void should_refuse_writes_network_and_hidden_files() {
        assertThatThrownBy(() -> run("def main(i):\n    open('/etc/x', 'w').write('x')\n    return {}"))
                .isInstanceOf(WorkflowFailure.class)
                .hasMessageContaining("Read-only file system");
        assertThatThrownBy(
                        () -> run(
                                "import socket\ndef main(i):\n    socket.create_connection(('1.1.1.1', 80), timeout=1)\n    return {}"))
                .hasMessageContaining("OSError");
        assertThatThrownBy(() ->
                        run("def main(i):\n    return {'key': open('" + secrets.resolve("master.key") + "').read()}"))
                .hasMessageContaining("FileNotFoundError");
        assertThat(
                        run(
                                "def main(i):\n    open('/tmp/scratch', 'w').write('ok')\n    return {'read': open('/tmp/scratch').read()}"))
                .containsEntry("read", "ok");
    }

    @Test
    void should_kill_an_infinite_loop_and_a_memory_bomb() {
        long start = System.nanoTime();
        assertThatThrownBy(() ->
                        sandbox.run("python", "def main(i):\n    while True: pass", Map.of(), Duration.ofSeconds(1)))
                .hasMessageContaining("limit");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> run("def main(i):\n    a = []\n    while True: a.append(bytearray(10_000_000))"))
                .hasMessageContaining("memory limit");
        assertThat(run("def main(i):\n    return {'still': 'fine'}")).containsEntry("still", "fine");
    }
}
