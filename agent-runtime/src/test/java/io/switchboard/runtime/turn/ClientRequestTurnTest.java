package io.switchboard.runtime.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.runtime.app.ApiSettings;
import io.switchboard.runtime.app.AppConfig;
import io.switchboard.runtime.app.MemorySettings;
import io.switchboard.runtime.model.ModelSettings;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.ModelBehaviour;
import io.switchboard.testkit.ModelBehaviour.ToolCall;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A developer-API client's request through the real runtime to the fake OpenAI server. */
class ClientRequestTurnTest {
    private static final String TOOLS = """
            [{"type":"function","function":{"name":"get_weather","description":"Weather in a city",
              "parameters":{"type":"object","properties":{"city":{"type":"string","enum":["Oslo","Rome"]}},
                            "required":["city"],"additionalProperties":false}}}]""";

    private FakeOpenAiServer model;
    private RuntimeFixture fixture;
    private StandardAgentRuntime runtime;

    @BeforeEach
    void start() {
        model = FakeOpenAiServer.create().expectApiKey("sk-test").start();
        fixture = new RuntimeFixture();
        fixture.app("seed", model.baseUrl(), null); // registers the provider
        runtime = fixture.runtime().build();
    }

    @AfterEach
    void stop() {
        model.close();
        fixture.close();
    }

    private void app(String id, ApiSettings api, int tokenBudget) {
        fixture.database
                .apps()
                .create(
                        id,
                        new AppConfig(
                                "API app",
                                "You are the app.",
                                Map.of(),
                                new ModelSettings("fake", "fake-model", 0.2, 100, false),
                                null,
                                null,
                                new MemorySettings(10, tokenBudget, null),
                                null,
                                null,
                                0,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                api));
    }

    private static ClientRequest stateless(
            String system, ClientRequest.Sampling sampling, String tools, String... texts) {
        List<ClientRequest.Message> messages = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            messages.add(new ClientRequest.Message(
                    i % 2 == 0 ? ClientRequest.Message.Role.USER : ClientRequest.Message.Role.ASSISTANT,
                    texts[i],
                    null,
                    null));
        }
        return new ClientRequest(true, messages, system, sampling, null, tools, null);
    }

    private TurnResult run(String app, String conversation, String text, ClientRequest client, boolean stream) {
        List<String> tokens = new ArrayList<>();
        return runtime.run(
                new AgentRequest(app, true, "api", conversation, "u1", text, null, List.of(), null, client),
                stream ? tokens::add : null);
    }

    private JsonArray sentMessages() {
        return model.requests().getLast().body().getJsonArray("messages");
    }

    @Test
    void should_send_the_stateless_history_and_append_the_client_system_message_without_touching_memory() {
        // given
        app("a", ApiSettings.DEFAULT, 2000);
        ClientRequest client = stateless("Answer in French.", null, null, "my name is Ada", "Hello Ada", "my name?");

        // when
        TurnResult result = run("a", "s-1", "my name?", client, false);

        // then
        assertThat(result.text()).isEqualTo("echo: my name? (4 messages)");
        JsonArray sent = sentMessages();
        assertThat(sent.getJsonObject(0).getString("content")).isEqualTo("You are the app.\n\nAnswer in French.");
        assertThat(sent.getJsonObject(1).getString("content")).isEqualTo("my name is Ada");
        assertThat(sent.getJsonObject(2).getString("role")).isEqualTo("assistant");
        assertThat(fixture.memory.recent("draft:a:s-1", 10))
                .as("stateless: nothing remembered")
                .isEmpty();
    }

    @Test
    void should_replace_or_ignore_the_app_prompt_as_the_app_says() {
        app("replace", new ApiSettings(ApiSettings.SystemMessage.REPLACE, null, 0, null), 2000);
        app("ignore", new ApiSettings(ApiSettings.SystemMessage.IGNORE, null, 0, null), 2000);

        run("replace", "r", "hi", stateless("Client prompt.", null, null, "hi"), false);
        assertThat(sentMessages().getJsonObject(0).getString("content")).isEqualTo("Client prompt.");

        run("ignore", "i", "hi", stateless("Client prompt.", null, null, "hi"), false);
        assertThat(sentMessages().getJsonObject(0).getString("content")).isEqualTo("You are the app.");
    }

    @Test
    void should_trim_a_long_stateless_history_to_the_apps_token_budget_keeping_the_question() {
        // given: a budget for about one earlier message
        app("small", ApiSettings.DEFAULT, 12);
        ClientRequest client =
                stateless(null, null, null, "a".repeat(200), "b".repeat(200), "c".repeat(8), "d".repeat(8), "last?");

        // when
        run("small", "t", "last?", client, false);

        // then
        JsonArray sent = sentMessages();
        assertThat(sent.getJsonObject(sent.size() - 1).getString("content")).isEqualTo("last?");
        assertThat(sent.encode()).doesNotContain("aaaa").doesNotContain("bbbb").contains("dddd");
    }

    @Test
    void should_pass_sampling_parameters_to_the_model() {
        app("p", ApiSettings.DEFAULT, 2000);
        var sampling =
                new ClientRequest.Sampling(0.7, 0.5, 42, List.of("END", "STOP"), 1234, 0.25, -0.25, "end-user-9");

        run("p", "p", "hi", stateless(null, sampling, null, "hi"), false);

        JsonObject body = model.requests().getLast().body();
        assertThat(body.getDouble("temperature")).isEqualTo(0.7);
        assertThat(body.getDouble("top_p")).isEqualTo(0.5);
        assertThat(body.getInteger("max_tokens")).isEqualTo(42);
        assertThat(body.getJsonArray("stop")).containsExactly("END", "STOP");
        assertThat(body.getInteger("seed")).isEqualTo(1234);
        assertThat(body.getDouble("presence_penalty")).isEqualTo(0.25);
        assertThat(body.getDouble("frequency_penalty")).isEqualTo(-0.25);
        assertThat(body.getString("user")).isEqualTo("end-user-9");
    }

    @Test
    void should_refuse_parameters_beyond_the_apps_bounds_and_tools_it_refuses() {
        app("bounded", new ApiSettings(null, null, 50, 1.0), 2000);
        var hot = new ClientRequest.Sampling(1.5, null, null, null, null, null, null, null);
        var long_ = new ClientRequest.Sampling(null, null, 51, null, null, null, null, null);

        assertThatThrownBy(() -> run("bounded", "b", "hi", stateless(null, hot, null, "hi"), false))
                .isInstanceOfSatisfying(
                        InvalidClientRequest.class, e -> assertThat(e.param()).isEqualTo("temperature"));
        assertThatThrownBy(() -> run("bounded", "b", "hi", stateless(null, long_, null, "hi"), false))
                .isInstanceOfSatisfying(
                        InvalidClientRequest.class, e -> assertThat(e.param()).isEqualTo("max_tokens"));
        assertThatThrownBy(() -> run("bounded", "b", "hi", stateless(null, null, TOOLS, "hi"), false))
                .isInstanceOfSatisfying(
                        InvalidClientRequest.class, e -> assertThat(e.param()).isEqualTo("tools"));
        assertThat(model.requests()).isEmpty();
    }

    @ParameterizedTest(name = "streaming {0}")
    @ValueSource(booleans = {false, true})
    void should_return_calls_of_client_tools_and_take_their_results_back(boolean stream) {
        // given
        app("tools", new ApiSettings(null, ApiSettings.ClientTools.PASS_THROUGH, 0, null), 2000);
        model.enqueue(ModelBehaviour.callTools(new ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}")));

        // when: the model calls the client's function
        TurnResult first =
                run("tools", "w", "weather in Oslo?", stateless(null, null, TOOLS, "weather in Oslo?"), stream);

        // then
        assertThat(first.finishReason()).isEqualTo("tool_calls");
        assertThat(first.clientToolCalls())
                .containsExactly(new ClientRequest.ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}"));
        JsonObject offered =
                model.requests().getLast().body().getJsonArray("tools").getJsonObject(0);
        assertThat(offered.getJsonObject("function").getString("name")).isEqualTo("get_weather");
        assertThat(offered.getJsonObject("function").getJsonObject("parameters").encode())
                .contains("\"enum\":[\"Oslo\",\"Rome\"]")
                .contains("\"required\":[\"city\"]");

        // when: the client sends the result back
        var messages = List.of(
                new ClientRequest.Message(ClientRequest.Message.Role.USER, "weather in Oslo?", null, null),
                new ClientRequest.Message(
                        ClientRequest.Message.Role.ASSISTANT, "", List.copyOf(first.clientToolCalls()), null),
                new ClientRequest.Message(ClientRequest.Message.Role.TOOL, "sunny, 21 C", null, "call_1"));
        model.enqueue(ModelBehaviour.reply("It is sunny in Oslo."));
        TurnResult second = run(
                "tools",
                "w",
                "weather in Oslo?",
                new ClientRequest(true, messages, null, null, null, TOOLS, null),
                stream);

        // then
        assertThat(second.text()).isEqualTo("It is sunny in Oslo.");
        assertThat(second.finishReason()).isEqualTo("stop");
        JsonArray sent = sentMessages();
        assertThat(sent.getJsonObject(2)
                        .getJsonArray("tool_calls")
                        .getJsonObject(0)
                        .getString("id"))
                .isEqualTo("call_1");
        assertThat(sent.getJsonObject(3).getString("role")).isEqualTo("tool");
        assertThat(sent.getJsonObject(3).getString("tool_call_id")).isEqualTo("call_1");
        assertThat(sent.getJsonObject(3).getString("content")).isEqualTo("sunny, 21 C");
    }

    @Test
    void should_pass_a_json_schema_response_format_to_the_model() {
        app("json", ApiSettings.DEFAULT, 2000);
        String format = """
                {"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object",
                  "properties":{"city":{"type":"string"}},"required":["city"]}}}""";

        run(
                "json",
                "j",
                "hi",
                new ClientRequest(
                        true,
                        List.of(new ClientRequest.Message(ClientRequest.Message.Role.USER, "hi", null, null)),
                        null,
                        null,
                        format,
                        null,
                        null),
                false);

        JsonObject sent = model.requests().getLast().body().getJsonObject("response_format");
        assertThat(sent.getString("type")).isEqualTo("json_schema");
        assertThat(sent.getJsonObject("json_schema").getString("name")).isEqualTo("answer");
        assertThat(sent.getJsonObject("json_schema").getJsonObject("schema").encode())
                .contains("\"required\":[\"city\"]");
    }

    @Test
    void should_report_the_models_reason_when_it_refuses_the_input() {
        app("refusing", ApiSettings.DEFAULT, 2000);
        model.enqueue(ModelBehaviour.fail(400, "Your request was rejected by our content filter."));

        TurnResult result = run("refusing", "x", "something bad", stateless(null, null, null, "something bad"), false);

        assertThat(result.failed()).isTrue();
        assertThat(result.rejection()).isEqualTo("Your request was rejected by our content filter.");
    }
}
