package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionTool;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.switchboard.testkit.ModelBehaviour;
import io.switchboard.testkit.ModelBehaviour.ToolCall;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The developer API driven by three real clients — the official OpenAI Java SDK, LangChain4j's OpenAI
 * chat model and the official OpenAI Python client — against a real gateway and the fake OpenAI
 * server: plain and streamed answers, stateless history with the client's system message, request
 * parameters reaching the model, function calling round trips, and errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeveloperApiClientsTest {
    /** The pinned OpenAI Python client (bin/test installs it with pip when missing). */
    static final String PYTHON_OPENAI_VERSION = "3.57.0";

    private DevApiGateway api;
    private OpenAIClient openai;

    @BeforeAll
    void start(@TempDir Path dir) {
        api = new DevApiGateway(dir);
        openai = OpenAIOkHttpClient.builder()
                .baseUrl(api.v1())
                .apiKey(api.apiKey)
                .maxRetries(0)
                .build();
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
    }

    @BeforeEach
    void resetModel() {
        api.model.reset();
    }

    private static ChatCompletionCreateParams.Builder history() {
        return ChatCompletionCreateParams.builder()
                .model(DevApiGateway.APP)
                .addSystemMessage("Be brief.")
                .addUserMessage("my name is Ada")
                .addAssistantMessage("Hello Ada")
                .addUserMessage("what is my name?");
    }

    private void assertHistoryReachedTheModel() {
        JsonArray sent = api.lastModelRequest().getJsonArray("messages");
        assertThat(sent.getJsonObject(0).getString("role")).isEqualTo("system");
        assertThat(sent.getJsonObject(0).getString("content")).isEqualTo(DevApiGateway.APP_PROMPT + "\n\nBe brief.");
        assertThat(sent.getJsonObject(1).getString("content")).isEqualTo("my name is Ada");
        assertThat(sent.getJsonObject(2).getString("content")).isEqualTo("Hello Ada");
        assertThat(sent).hasSize(4);
    }

    private static final String WEATHER_SCHEMA =
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}";

    // ---- the official OpenAI Java SDK

    @Test
    void java_sdk_should_answer_a_stateless_history_plain_and_streamed() {
        ChatCompletion plain = openai.chat().completions().create(history().build());

        assertThat(plain.choices().getFirst().message().content()).hasValue("echo: what is my name? (4 messages)");
        assertThat(plain._additionalProperties()).doesNotContainKey("conversation_id");
        assertHistoryReachedTheModel();

        String streamed;
        try (StreamResponse<ChatCompletionChunk> stream =
                openai.chat().completions().createStreaming(history().build())) {
            streamed = stream.stream()
                    .flatMap(chunk -> chunk.choices().stream())
                    .map(choice -> choice.delta().content().orElse(""))
                    .collect(Collectors.joining());
        }
        assertThat(streamed).isEqualTo("echo: what is my name? (4 messages)");
        assertHistoryReachedTheModel();
    }

    @Test
    void java_sdk_should_send_its_parameters_to_the_model() {
        openai.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model(DevApiGateway.APP)
                        .addUserMessage("hi")
                        .temperature(0.4)
                        .topP(0.8)
                        .maxCompletionTokens(100)
                        .stop("END")
                        .seed(99)
                        .presencePenalty(0.1)
                        .frequencyPenalty(0.2)
                        .user("java-user")
                        .build());

        JsonObject sent = api.lastModelRequest();
        assertThat(sent.getDouble("temperature")).isEqualTo(0.4);
        assertThat(sent.getDouble("top_p")).isEqualTo(0.8);
        assertThat(sent.getInteger("max_tokens")).isEqualTo(100);
        assertThat(sent.getJsonArray("stop")).containsExactly("END");
        assertThat(sent.getInteger("seed")).isEqualTo(99);
        assertThat(sent.getDouble("presence_penalty")).isEqualTo(0.1);
        assertThat(sent.getDouble("frequency_penalty")).isEqualTo(0.2);
        assertThat(sent.getString("user")).isEqualTo("java-user");
    }

    @Test
    void java_sdk_should_get_400s_naming_the_problem() {
        assertThatThrownBy(
                        () -> openai.chat().completions().create(history().n(2).build()))
                .isInstanceOfSatisfying(
                        BadRequestException.class,
                        e -> assertThat(e.getMessage()).contains("n = 1"));
        assertThatThrownBy(() -> openai.chat()
                        .completions()
                        .create(history()
                                .maxCompletionTokens(DevApiGateway.MAX_TOKENS + 1)
                                .build()))
                .isInstanceOfSatisfying(
                        BadRequestException.class,
                        e -> assertThat(e.getMessage()).contains("at most 500"));
        assertThatThrownBy(() -> openai.chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model(DevApiGateway.APP)
                                .addUserMessage("\u0011")
                                .build()))
                .isInstanceOfSatisfying(
                        BadRequestException.class,
                        e -> assertThat(e.getMessage()).contains("control characters"));
        assertThat(api.model.requests()).isEmpty();

        api.model.enqueue(ModelBehaviour.fail(400, "Input rejected by the content filter."));
        assertThatThrownBy(() -> openai.chat().completions().create(history().build()))
                .isInstanceOfSatisfying(
                        BadRequestException.class,
                        e -> assertThat(e.getMessage()).contains("Input rejected by the content filter."));
    }

    @Test
    void java_sdk_should_complete_a_function_calling_round_trip_plain_and_streamed() {
        ChatCompletionTool weather = ChatCompletionTool.ofFunction(ChatCompletionFunctionTool.builder()
                .function(FunctionDefinition.builder()
                        .name("get_weather")
                        .description("Weather in a city")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty(
                                        "properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                                .build())
                        .build())
                .build());
        for (boolean stream : new boolean[] {false, true}) {
            api.model.enqueue(
                    ModelBehaviour.callTools(new ToolCall("call_" + stream, "get_weather", "{\"city\":\"Oslo\"}")),
                    ModelBehaviour.reply("Sunny in Oslo."));
            ChatCompletionCreateParams first = ChatCompletionCreateParams.builder()
                    .model(DevApiGateway.APP)
                    .addUserMessage("weather in Oslo?")
                    .tools(List.of(weather))
                    .build();

            String id;
            String arguments;
            if (stream) {
                try (StreamResponse<ChatCompletionChunk> chunks =
                        openai.chat().completions().createStreaming(first)) {
                    List<ChatCompletionChunk.Choice> choices = chunks.stream()
                            .flatMap(chunk -> chunk.choices().stream())
                            .toList();
                    var call = choices.stream()
                            .flatMap(choice -> choice.delta().toolCalls().orElse(List.of()).stream())
                            .findFirst()
                            .orElseThrow();
                    id = call.id().orElseThrow();
                    assertThat(call.function().orElseThrow().name()).hasValue("get_weather");
                    arguments = call.function().orElseThrow().arguments().orElseThrow();
                    assertThat(choices.getLast().finishReason())
                            .contains(ChatCompletionChunk.Choice.FinishReason.TOOL_CALLS);
                }
            } else {
                ChatCompletion completion = openai.chat().completions().create(first);
                var choice = completion.choices().getFirst();
                assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
                ChatCompletionMessageFunctionToolCall call =
                        choice.message().toolCalls().orElseThrow().getFirst().asFunction();
                id = call.id();
                arguments = call.function().arguments();
            }
            assertThat(id).isEqualTo("call_" + stream);
            assertThat(arguments).isEqualTo("{\"city\":\"Oslo\"}");
            assertThat(api.lastModelRequest().getJsonArray("tools").encode()).contains("get_weather");

            ChatCompletion answer = openai.chat()
                    .completions()
                    .create(first.toBuilder()
                            .addMessage(com.openai.models.chat.completions.ChatCompletionAssistantMessageParam.builder()
                                    .addToolCall(ChatCompletionMessageFunctionToolCall.builder()
                                            .id(id)
                                            .function(ChatCompletionMessageFunctionToolCall.Function.builder()
                                                    .name("get_weather")
                                                    .arguments(arguments)
                                                    .build())
                                            .build())
                                    .build())
                            .addMessage(ChatCompletionToolMessageParam.builder()
                                    .toolCallId(id)
                                    .content("sunny, 21 C")
                                    .build())
                            .build());
            assertThat(answer.choices().getFirst().message().content()).hasValue("Sunny in Oslo.");
            JsonArray sent = api.lastModelRequest().getJsonArray("messages");
            assertThat(sent.getJsonObject(sent.size() - 1).getString("tool_call_id"))
                    .isEqualTo(id);
            assertThat(sent.getJsonObject(sent.size() - 1).getString("content")).isEqualTo("sunny, 21 C");
        }
    }

    @Test
    void java_sdk_should_embed_with_the_apps_model_and_name_a_bad_model() {
        CreateEmbeddingResponse response = openai.embeddings()
                .create(EmbeddingCreateParams.builder()
                        .model(DevApiGateway.APP)
                        .inputOfArrayOfStrings(List.of("What is Switchboard?", "Switchboard 是什么？"))
                        .build());

        assertThat(response.data()).hasSize(2);
        List<Float> vector = response.data().getFirst().embedding();
        assertThat(vector).as("the default knowledge model, bge-small-zh-v15").hasSize(512);
        assertThat(vector.stream().mapToDouble(v -> v * v).sum()).isCloseTo(1.0, within(1e-3));
        assertThat(response.model()).isEqualTo("bge-small-zh-v15");
        assertThat(response.usage().promptTokens()).isPositive();
        assertThatThrownBy(() -> openai.embeddings()
                        .create(EmbeddingCreateParams.builder()
                                .model("text-embedding-3-small")
                                .input("hi")
                                .build()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> openai.embeddings()
                        .create(EmbeddingCreateParams.builder()
                                .model(DevApiGateway.APP)
                                .input("hi")
                                .dimensions(256)
                                .build()))
                .isInstanceOfSatisfying(
                        BadRequestException.class,
                        e -> assertThat(e.getMessage()).contains("512 dimensions"));
    }

    // ---- LangChain4j's OpenAI chat model pointed at Switchboard

    private OpenAiChatModel.OpenAiChatModelBuilder langchain() {
        return OpenAiChatModel.builder()
                .baseUrl(api.v1())
                .apiKey(api.apiKey)
                .modelName(DevApiGateway.APP)
                .timeout(Duration.ofSeconds(20))
                .maxRetries(0);
    }

    private static ChatRequest langchainHistory() {
        return ChatRequest.builder()
                .messages(
                        SystemMessage.from("Be brief."),
                        UserMessage.from("my name is Ada"),
                        AiMessage.from("Hello Ada"),
                        UserMessage.from("what is my name?"))
                .build();
    }

    @Test
    void langchain4j_should_answer_a_stateless_history_plain_and_streamed() throws Exception {
        ChatResponse plain = langchain().build().chat(langchainHistory());
        assertThat(plain.aiMessage().text()).isEqualTo("echo: what is my name? (4 messages)");
        assertHistoryReachedTheModel();

        var streaming = OpenAiStreamingChatModel.builder()
                .baseUrl(api.v1())
                .apiKey(api.apiKey)
                .modelName(DevApiGateway.APP)
                .timeout(Duration.ofSeconds(20))
                .build();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        StringBuilder tokens = new StringBuilder();
        streaming.chat(langchainHistory(), new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                tokens.append(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse streamed = done.get(20, TimeUnit.SECONDS);
        assertThat(tokens.toString()).isEqualTo("echo: what is my name? (4 messages)");
        assertThat(streamed.aiMessage().text()).isEqualTo(tokens.toString());
        assertHistoryReachedTheModel();
    }

    @Test
    void langchain4j_should_send_its_parameters_and_get_400s() {
        langchain()
                .temperature(0.3)
                .topP(0.7)
                .maxTokens(50)
                .stop(List.of("STOP"))
                .seed(5)
                .presencePenalty(0.3)
                .frequencyPenalty(0.4)
                .user("lc4j-user")
                .build()
                .chat(UserMessage.from("hi"));
        JsonObject sent = api.lastModelRequest();
        assertThat(sent.getDouble("temperature")).isEqualTo(0.3);
        assertThat(sent.getDouble("top_p")).isEqualTo(0.7);
        assertThat(sent.getInteger("max_tokens")).isEqualTo(50);
        assertThat(sent.getJsonArray("stop")).containsExactly("STOP");
        assertThat(sent.getInteger("seed")).isEqualTo(5);
        assertThat(sent.getString("user")).isEqualTo("lc4j-user");

        // LangChain4j itself refuses text String.trim() empties; DEL and CSI are control characters above it.
        assertThatThrownBy(() -> langchain().build().chat(UserMessage.from("\u007f\u009b")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> langchain().temperature(2.5).build().chat(UserMessage.from("hi")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("temperature");
        api.model.enqueue(ModelBehaviour.fail(400, "Refused: policy."));
        assertThatThrownBy(() -> langchain().build().chat(UserMessage.from("hi")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Refused: policy.");
    }

    @Test
    void langchain4j_should_complete_a_function_calling_round_trip() {
        ToolSpecification weather = ToolSpecification.builder()
                .name("get_weather")
                .description("Weather in a city")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("city")
                        .required("city")
                        .build())
                .build();
        api.model.enqueue(
                ModelBehaviour.callTools(new ToolCall("call_lc", "get_weather", "{\"city\":\"Rome\"}")),
                ModelBehaviour.reply("Warm in Rome."));
        OpenAiChatModel model = langchain().build();
        UserMessage question = UserMessage.from("weather in Rome?");

        ChatResponse first = model.chat(ChatRequest.builder()
                .messages(question)
                .toolSpecifications(weather)
                .build());
        assertThat(first.aiMessage().hasToolExecutionRequests()).isTrue();
        ToolExecutionRequest call = first.aiMessage().toolExecutionRequests().getFirst();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.arguments()).isEqualTo("{\"city\":\"Rome\"}");

        ChatResponse second = model.chat(ChatRequest.builder()
                .messages(question, first.aiMessage(), ToolExecutionResultMessage.from(call, "warm, 28 C"))
                .toolSpecifications(weather)
                .build());
        assertThat(second.aiMessage().text()).isEqualTo("Warm in Rome.");
    }

    @Test
    void langchain4j_should_embed_with_an_in_process_model_by_name() {
        var model = OpenAiEmbeddingModel.builder()
                .baseUrl(api.v1())
                .apiKey(api.apiKey)
                .modelName("all-minilm-l6-v2")
                .maxRetries(0)
                .build();

        float[] vector = model.embed("hello world").content().vector();

        assertThat(vector).hasSize(384);
    }

    // ---- the official OpenAI Python client, from the test suite

    @Test
    void python_client_should_pass_its_checks() throws Exception {
        assumeTrue(commandExists("python3"), "python3 is not installed");
        Path script = Files.createTempFile("openai-client-check", ".py");
        try (InputStream in = getClass().getResourceAsStream("/devapi/openai_client_check.py")) {
            Files.write(script, in.readAllBytes());
        }
        // One model behaviour per model call the script makes, in its order.
        api.model.enqueue(
                ModelBehaviour.echo(), // stateless, plain
                ModelBehaviour.echo(), // stateless, streamed
                ModelBehaviour.echo(), // parameters
                ModelBehaviour.fail(400, "Blocked by the content filter."), // refusal
                ModelBehaviour.callTools(new ToolCall("call_py1", "get_weather", "{\"city\":\"Oslo\"}")),
                ModelBehaviour.reply("Sunny in Oslo."),
                ModelBehaviour.callTools(new ToolCall("call_py2", "get_weather", "{\"city\":\"Oslo\"}")),
                ModelBehaviour.reply("Sunny in Oslo."));
        Process process = new ProcessBuilder(
                        "python3", script.toString(), api.v1(), api.apiKey, DevApiGateway.APP, PYTHON_OPENAI_VERSION)
                .redirectErrorStream(true)
                .start();
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Files.deleteIfExists(script);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as("the Python checks finished: %s", output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output)
                .contains(
                        "ok stateless plain",
                        "ok stateless streamed",
                        "ok parameters",
                        "ok errors",
                        "ok tools plain",
                        "ok tools streamed",
                        "ok embeddings");
        JsonObject parameters = api.model.requests().get(2).body();
        assertThat(parameters.getDouble("temperature")).isEqualTo(0.6);
        assertThat(parameters.getInteger("seed")).isEqualTo(11);
        assertThat(parameters.getJsonArray("stop")).containsExactly("A", "B");
    }

    private static boolean commandExists(String command) {
        try {
            Process process = new ProcessBuilder(command, "--version")
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
