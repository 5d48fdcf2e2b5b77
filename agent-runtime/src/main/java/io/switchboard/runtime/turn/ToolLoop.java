package io.switchboard.runtime.turn;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import io.switchboard.runtime.app.SkillSettings;
import io.switchboard.runtime.model.CallOptions;
import io.switchboard.runtime.model.ModelInvoker;
import io.switchboard.runtime.model.ModelRoute;
import io.switchboard.runtime.model.ModelSettings;
import io.switchboard.runtime.model.ModelStep;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.tool.Tool;
import io.switchboard.runtime.tool.ToolException;
import io.switchboard.tracing.Tracing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent loop: model → tool calls (in parallel, each on its own virtual thread, with a timeout) →
 * model ..., until the model answers or the step cap is reached; then one last call without tools
 * makes it answer with what it has. Tool failures go back to the model as text. Also the workflow agent
 * node's loop. Blocking: call from a virtual thread.
 */
public final class ToolLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ToolLoop.class);

    private final ModelInvoker models;
    private final ExecutorService executor;

    /** @param executor runs the tool calls of a step (virtual threads) */
    public ToolLoop(ModelInvoker models, ExecutorService executor) {
        this.models = models;
        this.executor = executor;
    }

    private record Timed(String text, long millis) {}

    /**
     * The answer, the tokens spent and every tool call made.
     *
     * @param clientCalls calls of the client's tools the model asked for (the turn ends with them)
     * @param finishReason why the last model call stopped
     * @param model the model that made the last call ({@code providerId/modelName})
     */
    public record Result(
            String text,
            int inputTokens,
            int outputTokens,
            List<ToolCallLog> calls,
            List<ToolExecutionRequest> clientCalls,
            String finishReason,
            String model) {}

    /**
     * Runs the loop; {@code skills} gives the step cap and the tool timeout.
     *
     * @param tools by the name the model calls them
     * @param onToken streamed answer text, or null
     */
    public Result run(
            ProviderConfig provider,
            ModelSettings settings,
            List<ChatMessage> prompt,
            Map<String, Tool> tools,
            SkillSettings skills,
            Consumer<String> onToken) {
        return run(
                List.of(new ModelRoute(provider, settings)),
                prompt,
                tools,
                List.of(),
                CallOptions.NONE,
                skills,
                onToken);
    }

    /**
     * @param clientTools a developer-API client's functions, offered with the app's tools: when the
     *     model calls one of them, the loop ends and returns the calls for the client to run
     * @param options the client's per-call settings
     * @param routes the app's model and its fallbacks; once a streamed step delivered text, later
     *     steps stay with the model that wrote it (no fallback after the first token)
     */
    Result run(
            List<ModelRoute> routes,
            List<ChatMessage> prompt,
            Map<String, Tool> tools,
            List<ToolSpecification> clientTools,
            CallOptions options,
            SkillSettings skills,
            Consumer<String> onToken) {
        List<ChatMessage> messages = new ArrayList<>(prompt);
        List<ToolSpecification> specs = new ArrayList<>();
        tools.values().forEach(tool -> specs.add(tool.specification()));
        specs.addAll(clientTools);
        Set<String> clientNames =
                clientTools.stream().map(ToolSpecification::name).collect(Collectors.toSet());
        List<ToolCallLog> calls = new ArrayList<>();
        StringBuilder streamed = new StringBuilder();
        int input = 0;
        int output = 0;
        for (int step = 1; step <= skills.maxSteps() + 1; step++) {
            // The step after the cap offers no tools: the model has to answer with what it has.
            boolean last = step > skills.maxSteps();
            ModelStep answer = models.invokeWithTools(
                    routes, messages, last ? List.of() : specs, last ? options.withoutToolChoice() : options, onToken);
            if (onToken != null && !answer.text().isEmpty() && routes.size() > 1) {
                routes = pinned(routes, answer.model());
            }
            input += answer.inputTokens();
            output += answer.outputTokens();
            streamed.append(answer.text());
            String text = onToken == null ? answer.text() : streamed.toString();
            if (answer.toolCalls().isEmpty() || last) {
                return new Result(text, input, output, calls, List.of(), answer.finishReason(), answer.model());
            }
            if (answer.toolCalls().stream().anyMatch(call -> clientNames.contains(call.name()))) {
                // The client runs its own functions; calls of the app's tools in the same step wait for the next.
                List<ToolExecutionRequest> clientCalls = answer.toolCalls().stream()
                        .filter(call -> clientNames.contains(call.name()))
                        .toList();
                return new Result(text, input, output, calls, clientCalls, "tool_calls", answer.model());
            }
            messages.add(answer.message());
            runCalls(step, answer.toolCalls(), tools, skills, messages, calls);
        }
        throw new IllegalStateException("unreachable");
    }

    /** Just the route that answered: text it streamed reached the user. */
    private static List<ModelRoute> pinned(List<ModelRoute> routes, String model) {
        return routes.stream()
                .filter(route -> route.label().equals(model))
                .findFirst()
                .map(List::of)
                .orElse(routes);
    }

    private void runCalls(
            int step,
            List<ToolExecutionRequest> requests,
            Map<String, Tool> tools,
            SkillSettings skills,
            List<ChatMessage> messages,
            List<ToolCallLog> calls) {
        long startNanos = System.nanoTime();
        long deadline = startNanos + TimeUnit.SECONDS.toNanos(skills.toolTimeoutSeconds());
        List<Future<Timed>> running = new ArrayList<>(requests.size());
        for (ToolExecutionRequest request : requests) {
            Tool tool = tools.get(request.name());
            running.add(
                    tool == null
                            ? null
                            : executor.submit(Tracing.wrap(() -> Tracing.span("execute_tool " + request.name())
                                    .set("gen_ai.operation.name", "execute_tool")
                                    .set("gen_ai.tool.name", request.name())
                                    .set("gen_ai.tool.call.id", request.id())
                                    .set("switchboard.tool.step", step)
                                    .call(() -> {
                                        long began = System.nanoTime();
                                        String text = tool.execute(request.arguments());
                                        return new Timed(
                                                text == null ? "" : text, (System.nanoTime() - began) / 1_000_000);
                                    }))));
        }
        for (int i = 0; i < requests.size(); i++) {
            ToolExecutionRequest request = requests.get(i);
            Future<Timed> future = running.get(i);
            String result;
            String error = null;
            long latencyMs = -1;
            try {
                if (future == null) {
                    throw new ToolException("there is no tool named '" + request.name() + "'");
                }
                Timed done = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                result = done.text();
                latencyMs = done.millis();
            } catch (TimeoutException e) {
                future.cancel(true);
                error = "tool '" + request.name() + "' timed out after " + skills.toolTimeoutSeconds() + " s";
                result = "error: " + error;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.forEach(f -> {
                    if (f != null) {
                        f.cancel(true);
                    }
                });
                throw new IllegalStateException("turn interrupted while tools ran");
            } catch (ExecutionException | ToolException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                if (cause instanceof ToolException) {
                    error = cause.getMessage();
                } else {
                    LOG.warn("tool '{}' failed unexpectedly", request.name(), cause);
                    error = "internal error in tool '" + request.name() + "' ("
                            + cause.getClass().getSimpleName() + ")";
                }
                result = "error: " + error;
            }
            if (latencyMs < 0) {
                latencyMs = (System.nanoTime() - startNanos) / 1_000_000;
            }
            calls.add(new ToolCallLog(step, request.name(), request.arguments(), result.length(), latencyMs, error));
            messages.add(ToolExecutionResultMessage.from(request, result));
        }
    }
}
