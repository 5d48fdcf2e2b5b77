package io.switchboard.channels.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.SseException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.models.Model;
import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.testing.ScriptedTurnHandler.Ending;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The developer API driven by the official OpenAI Java SDK, as a developer would use it. */
class OpenAiSdkCompatibilityTest {
    private static ApiTestFixture fixture;

    @BeforeAll
    static void startServer() {
        fixture = new ApiTestFixture();
    }

    @AfterAll
    static void stopServer() {
        fixture.close();
    }

    @BeforeEach
    void answerNormally() {
        fixture.turns.ending(Ending.ANSWER).chunks(4, 1);
    }

    private static OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(fixture.baseUrl())
                .apiKey(key)
                .build();
    }

    private static ChatCompletionCreateParams.Builder ask(String model, String text) {
        return ChatCompletionCreateParams.builder()
                .model(model)
                .addSystemMessage("ignored: the app has its own prompt")
                .addUserMessage(text);
    }

    @Test
    void should_answer_a_plain_completion_with_content_and_usage() {
        // given
        OpenAIClient client = client(ApiTestFixture.KEY);

        // when
        ChatCompletion completion = client.chat()
                .completions()
                .create(ask("demo", "what time is it").build());

        // then
        assertThat(completion.id()).startsWith("chatcmpl-");
        assertThat(completion.model()).isEqualTo("demo");
        assertThat(completion.choices()).hasSize(1);
        var choice = completion.choices().getFirst();
        assertThat(choice.message().content()).contains("Echo: what time is it. Have a nice day!");
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        var usage = completion.usage().orElseThrow();
        assertThat(usage.promptTokens()).isEqualTo(4);
        assertThat(usage.completionTokens()).isPositive();
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
        InboundMessage received = fixture.turns.last();
        assertThat(received.channel()).isEqualTo("api");
        assertThat(received.appId()).isEqualTo("demo");
        assertThat(received.text()).isEqualTo("what time is it");
        assertThat(received.draft()).isFalse();
        assertThat(received.userId()).isEqualTo("key-1");
        completion.validate();
    }

    @Test
    void should_stream_content_in_chunks_and_end_with_a_usage_chunk() {
        // given
        OpenAIClient client = client(ApiTestFixture.KEY);
        var params = ask("demo", "stream please")
                .streamOptions(
                        ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        List<ChatCompletionChunk> chunks = new ArrayList<>();

        // when
        try (StreamResponse<ChatCompletionChunk> stream =
                client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunks::add);
        }

        // then
        String content = chunks.stream()
                .flatMap(chunk -> chunk.choices().stream())
                .map(choice -> choice.delta().content().orElse(""))
                .collect(Collectors.joining());
        assertThat(content).isEqualTo(fixture.turns.answerTo("stream please"));
        assertThat(chunks.stream().map(ChatCompletionChunk::id).distinct()).hasSize(1);
        assertThat(chunks.stream().filter(c -> !c.choices().isEmpty()).count())
                .as("role chunk, several content chunks and the stop chunk")
                .isGreaterThan(3);
        assertThat(chunks.getFirst().choices().getFirst().delta().role())
                .contains(ChatCompletionChunk.Choice.Delta.Role.ASSISTANT);
        ChatCompletionChunk usageChunk = chunks.getLast();
        assertThat(usageChunk.choices()).isEmpty();
        assertThat(usageChunk.usage().orElseThrow().promptTokens()).isEqualTo(2);
        ChatCompletionChunk stopChunk = chunks.get(chunks.size() - 2);
        assertThat(stopChunk.choices().getFirst().finishReason())
                .contains(ChatCompletionChunk.Choice.FinishReason.STOP);
    }

    @Test
    void should_continue_the_conversation_named_in_the_body() {
        // given
        OpenAIClient client = client(ApiTestFixture.KEY);
        var first = client.chat()
                .completions()
                .withRawResponse()
                .create(ask("demo", "first")
                        .putAdditionalBodyProperty("conversation_id", JsonValue.from("conv-body-1"))
                        .build());
        String conversationId = first.headers().values("X-Conversation-Id").getFirst();
        assertThat(first.parse()._additionalProperties().get("conversation_id").asString())
                .contains(conversationId);
        String scopedId = fixture.turns.last().conversationId();

        // when
        var second = client.chat()
                .completions()
                .create(ask("demo", "second")
                        .putAdditionalBodyProperty("conversation_id", JsonValue.from(conversationId))
                        .build());

        // then
        assertThat(fixture.turns.last().text()).isEqualTo("second");
        assertThat(fixture.turns.last().conversationId()).isEqualTo(scopedId);
        assertThat(second._additionalProperties().get("conversation_id").asString())
                .contains(conversationId);
    }

    @Test
    void should_continue_the_conversation_named_in_the_header() {
        // given
        OpenAIClient client = client(ApiTestFixture.KEY);
        client.chat()
                .completions()
                .create(ask("demo", "first")
                        .putAdditionalHeader("X-Conversation-Id", "chat-42")
                        .build());
        String scopedId = fixture.turns.last().conversationId();

        // when
        var streamed = client.chat()
                .completions()
                .withRawResponse()
                .createStreaming(ask("demo", "second")
                        .putAdditionalHeader("X-Conversation-Id", "chat-42")
                        .build());
        try (StreamResponse<ChatCompletionChunk> stream = streamed.parse()) {
            stream.stream().forEach(chunk -> {});
        }

        // then
        assertThat(streamed.headers().values("X-Conversation-Id")).containsExactly("chat-42");
        assertThat(fixture.turns.last().conversationId()).isEqualTo(scopedId).endsWith("chat-42");
    }

    @Test
    void should_keep_conversations_of_different_keys_apart() {
        // given
        client(ApiTestFixture.KEY)
                .chat()
                .completions()
                .create(ask("demo", "mine")
                        .putAdditionalBodyProperty("conversation_id", JsonValue.from("shared-id"))
                        .build());
        String firstKeysConversation = fixture.turns.last().conversationId();

        // when
        client(ApiTestFixture.SECOND_KEY)
                .chat()
                .completions()
                .create(ask("demo", "yours?")
                        .putAdditionalBodyProperty("conversation_id", JsonValue.from("shared-id"))
                        .build());

        // then
        assertThat(fixture.turns.last().conversationId()).isNotEqualTo(firstKeysConversation);
    }

    @Test
    void should_take_the_last_user_message_given_as_text_parts() {
        // given
        var params = ChatCompletionCreateParams.builder()
                .model("demo")
                .addUserMessage("an earlier question")
                .addAssistantMessage("an earlier answer")
                .addUserMessageOfArrayOfContentParts(List.of(
                        com.openai.models.chat.completions.ChatCompletionContentPart.ofText(
                                ChatCompletionContentPartText.builder()
                                        .text("part one")
                                        .build()),
                        com.openai.models.chat.completions.ChatCompletionContentPart.ofText(
                                ChatCompletionContentPartText.builder()
                                        .text("part two")
                                        .build())))
                .build();

        // when
        client(ApiTestFixture.KEY).chat().completions().create(params);

        // then
        assertThat(fixture.turns.last().text()).isEqualTo("part one\npart two");
    }

    @Test
    void should_raise_unauthorized_for_an_unknown_key() {
        int before = fixture.turns.received().size();

        assertThatThrownBy(() -> client("sk-wrong")
                        .chat()
                        .completions()
                        .create(ask("demo", "hi").build()))
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(401);
                    assertThat(e.code()).contains("invalid_api_key");
                });
        assertThat(fixture.turns.received()).hasSize(before);
    }

    @Test
    void should_raise_not_found_for_a_model_the_key_does_not_serve() {
        assertThatThrownBy(() -> client(ApiTestFixture.KEY)
                        .chat()
                        .completions()
                        .create(ask("other", "hi").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.code()).contains("model_not_found");
                });
    }

    @Test
    void should_list_the_keys_app_as_its_only_model() {
        // when
        List<Model> models = client(ApiTestFixture.KEY).models().list().data();

        // then
        assertThat(models).singleElement().satisfies(model -> {
            assertThat(model.id()).isEqualTo("demo");
            assertThat(model.ownedBy()).isEqualTo("switchboard");
            assertThat(model.created()).isPositive();
        });
        assertThat(client(ApiTestFixture.KEY).models().retrieve("demo").id()).isEqualTo("demo");
        assertThat(client(ApiTestFixture.UNPUBLISHED_APP_KEY).models().list().data())
                .isEmpty();
    }

    @Test
    void should_raise_an_upstream_error_without_retrying_when_the_model_failed() {
        // given
        fixture.turns.ending(Ending.FAILED_REPLY);
        int before = fixture.turns.received().size();

        // when / then
        assertThatThrownBy(() -> client(ApiTestFixture.KEY)
                        .chat()
                        .completions()
                        .create(ask("demo", "hi").build()))
                .isInstanceOfSatisfying(InternalServerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(502);
                    assertThat(e.type()).contains("upstream_error");
                    assertThat(e.getMessage())
                            .contains(io.switchboard.channels.testing.ScriptedTurnHandler.FAILURE_TEXT);
                });
        assertThat(fixture.turns.received()).hasSize(before + 1);
    }

    @Test
    void should_raise_the_error_event_when_a_stream_fails_midway() {
        // given
        fixture.turns.ending(Ending.FAILED_REPLY);
        List<String> content = new ArrayList<>();

        // when / then
        assertThatThrownBy(() -> {
                    try (var stream = client(ApiTestFixture.KEY)
                            .chat()
                            .completions()
                            .createStreaming(ask("demo", "tell me a long story").build())) {
                        stream.stream()
                                .flatMap(chunk -> chunk.choices().stream())
                                .map(choice -> choice.delta().content())
                                .flatMap(Optional::stream)
                                .forEach(content::add);
                    }
                })
                .isInstanceOfSatisfying(
                        SseException.class, e -> assertThat(e.type()).contains("upstream_error"));
        assertThat(String.join("", content)).isNotEmpty();
    }
}
