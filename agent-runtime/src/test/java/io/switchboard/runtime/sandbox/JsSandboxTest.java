package io.switchboard.runtime.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.runtime.workflow.WorkflowFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JsSandboxTest {
    private static JsSandbox sandbox;

    @BeforeAll
    static void start() {
        // A huge statement limit so that the time limit is what stops the infinite loop.
        sandbox = JsSandbox.create(new SandboxConfig(1, 64, 1_000_000_000L, Duration.ofSeconds(10), null));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static Map<String, Object> run(String code, Map<String, Object> inputs) {
        return sandbox.run("javascript", code, inputs, Duration.ofSeconds(2));
    }

    @Test
    void should_call_main_with_json_inputs_and_return_its_object() {
        Map<String, Object> result = run(
                "function main(inputs) { return { sum: inputs.a + inputs.b, tags: inputs.tags.map(t => t.toUpperCase()) }; }",
                Map.of("a", 2, "b", 3, "tags", List.of("x", "y")));
        assertThat(result).containsEntry("sum", 5).containsEntry("tags", List.of("X", "Y"));
    }

    @Test
    void should_give_every_run_a_fresh_context() {
        run(
                "function main() { globalThis.leaked = 'from an earlier run'; Array.prototype.x = 1; return {}; }",
                Map.of());

        assertThat(run("function main() { return { leaked: typeof leaked, x: typeof [].x }; }", Map.of()))
                .containsEntry("leaked", "undefined")
                .containsEntry("x", "undefined");
    }

    @Test
    void should_refuse_host_classes() {
        assertThatThrownBy(() -> run("function main() { return { f: Java.type('java.io.File') }; }", Map.of()))
                .isInstanceOf(WorkflowFailure.class)
                .hasMessageContaining("Java is not defined");
        assertThat(run(
                        "function main() { return { java: typeof java, packages: typeof Packages, polyglot: typeof Polyglot }; }",
                        Map.of()))
                .containsEntry("java", "undefined")
                .containsEntry("packages", "undefined");
    }

    @Test
    void should_refuse_file_access() {
        assertThatThrownBy(() -> run("function main() { load('/etc/passwd'); return {}; }", Map.of()))
                .isInstanceOf(WorkflowFailure.class);
        assertThat(run(
                        "function main() { return { require: typeof require, read: typeof read, readFully: typeof readFully }; }",
                        Map.of()))
                .containsEntry("require", "undefined")
                .containsEntry("read", "undefined")
                .containsEntry("readFully", "undefined");
    }

    @Test
    void should_refuse_network_access() {
        assertThat(run(
                        "function main() { return { fetch: typeof fetch, xhr: typeof XMLHttpRequest, ws: typeof WebSocket }; }",
                        Map.of()))
                .containsEntry("fetch", "undefined")
                .containsEntry("xhr", "undefined")
                .containsEntry("ws", "undefined");
    }

    @Test
    void should_kill_an_infinite_loop_at_the_time_limit_and_keep_serving() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> sandbox.run(
                        "javascript", "function main() { while (true) {} }", Map.of(), Duration.ofSeconds(1)))
                .isInstanceOf(WorkflowFailure.class)
                .hasMessageContaining("time limit");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(run("function main() { return { ok: true }; }", Map.of())).containsEntry("ok", true);
    }

    @Test
    void should_kill_a_memory_bomb_at_the_memory_limit_and_keep_serving() {
        long hostHeapBefore =
                Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThatThrownBy(() -> sandbox.run(
                        "javascript",
                        "function main() { const a = []; while (true) { a.push(new Array(1000000).fill(7)); } }",
                        Map.of(),
                        Duration.ofSeconds(8)))
                .isInstanceOf(WorkflowFailure.class)
                .hasMessageContaining("memory limit");
        long hostHeapAfter =
                Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThat(hostHeapAfter - hostHeapBefore).isLessThan(64L * 1024 * 1024);
        assertThat(run("function main() { return { ok: 1 }; }", Map.of())).containsEntry("ok", 1);
    }

    @Test
    void should_stop_runaway_code_at_the_statement_limit() {
        try (JsSandbox strict = JsSandbox.create(new SandboxConfig(1, 64, 10_000, Duration.ofSeconds(10), null))) {
            assertThatThrownBy(() -> strict.run(
                            "javascript",
                            "function main() { let i = 0; while (true) { i++; } }",
                            Map.of(),
                            Duration.ofSeconds(5)))
                    .hasMessageContaining("statement limit");
        }
    }

    @Test
    void should_reject_a_result_that_is_not_an_object() {
        assertThatThrownBy(() -> run("function main() { return 42; }", Map.of()))
                .hasMessageContaining("must return an object");
        assertThatThrownBy(() -> run("function main( { syntax error", Map.of()))
                .isInstanceOf(WorkflowFailure.class)
                .hasMessageContaining("SyntaxError");
    }
}
