package io.switchboard.runtime.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * The sandbox worker process: reads one JSON request per line on stdin ({@code code}, {@code inputs}
 * as JSON text, {@code timeoutMs}, {@code statementLimit}), runs {@code main(inputs)} in a fresh GraalJS
 * context under {@link SandboxPolicy#CONSTRAINED} (no host classes, no files, no network, no threads),
 * and writes one JSON response per line. A request {@code {"warmUp": n}} (no answer) starts warming the
 * JIT in the background ({@link WorkerWarmUp}). Its heap is capped by the parent's {@code -Xmx}: a memory bomb
 * ends this process, never the gateway.
 */
public final class SandboxWorkerMain {
    private static final String RUNNER = "JSON.stringify((() => { const r = main(JSON.parse(__inputs)); "
            + "if (r === null || typeof r !== 'object' || Array.isArray(r)) "
            + "{ throw new TypeError('main(inputs) must return an object'); } return r; })())";

    private static final String MEMORY = "the code exceeded the memory limit";

    private SandboxWorkerMain() {}

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        // Nothing else may write to stdout: it is the protocol channel.
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sandbox-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        try (Engine engine = Engine.newBuilder("js")
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false")
                .build()) {
            Source runner = Source.create("js", RUNNER);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            long configuredLimit = args.length > 0 ? Long.parseLong(args[0]) : SandboxConfig.DEFAULT_STATEMENT_LIMIT;
            Prepared prepared = Prepared.create(engine, configuredLimit);
            out.println("{\"ready\":true}");
            String line;
            WorkerWarmUp warmUp = new WorkerWarmUp();
            while ((line = in.readLine()) != null) {
                ObjectNode request = (ObjectNode) json.readTree(line);
                if (request.has("warmUp")) {
                    warmUp.startOnce(
                            engine,
                            runner,
                            configuredLimit,
                            request.path("warmUp").asInt());
                    continue;
                }
                warmUp.serving(true);
                ObjectNode response =
                        json.createObjectNode().put("id", request.path("id").asLong());
                long limit = request.path("statementLimit").asLong(configuredLimit);
                Context context = prepared.limit() == limit
                        ? prepared.context()
                        : Prepared.create(engine, limit).context();
                if (prepared.limit() != limit) {
                    prepared.context().close();
                }
                try {
                    String result = run(context, runner, request, watchdog);
                    response.put("ok", true).put("result", result);
                } catch (OutOfMemoryError e) {
                    out.println(response.put("ok", false).put("error", MEMORY));
                    System.exit(3);
                } catch (PolyglotException e) {
                    String error = describe(e);
                    if (error.equals(MEMORY)) {
                        // The heap may be left in a bad state: answer, then let the parent start a fresh worker.
                        out.println(response.put("ok", false).put("error", error));
                        System.exit(3);
                    }
                    response.put("ok", false).put("error", error);
                } catch (RuntimeException e) {
                    response.put("ok", false)
                            .put("error", "sandbox error: " + e.getClass().getSimpleName());
                }
                out.println(response);
                // Every run gets a fresh context (no state leaks between runs); closing this one and
                // building the next one now, after answering, keeps their cost off the runs' latency.
                context.close(true);
                prepared = Prepared.create(engine, limit);
                warmUp.serving(false);
            }
        }
    }

    /** A fresh context built ahead of the request that will use it. */
    private record Prepared(Context context, long limit) {
        static Prepared create(Engine engine, long statementLimit) {
            return new Prepared(newContext(engine, statementLimit), statementLimit);
        }
    }

    /** A new context under the sandbox policy and the statement limit, its JavaScript realm initialised. */
    static Context newContext(Engine engine, long statementLimit) {
        ResourceLimits limits =
                ResourceLimits.newBuilder().statementLimit(statementLimit, null).build();
        Context context = Context.newBuilder("js")
                .engine(engine)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .resourceLimits(limits)
                .build();
        // Initialising the JavaScript realm is most of a context's cost: do it now, not in the request.
        context.initialize("js");
        return context;
    }

    private static String run(Context context, Source runner, ObjectNode request, ScheduledExecutorService watchdog) {
        ScheduledFuture<?> timer = watchdog.schedule(
                () -> context.close(true), request.path("timeoutMs").asLong(5_000), TimeUnit.MILLISECONDS);
        try {
            context.eval(Source.newBuilder("js", request.path("code").asText(), "code.js")
                    .cached(true)
                    .buildLiteral());
            context.getBindings("js")
                    .putMember("__inputs", request.path("inputs").asText("{}"));
            Value result = context.eval(runner);
            return result.asString();
        } finally {
            timer.cancel(false);
        }
    }

    private static String describe(PolyglotException e) {
        String message = e.getMessage() == null ? "error" : e.getMessage();
        if (e.isResourceExhausted()
                && message.toLowerCase(java.util.Locale.ROOT).contains("statement")) {
            return "the code exceeded its statement limit";
        }
        if (e.isCancelled()) {
            return "the code exceeded its time limit";
        }
        if (e.isResourceExhausted()
                || message.contains("OutOfMemoryError")
                || (e.isHostException() && e.asHostException() instanceof OutOfMemoryError)) {
            return MEMORY;
        }
        return message.length() > 500 ? message.substring(0, 500) : message;
    }
}
