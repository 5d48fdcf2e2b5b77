package io.switchboard.runtime.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.runtime.workflow.CodeRunner;
import io.switchboard.runtime.workflow.WorkflowFailure;
import io.switchboard.threads.VirtualThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs Python code nodes in an operating-system sandbox, one process per run: unprivileged user, mount,
 * network and PID namespaces ({@code unshare}), every mount remounted read-only (the run refuses to
 * start if one stays writable), an 8 MB private {@code /tmp}, the gateway's own directories hidden under
 * empty read-only mounts, no network interface but loopback, and {@code prlimit} caps on address space,
 * CPU seconds, open files and file size; the wall-clock limit kills the process. Needs a Linux host that
 * allows unprivileged user namespaces.
 */
public final class PythonSandbox implements CodeRunner {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_OUTPUT = 1024 * 1024;
    /** The run fails with this exit status when the file system could not be made read-only. */
    private static final int NOT_SEALED = 97;

    // Inside the namespaces: seal the file system, check it, then run Python under resource limits.
    private static final String SEAL = """
            for m in $(awk '{print $2}' /proc/self/mounts | sort -u); do mount -o remount,ro,bind "$m" 2>/dev/null; done
            mount -t tmpfs -o size=8m,mode=1777 tmpfs /tmp || exit 97
            for hidden in "$@"; do [ -d "$hidden" ] && { mount -t tmpfs -o ro,size=4k tmpfs "$hidden" || exit 97; }; done
            for m in $(awk '{print $2}' /proc/self/mounts | sort -u); do
              case "$m" in /tmp|/proc|/proc/*) continue;; esac
              awk -v m="$m" '$2==m {print $4}' /proc/self/mounts | grep -q '^ro' || exit 97
            done
            exec prlimit --as="$SB_MEMORY" --cpu="$SB_CPU" --nofile=32 --fsize=8388608 -- "$SB_PYTHON" -I -S -c "$SB_RUNNER"
            """;

    private static final String RUNNER = """
            import json, sys
            request = json.loads(sys.stdin.read())
            scope = {"__name__": "__sandbox__"}
            try:
                exec(compile(request["code"], "code.py", "exec"), scope)
                import inspect
                main = scope["main"]
                names = list(inspect.signature(main).parameters)
                # main(inputs) gets the dict; main(a, b) (Dify style) gets keyword arguments.
                one = len(names) == 1 and names[0] not in request["inputs"]
                result = main(request["inputs"]) if one else main(**request["inputs"])
                if not isinstance(result, dict):
                    raise TypeError("main(inputs) must return a dict")
                out = {"ok": True, "result": result}
            except MemoryError:
                out = {"ok": False, "error": "the code exceeded the memory limit"}
            except BaseException as e:
                out = {"ok": False, "error": type(e).__name__ + ": " + str(e)[:500]}
            sys.stdout.write("\\n" + json.dumps(out))
            """;

    /** Found on the PATH of the gateway; an absolute path is safer. */
    public static final String DEFAULT_COMMAND = "python3";

    public static final int DEFAULT_MEMORY_MEGABYTES = 256;

    private final String python;
    private final int memoryMegabytes;
    private final List<Path> hidden;

    private PythonSandbox(String python, int memoryMegabytes, List<Path> hidden) {
        this.python = python;
        this.memoryMegabytes = memoryMegabytes;
        this.hidden = List.copyOf(hidden);
    }

    /**
     * @param python the Python 3 executable (an absolute path is safest: the sandbox's environment is empty)
     * @param hidden directories the code must not read (the gateway's data directory, its working directory)
     */
    public static PythonSandbox create(String python, int memoryMegabytes, List<Path> hidden) {
        return new PythonSandbox(python, memoryMegabytes, hidden);
    }

    @Override
    public Map<String, Object> run(String language, String code, Map<String, Object> inputs, Duration timeout) {
        String request;
        try {
            request = JSON.writeValueAsString(Map.of("code", code, "inputs", inputs));
        } catch (JsonProcessingException e) {
            throw new WorkflowFailure("the inputs cannot be passed as JSON: " + e.getOriginalMessage());
        }
        List<String> command = new ArrayList<>(List.of(
                "unshare",
                "--user",
                "--map-root-user",
                "--net",
                "--mount",
                "--pid",
                "--fork",
                "--mount-proc",
                "--kill-child",
                "sh",
                "-c",
                SEAL,
                "sandbox"));
        // After $0 ("sandbox") the script's arguments are the directories to hide.
        hidden.forEach(path -> command.add(path.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("PATH", "/usr/bin:/bin:/usr/sbin:/sbin");
        environment.put("SB_PYTHON", python);
        environment.put("SB_RUNNER", RUNNER);
        environment.put("SB_MEMORY", Long.toString(memoryMegabytes * 1024L * 1024L));
        environment.put("SB_CPU", Long.toString(Math.max(1, timeout.toSeconds())));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new WorkflowFailure("the Python sandbox cannot start: " + e.getMessage());
        }
        try {
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(
                    () -> read(process.getInputStream()), r -> VirtualThreads.start("python-sandbox-output", r));
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(request.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the process ended early; its exit status says why
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new WorkflowFailure(
                        "the code exceeded its time limit of " + timeout.toMillis() + " ms and was killed");
            }
            if (process.exitValue() == NOT_SEALED) {
                throw new WorkflowFailure(
                        "the Python sandbox could not make the file system read-only; Python is unavailable");
            }
            String text = new String(output.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8).strip();
            String last = text.isEmpty() ? "" : text.substring(text.lastIndexOf('\n') + 1);
            JsonNode answer;
            try {
                answer = JSON.readTree(last);
            } catch (JsonProcessingException e) {
                answer = null;
            }
            if (answer == null || !answer.isObject()) {
                throw new WorkflowFailure(
                        process.exitValue() == 137 || process.exitValue() == 152
                                ? "the code exceeded its CPU limit and was killed"
                                : "the code was killed (memory limit of " + memoryMegabytes + " MB exceeded or crash)");
            }
            if (!answer.path("ok").asBoolean()) {
                throw new WorkflowFailure(answer.path("error").asText("the code failed"));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> result = JSON.convertValue(answer.path("result"), Map.class);
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkflowFailure("the code run was cancelled");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new WorkflowFailure("the Python sandbox's output could not be read");
        } finally {
            process.destroyForcibly();
        }
    }

    private static byte[] read(InputStream in) {
        try (in) {
            return in.readNBytes(MAX_OUTPUT);
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
