package io.switchboard.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.http.client.HttpClientBuilder;
import io.switchboard.runtime.security.Secret;
import io.switchboard.testkit.FakeOllamaServer;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.HttpServerStyleModel;
import io.switchboard.testkit.ModelBehaviour;
import io.switchboard.testkit.RecordedRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link LangChainModelInvoker} must do over any HTTP transport, against fake model servers that
 * speak the real protocols. Extended once per transport: LangChain4j's default (JDK) client here, the
 * gateway's Vert.x client in the gateway module.
 */
public abstract class ModelInvokerContract {
    private static final String KEY = "sk-test-0123456789";
    private static final ModelSettings SETTINGS = new ModelSettings("fake", "gpt-test", null, null, false);
    private static final List<ChatMessage> MESSAGES = List.of(
            SystemMessage.from("You are terse."),
            UserMessage.from("hi"),
            AiMessage.from("hello"),
            UserMessage.from("what is Switchboard"));

    private static FakeOpenAiServer openAi;
    private static FakeOllamaServer ollama;
    private final LangChainModelInvoker invoker = LangChainModelInvoker.create(Duration.ofMillis(1), httpClients());

    /** A new HTTP client builder per model client, or null for LangChain4j's default. */
    protected abstract Supplier<HttpClientBuilder> httpClients();

    private final List<String> tokens = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startServers() {
        openAi = FakeOpenAiServer.create().expectApiKey(KEY).start();
        ollama = FakeOllamaServer.create().start();
        // The JDK client drops bytes it has not read yet when the connection closes: warm the streaming
        // path once so that class loading does not outlast the fake server's grace before a drop.
        LangChainModelInvoker.create(Duration.ZERO).invoke(openAiProvider(), SETTINGS, MESSAGES, token -> {});
    }

    @AfterAll
    static void stopServers() {
        openAi.close();
        ollama.close();
    }

    @BeforeEach
    void resetServers() {
        openAi.reset();
        ollama.reset();
    }

    private static ProviderConfig openAiProvider(int maxRetries, Duration timeout) {
        return ProviderConfig.of(
                "fake", "Fake", ProviderKind.OPENAI_COMPATIBLE, openAi.baseUrl(), Secret.of(KEY), timeout, maxRetries);
    }

    private static ProviderConfig openAiProvider() {
        return openAiProvider(2, Duration.ofSeconds(5));
    }

    @Test
    void should_answer_with_usage_when_not_streaming() {
        ModelAnswer answer = invoker.invoke(openAiProvider(), SETTINGS, MESSAGES, null);

        assertThat(answer.text()).isEqualTo("echo: what is Switchboard (4 messages)");
        assertThat(answer.inputTokens()).isPositive();
        assertThat(answer.outputTokens()).isEqualTo(6);
        RecordedRequest request = openAi.requests().getFirst();
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(request.body().getValue("stream")).isNotEqualTo(true);
    }

    @Test
    void should_stream_tokens_in_order_and_ask_for_usage() {
        openAi.enqueue(ModelBehaviour.reply("Switchboard is an open-source gateway. 它是开源的。"));

        ModelAnswer answer = invoker.invoke(openAiProvider(), SETTINGS, MESSAGES, tokens::add);

        assertThat(tokens).hasSizeGreaterThan(5);
        assertThat(String.join("", tokens)).isEqualTo("Switchboard is an open-source gateway. 它是开源的。");
        assertThat(answer.text()).isEqualTo(String.join("", tokens));
        assertThat(answer.inputTokens()).isPositive();
        assertThat(answer.outputTokens()).isEqualTo(tokens.size());
        JsonObject body = openAi.requests().getFirst().body();
        assertThat(body.getBoolean("stream")).isTrue();
        assertThat(body.getJsonObject("stream_options").getBoolean("include_usage"))
                .isTrue();
    }

    /**
     * A model on Python's plain http.server reads a request's head and body apart and delays its ACKs:
     * a request written in two segments without TCP_NODELAY waits ~40 ms there for its body (Nagle), on
     * every request of a kept-alive connection after the first. The fake reproduces exactly that
     * (HttpServerStyleModelTest); the stall is never shorter than the delayed-ACK timer, so the
     * fastest of the reused requests tells it apart even on a busy machine.
     */
    @Test
    void should_send_requests_that_a_model_on_plain_http_server_reads_without_a_stall() {
        try (HttpServerStyleModel model = HttpServerStyleModel.start()) {
            ProviderConfig provider = ProviderConfig.of(
                    "py",
                    "Py",
                    ProviderKind.OPENAI_COMPATIBLE,
                    model.baseUrl(),
                    Secret.of(KEY),
                    Duration.ofSeconds(5),
                    0);
            for (int i = 0; i < 5; i++) {
                assertThat(invoker.invoke(provider, SETTINGS, MESSAGES, null).text())
                        .isEqualTo(HttpServerStyleModel.answer());
            }
            List<String> streamed = new ArrayList<>();
            assertThat(invoker.invoke(provider, SETTINGS, MESSAGES, streamed::add)
                            .text())
                    .isEqualTo(HttpServerStyleModel.answer());
            assertThat(String.join("", streamed)).isEqualTo(HttpServerStyleModel.answer());

            List<HttpServerStyleModel.Arrival> arrivals = model.requests();
            assertThat(arrivals).hasSize(6);
            assertThat(arrivals.subList(1, 5).stream()
                            .map(HttpServerStyleModel.Arrival::bodyAfterHead)
                            .min(Duration::compareTo)
                            .orElseThrow())
                    .isLessThan(Duration.ofMillis(20));
        }
    }

    @Test
    void should_send_temperature_and_max_tokens_from_the_settings() {
        invoker.invoke(openAiProvider(), new ModelSettings("fake", "gpt-test", 0.3, 77, false), MESSAGES, null);

        JsonObject body = openAi.requests().getFirst().body();
        assertThat(body.getString("model")).isEqualTo("gpt-test");
        assertThat(body.getDouble("temperature")).isEqualTo(0.3);
        assertThat(body.getInteger("max_tokens")).isEqualTo(77);
        assertThat(body.getJsonArray("messages")).hasSize(4);
    }

    @Test
    void should_retry_a_429_then_succeed() {
        openAi.enqueue(ModelBehaviour.fail(429, "Rate limit reached"));

        ModelAnswer answer = invoker.invoke(openAiProvider(), SETTINGS, MESSAGES, null);

        assertThat(answer.text()).startsWith("echo: ");
        assertThat(openAi.requests()).hasSize(2);
    }

    @Test
    void should_retry_two_500s_then_succeed_when_streaming() {
        openAi.enqueue(ModelBehaviour.fail(500, "boom"), ModelBehaviour.fail(503, "overloaded"));

        ModelAnswer answer = invoker.invoke(openAiProvider(), SETTINGS, MESSAGES, tokens::add);

        assertThat(answer.text()).isEqualTo("echo: what is Switchboard (4 messages)");
        assertThat(String.join("", tokens)).isEqualTo(answer.text());
        assertThat(openAi.requests()).hasSize(3);
    }

    @Test
    void should_give_up_after_max_retries_with_a_retriable_failure() {
        openAi.enqueue(
                ModelBehaviour.fail(500, "boom"), ModelBehaviour.fail(500, "boom"), ModelBehaviour.fail(500, "boom"));

        ModelFailure failure = catchThrowableOfType(
                ModelFailure.class, () -> invoker.invoke(openAiProvider(), SETTINGS, MESSAGES, null));

        assertThat(failure.retriable()).isTrue();
        assertThat(failure.httpStatus()).isEqualTo(500);
        assertThat(openAi.requests()).hasSize(3);
    }

    @Test
    void should_fail_at_once_without_retry_on_401_and_never_reveal_the_key() {
        openAi.enqueue(ModelBehaviour.fail(401, "Incorrect API key provided: " + KEY));

        ModelFailure failure = catchThrowableOfType(
                ModelFailure.class, () -> invoker.invoke(openAiProvider(), SETTINGS, MESSAGES, null));

        assertThat(failure.retriable()).isFalse();
        assertThat(failure.httpStatus()).isEqualTo(401);
        assertThat(openAi.requests()).hasSize(1);
        assertThat(failure.getMessage()).contains("'fake'", "401").doesNotContain(KEY);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(KEY);
        }
    }

    @Test
    void should_fail_at_once_on_404_when_streaming() {
        openAi.enqueue(ModelBehaviour.fail(404, "The model `nope` does not exist"));

        ModelFailure failure = catchThrowableOfType(
                ModelFailure.class, () -> invoker.invoke(openAiProvider(), SETTINGS, MESSAGES, tokens::add));

        assertThat(failure.retriable()).isFalse();
        assertThat(failure.httpStatus()).isEqualTo(404);
        assertThat(failure.getMessage()).contains("does not exist");
        assertThat(openAi.requests()).hasSize(1);
        assertThat(tokens).isEmpty();
    }

    @Test
    void should_fail_retriably_when_the_first_token_is_slower_than_the_timeout() {
        openAi.enqueue(ModelBehaviour.slowFirstToken(Duration.ofSeconds(2)));

        ModelFailure failure = catchThrowableOfType(
                ModelFailure.class,
                () -> invoker.invoke(openAiProvider(0, Duration.ofMillis(300)), SETTINGS, MESSAGES, tokens::add));

        assertThat(failure.retriable()).isTrue();
        assertThat(failure.httpStatus()).isZero();
        assertThat(failure.getMessage()).contains("timed out");
        assertThat(tokens).isEmpty();
    }

    @Test
    void should_wait_for_a_slow_first_token_within_the_timeout() {
        openAi.enqueue(ModelBehaviour.slowFirstToken(Duration.ofMillis(700)));

        ModelAnswer answer = invoker.invoke(openAiProvider(0, Duration.ofSeconds(5)), SETTINGS, MESSAGES, tokens::add);

        assertThat(answer.text()).startsWith("echo: ");
        assertThat(String.join("", tokens)).isEqualTo(answer.text());
    }

    @Test
    void should_time_out_and_retry_a_slow_plain_call() {
        openAi.enqueue(ModelBehaviour.slowFirstToken(Duration.ofSeconds(2)));

        ModelAnswer answer = invoker.invoke(openAiProvider(1, Duration.ofMillis(300)), SETTINGS, MESSAGES, null);

        assertThat(answer.text()).startsWith("echo: ");
        assertThat(openAi.requests()).hasSize(2);
    }

    @Test
    void should_end_the_turn_without_repeating_tokens_when_the_stream_drops_after_two_chunks() {
        openAi.enqueue(ModelBehaviour.dropAfterChunks(2));
        ModelFailure failure = catchThrowableOfType(
                ModelFailure.class, () -> invoker.invoke(openAiProvider(), SETTINGS, MESSAGES, tokens::add));

        assertThat(failure.retriable()).isTrue();
        assertThat(tokens).containsExactly("echo: ", "what ");
        assertThat(openAi.requests()).hasSize(1);
    }

    @Test
    void should_retry_a_stream_that_dropped_before_its_first_token() {
        openAi.enqueue(ModelBehaviour.dropAfterChunks(0));

        ModelAnswer answer = invoker.invoke(openAiProvider(), SETTINGS, MESSAGES, tokens::add);

        assertThat(String.join("", tokens)).isEqualTo(answer.text()).startsWith("echo: ");
        assertThat(openAi.requests()).hasSize(2);
    }

    @Test
    void should_pass_a_failing_token_consumer_through_without_retry() {
        IllegalStateException gone = new IllegalStateException("client went away");

        Throwable thrown = catchThrowableOfType(
                IllegalStateException.class,
                () -> invoker.invoke(openAiProvider(), SETTINGS, MESSAGES, token -> {
                    throw gone;
                }));

        assertThat(thrown).isSameAs(gone);
        assertThat(openAi.requests()).hasSize(1);
    }

    @Test
    void should_cache_clients_per_provider_until_invalidated() {
        ModelClients clients = new ModelClients(null);
        ProviderConfig provider = openAiProvider();

        assertThat(clients.chatModel(provider, SETTINGS)).isSameAs(clients.chatModel(openAiProvider(), SETTINGS));
        assertThat(clients.chatModel(provider, new ModelSettings("fake", "other", null, null, false)))
                .isNotSameAs(clients.chatModel(provider, SETTINGS));
        var before = clients.chatModel(provider, SETTINGS);
        clients.invalidate("fake");
        assertThat(clients.chatModel(provider, SETTINGS)).isNotSameAs(before);
    }

    @Test
    void should_answer_from_ollama_with_and_without_streaming() {
        ProviderConfig provider =
                ProviderConfig.of("local", "Ollama", ProviderKind.OLLAMA, ollama.baseUrl(), null, null, 1);
        ModelSettings settings = new ModelSettings("local", "qwen2.5:7b", 0.2, 50, false);

        ModelAnswer plain = invoker.invoke(provider, settings, MESSAGES, null);
        ModelAnswer streamed = invoker.invoke(provider, settings, MESSAGES, tokens::add);

        assertThat(plain.text()).isEqualTo("echo: what is Switchboard (4 messages)");
        assertThat(plain.outputTokens()).isEqualTo(6);
        assertThat(plain.inputTokens()).isPositive();
        assertThat(streamed.text()).isEqualTo(plain.text());
        assertThat(tokens).hasSize(6);
        assertThat(streamed.outputTokens()).isEqualTo(6);
        JsonObject body = ollama.requests().getFirst().body();
        assertThat(body.getBoolean("stream")).isFalse();
        assertThat(body.getJsonObject("options").getInteger("num_predict")).isEqualTo(50);
    }

    @Test
    void should_retry_an_ollama_server_error() {
        ollama.enqueue(ModelBehaviour.fail(500, "out of memory"));
        ProviderConfig provider =
                ProviderConfig.of("local", "Ollama", ProviderKind.OLLAMA, ollama.baseUrl(), null, null, 1);

        ModelAnswer answer =
                invoker.invoke(provider, new ModelSettings("local", "m", null, null, false), MESSAGES, tokens::add);

        assertThat(answer.text()).startsWith("echo: ");
        assertThat(ollama.requests()).hasSize(2);
    }
}
