package io.switchboard.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.switchboard.runtime.security.Secret;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.ModelBehaviour;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The direct OpenAI-compatible path: it sends what LangChain4j's client sends for the same call (compared
 * against that client on the same fake server), answers the same, and leaves every call it does not make
 * exactly so (tools, images, response formats) to LangChain4j.
 */
class OpenAiDirectClientTest {
    private static final String KEY = "sk-direct-0123456789";
    private static final ModelSettings SETTINGS = new ModelSettings("fake", "gpt-test", 0.4, 120, false);
    private static final List<ChatMessage> MESSAGES = List.of(
            SystemMessage.from("You are terse. \"Quotes\" and \\ and 中文 stay intact."),
            UserMessage.from("hi"),
            AiMessage.from("hello"),
            UserMessage.from("what is Switchboard"));
    private static final CallOptions OPTIONS =
            new CallOptions(0.7, 0.9, 55, List.of("END", "STOP"), 42, 0.1, 0.2, "end-user-1", null, null);

    private static FakeOpenAiServer openAi;
    private final LangChainModelInvoker invoker = LangChainModelInvoker.create(Duration.ofMillis(1));

    @BeforeAll
    static void start() {
        openAi = FakeOpenAiServer.create().expectApiKey(KEY).start();
        // Class loading of both paths, so a loaded machine's first call does not run into the timeout.
        LangChainModelInvoker warm = LangChainModelInvoker.create(Duration.ZERO);
        warm.invoke(provider(), SETTINGS, MESSAGES, null);
        warm.invoke(provider(), SETTINGS, MESSAGES, token -> {});
    }

    @AfterAll
    static void stop() {
        openAi.close();
    }

    @BeforeEach
    void reset() {
        openAi.reset();
    }

    private static ProviderConfig provider() {
        return new ProviderConfig(
                "fake",
                "Fake",
                ProviderKind.OPENAI_COMPATIBLE,
                openAi.baseUrl(),
                Secret.of(KEY),
                Duration.ofSeconds(30),
                0,
                List.of(),
                ProviderLimits.DEFAULT);
    }

    @Test
    void should_send_the_request_langchain4j_sends_for_the_same_plain_call() {
        invoker.invokeWithTools(provider(), SETTINGS, MESSAGES, List.of(), OPTIONS, null);
        JsonObject direct = openAi.requests().getFirst().body();
        openAi.reset();

        OpenAiChatModel.builder()
                .baseUrl(openAi.baseUrl())
                .apiKey(KEY)
                .modelName(SETTINGS.modelName())
                .temperature(SETTINGS.temperature())
                .maxTokens(SETTINGS.maxTokens())
                .maxRetries(0)
                .build()
                .chat(ChatRequest.builder()
                        .messages(MESSAGES)
                        .parameters(langChainParameters())
                        .build());
        JsonObject library = openAi.requests().getFirst().body();

        assertThat(direct).isEqualTo(library);
        assertThat(direct.getString("model")).isEqualTo("gpt-test");
        assertThat(direct.getDouble("temperature"))
                .as("the call's over the app's")
                .isEqualTo(0.7);
        assertThat(direct.getInteger("max_tokens")).isEqualTo(55);
        assertThat(direct.getJsonArray("messages").getJsonObject(0).getString("content"))
                .isEqualTo("You are terse. \"Quotes\" and \\ and 中文 stay intact.");
    }

    @Test
    void should_send_the_streamed_request_langchain4j_sends_and_the_apps_settings_when_the_call_has_none()
            throws Exception {
        invoker.invokeWithTools(provider(), SETTINGS, MESSAGES, List.of(), CallOptions.NONE, token -> {});
        JsonObject direct = openAi.requests().getFirst().body();
        openAi.reset();

        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        OpenAiStreamingChatModel.builder()
                .baseUrl(openAi.baseUrl())
                .apiKey(KEY)
                .modelName(SETTINGS.modelName())
                .temperature(SETTINGS.temperature())
                .maxTokens(SETTINGS.maxTokens())
                .build()
                .chat(ChatRequest.builder().messages(MESSAGES).build(), new StreamingChatResponseHandler() {
                    @Override
                    public void onPartialResponse(String partialResponse) {}

                    @Override
                    public void onCompleteResponse(ChatResponse completeResponse) {
                        done.complete(completeResponse);
                    }

                    @Override
                    public void onError(Throwable error) {
                        done.completeExceptionally(error);
                    }
                });
        done.get(10, TimeUnit.SECONDS);
        JsonObject library = openAi.requests().getFirst().body();

        assertThat(direct).isEqualTo(library);
        assertThat(direct.getDouble("temperature")).isEqualTo(0.4);
        assertThat(direct.getInteger("max_tokens")).isEqualTo(120);
    }

    @Test
    void should_answer_plain_and_streamed_calls_with_text_usage_and_finish_reason() {
        openAi.enqueue(ModelBehaviour.reply("Switchboard routes messages. 它很快。"));
        ModelStep plain = invoker.invokeWithTools(provider(), SETTINGS, MESSAGES, List.of(), OPTIONS, null);

        openAi.enqueue(ModelBehaviour.reply("Switchboard routes messages. 它很快。"));
        List<String> tokens = new ArrayList<>();
        ModelStep streamed = invoker.invokeWithTools(provider(), SETTINGS, MESSAGES, List.of(), OPTIONS, tokens::add);

        assertThat(plain.text()).isEqualTo("Switchboard routes messages. 它很快。");
        assertThat(plain.inputTokens()).isPositive();
        assertThat(plain.outputTokens()).isPositive();
        assertThat(plain.finishReason()).isEqualTo("stop");
        assertThat(tokens).hasSizeGreaterThan(1);
        assertThat(String.join("", tokens)).isEqualTo(plain.text());
        assertThat(streamed.text()).isEqualTo(plain.text());
        assertThat(streamed.inputTokens()).isEqualTo(plain.inputTokens());
        assertThat(streamed.outputTokens()).isEqualTo(tokens.size());
        assertThat(openAi.requests())
                .allSatisfy(request -> assertThat(request.header("User-Agent")).isEqualTo("switchboard"));
    }

    @Test
    void should_leave_tools_images_and_response_formats_to_langchain4j() {
        ToolSpecification tool = ToolSpecification.builder()
                .name("lookup")
                .description("Looks up")
                .build();
        CallOptions json = new CallOptions(null, null, null, null, null, null, null, null, ResponseFormat.JSON, null);
        UserMessage photo =
                UserMessage.from(TextContent.from("what is this"), ImageContent.from("aGVsbG8=", "image/png"));

        invoker.invokeWithTools(provider(), SETTINGS, MESSAGES, List.of(tool), CallOptions.NONE, null);
        invoker.invokeWithTools(provider(), SETTINGS, MESSAGES, List.of(), json, null);
        invoker.invokeWithTools(provider(), SETTINGS, List.of(photo), List.of(), CallOptions.NONE, null);

        assertThat(openAi.requests())
                .hasSize(3)
                .allSatisfy(request -> assertThat(request.header("User-Agent")).isNotEqualTo("switchboard"));
        assertThat(OpenAiDirectClient.handles(provider(), MESSAGES, false, CallOptions.NONE))
                .isTrue();
        assertThat(OpenAiDirectClient.handles(
                        new ProviderConfig(
                                "o",
                                "O",
                                ProviderKind.OLLAMA,
                                openAi.baseUrl(),
                                null,
                                Duration.ofSeconds(5),
                                0,
                                List.of(),
                                ProviderLimits.DEFAULT),
                        MESSAGES,
                        false,
                        CallOptions.NONE))
                .isFalse();
    }

    private static OpenAiChatRequestParameters langChainParameters() {
        return OpenAiChatRequestParameters.builder()
                .temperature(OPTIONS.temperature())
                .topP(OPTIONS.topP())
                .maxOutputTokens(OPTIONS.maxTokens())
                .stopSequences(OPTIONS.stop())
                .seed(OPTIONS.seed())
                .user(OPTIONS.user())
                .presencePenalty(OPTIONS.presencePenalty())
                .frequencyPenalty(OPTIONS.frequencyPenalty())
                .build();
    }
}
