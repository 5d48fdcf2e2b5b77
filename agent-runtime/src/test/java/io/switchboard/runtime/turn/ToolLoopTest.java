package io.switchboard.runtime.turn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.switchboard.runtime.app.SkillSettings;
import io.switchboard.runtime.model.ProviderKind;
import io.switchboard.runtime.tool.Tool;
import io.switchboard.runtime.tool.ToolException;
import io.switchboard.runtime.tool.ToolProvider;
import io.switchboard.runtime.tool.ToolRegistry;
import io.switchboard.testkit.FakeOllamaServer;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.ModelBehaviour;
import io.switchboard.testkit.ModelBehaviour.ToolCall;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ToolLoopTest {
    private FakeOpenAiServer model;
    private RuntimeFixture fixture;
    private final CountDownLatch bothStarted = new CountDownLatch(2);

    @BeforeEach
    void start() {
        model = FakeOpenAiServer.create().expectApiKey("sk-test").start();
        fixture = new RuntimeFixture();
    }

    @AfterEach
    void stop() {
        model.close();
        fixture.close();
    }

    private ToolRegistry registry() {
        List<Tool> tools = List.of(
                tool("add", args -> {
                    JsonObject a = new JsonObject(args);
                    return String.valueOf(a.getInteger("a") + a.getInteger("b"));
                }),
                tool("parallel_a", args -> rendezvous("A")),
                tool("parallel_b", args -> rendezvous("B")),
                tool("broken", args -> {
                    throw new ToolException("the service said no");
                }),
                tool("slow", args -> {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return "too late";
                }));
        return ToolRegistry.create(List.of(() -> List.of(new ToolProvider("test", "builtin", "Test", "", tools))));
    }

    /** Returns only when the other parallel tool started too: proves the calls ran at the same time. */
    private String rendezvous(String name) {
        bothStarted.countDown();
        try {
            return bothStarted.await(5, TimeUnit.SECONDS) ? name + " ran in parallel" : name + " ran alone";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static Tool tool(String name, UnaryOperator<String> body) {
        ToolSpecification spec = ToolSpecification.builder()
                .name(name)
                .description("test tool " + name)
                .parameters(JsonObjectSchema.builder()
                        .addIntegerProperty("a")
                        .addIntegerProperty("b")
                        .build())
                .build();
        return new Tool() {
            @Override
            public ToolSpecification specification() {
                return spec;
            }

            @Override
            public String execute(String argumentsJson) {
                return body.apply(argumentsJson);
            }
        };
    }

    private TurnResult turn(SkillSettings skills, boolean streaming, List<String> tokens) {
        fixture.app("app1", model.baseUrl(), skills);
        AgentRuntime runtime = fixture.runtime().tools(registry()).build();
        return runtime.run(
                new AgentRequest("app1", true, "debug", "c1", "u1", "what is 2+3?", null, List.of(), null),
                streaming ? tokens::add : null);
    }

    @Test
    void should_run_a_tool_call_and_answer_with_its_result() {
        model.enqueue(
                ModelBehaviour.callTools(new ToolCall("call_1", "add", "{\"a\":2,\"b\":3}")),
                ModelBehaviour.reply("The sum is 5."));

        TurnResult result = turn(new SkillSettings(List.of("test/add"), null, null, 0, 0), false, null);

        assertThat(result.text()).isEqualTo("The sum is 5.");
        assertThat(result.toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo("add");
            assertThat(call.arguments()).isEqualTo("{\"a\":2,\"b\":3}");
            assertThat(call.resultChars()).isEqualTo(1);
            assertThat(call.error()).isNull();
        });
        JsonObject first = model.requests().get(0).body();
        assertThat(first.getJsonArray("tools")
                        .getJsonObject(0)
                        .getJsonObject("function")
                        .getString("name"))
                .isEqualTo("add");
        JsonArray second = model.requests().get(1).body().getJsonArray("messages");
        JsonObject toolMessage = second.getJsonObject(second.size() - 1);
        assertThat(toolMessage.getString("role")).isEqualTo("tool");
        assertThat(toolMessage.getString("tool_call_id")).isEqualTo("call_1");
        assertThat(toolMessage.getString("content")).isEqualTo("5");
        assertThat(fixture.logs)
                .singleElement()
                .satisfies(log -> assertThat(log.toolCalls()).hasSize(1));
    }

    @Test
    void should_call_a_tool_through_ollama_native_function_calling() {
        try (FakeOllamaServer ollama = FakeOllamaServer.create().start()) {
            fixture.app("ollama-app", ProviderKind.OLLAMA, ollama.baseUrl(), toolAdd());
            AgentRuntime runtime = fixture.runtime().tools(registry()).build();
            for (boolean streaming : List.of(false, true)) {
                ollama.enqueue(
                        ModelBehaviour.callTools(new ToolCall("call_1", "add", "{\"a\":2,\"b\":3}")),
                        ModelBehaviour.reply("The sum is 5."));
                List<String> tokens = new ArrayList<>();

                TurnResult result = runtime.run(
                        new AgentRequest(
                                "ollama-app",
                                true,
                                "debug",
                                "c-" + streaming,
                                "u1",
                                "what is 2+3?",
                                null,
                                List.of(),
                                null),
                        streaming ? tokens::add : null);

                assertThat(result.text()).isEqualTo("The sum is 5.");
                if (streaming) {
                    assertThat(String.join("", tokens)).isEqualTo("The sum is 5.");
                }
                assertThat(result.toolCalls()).singleElement().satisfies(call -> {
                    assertThat(call.name()).isEqualTo("add");
                    assertThat(new JsonObject(call.arguments())).isEqualTo(new JsonObject("{\"a\":2,\"b\":3}"));
                    assertThat(call.error()).isNull();
                });
                List<JsonObject> bodies = ollama.requests().stream()
                        .map(request -> request.body())
                        .toList();
                JsonObject first = bodies.get(bodies.size() - 2);
                assertThat(first.getJsonArray("tools")
                                .getJsonObject(0)
                                .getJsonObject("function")
                                .getString("name"))
                        .isEqualTo("add");
                JsonArray second = bodies.get(bodies.size() - 1).getJsonArray("messages");
                JsonObject replayed = second.getJsonObject(second.size() - 2)
                        .getJsonArray("tool_calls")
                        .getJsonObject(0)
                        .getJsonObject("function");
                assertThat(replayed.getString("name")).isEqualTo("add");
                assertThat(replayed.getValue("arguments")).isEqualTo(new JsonObject("{\"a\":2,\"b\":3}"));
                JsonObject toolMessage = second.getJsonObject(second.size() - 1);
                assertThat(toolMessage.getString("role")).isEqualTo("tool");
                assertThat(toolMessage.getString("content")).isEqualTo("5");
            }
        }
    }

    private static SkillSettings toolAdd() {
        return new SkillSettings(List.of("test/add"), null, null, 0, 0);
    }

    @Test
    void should_assemble_streamed_tool_call_deltas_and_stream_the_answer() {
        model.enqueue(
                ModelBehaviour.callTools(new ToolCall("call_1", "add", "{\"a\":20,\"b\":22}")),
                ModelBehaviour.reply("It is 42."));
        List<String> tokens = new ArrayList<>();

        TurnResult result = turn(new SkillSettings(List.of("test/add"), null, null, 0, 0), true, tokens);

        assertThat(String.join("", tokens)).isEqualTo("It is 42.");
        assertThat(result.toolCalls())
                .singleElement()
                .satisfies(call -> assertThat(call.arguments()).isEqualTo("{\"a\":20,\"b\":22}"));
        JsonArray second = model.requests().get(1).body().getJsonArray("messages");
        assertThat(second.getJsonObject(second.size() - 1).getString("content")).isEqualTo("42");
    }

    @Test
    void should_run_calls_of_one_step_in_parallel() {
        model.enqueue(
                ModelBehaviour.callTools(
                        new ToolCall("call_a", "parallel_a", "{}"), new ToolCall("call_b", "parallel_b", "{}")),
                ModelBehaviour.reply("done"));

        TurnResult result =
                turn(new SkillSettings(List.of("test/parallel_a", "test/parallel_b"), null, null, 0, 0), false, null);

        assertThat(result.toolCalls()).extracting(ToolCallLog::error).containsOnlyNulls();
        JsonArray messages = model.requests().get(1).body().getJsonArray("messages");
        assertThat(messages.getJsonObject(messages.size() - 2).getString("content"))
                .isEqualTo("A ran in parallel");
        assertThat(messages.getJsonObject(messages.size() - 1).getString("content"))
                .isEqualTo("B ran in parallel");
    }

    @Test
    void should_tell_the_model_about_failures_timeouts_and_unknown_tools() {
        model.enqueue(
                ModelBehaviour.callTools(
                        new ToolCall("c1", "broken", "{}"),
                        new ToolCall("c2", "slow", "{}"),
                        new ToolCall("c3", "no_such_tool", "{}")),
                ModelBehaviour.reply("sorry"));

        TurnResult result = turn(new SkillSettings(List.of("test/broken", "test/slow"), null, null, 0, 1), false, null);

        assertThat(result.failed()).isFalse();
        assertThat(result.toolCalls())
                .extracting(ToolCallLog::error)
                .containsExactly(
                        "the service said no",
                        "tool 'slow' timed out after 1 s",
                        "there is no tool named 'no_such_tool'");
        JsonArray messages = model.requests().get(1).body().getJsonArray("messages");
        assertThat(messages.getJsonObject(messages.size() - 3).getString("content"))
                .isEqualTo("error: the service said no");
    }

    @Test
    void should_stop_offering_tools_at_the_step_cap() {
        for (int i = 0; i < 2; i++) {
            model.enqueue(ModelBehaviour.callTools(new ToolCall("c" + i, "add", "{\"a\":1,\"b\":1}")));
        }
        model.enqueue(ModelBehaviour.reply("final"));

        TurnResult result = turn(new SkillSettings(List.of("test/add"), null, null, 2, 0), false, null);

        assertThat(result.text()).isEqualTo("final");
        assertThat(model.requests()).hasSize(3);
        assertThat(model.requests().get(2).body().containsKey("tools")).isFalse();
        assertThat(result.toolCalls()).hasSize(2);
    }

    @Test
    void should_keep_the_plain_path_when_no_tools_are_bound() {
        TurnResult result = turn(SkillSettings.NONE, false, null);

        assertThat(result.text()).startsWith("echo: what is 2+3?");
        assertThat(model.requests().get(0).body().containsKey("tools")).isFalse();
    }
}
