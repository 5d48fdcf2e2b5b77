package io.switchboard.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.http.client.HttpClientBuilder;
import io.switchboard.runtime.security.Secret;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.ModelBehaviour;
import io.switchboard.testkit.MutableClock;
import io.switchboard.testkit.RecordedRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An app's chain of models over two fake OpenAI-compatible providers on loopback, one of them failing
 * in each way a provider fails: 500, 429, 401, a timeout, a refused connection, an open breaker, a full
 * concurrency limit. Extended once per HTTP transport, like {@link ModelInvokerContract}.
 */
public abstract class ProviderFailoverContract {
    private static final String KEY_A = "sk-primary-0123456789";
    private static final String KEY_A2 = "sk-primary-second-987654";
    private static final String KEY_B = "sk-fallback-0123456789";
    private static final List<ChatMessage> MESSAGES = List.of(UserMessage.from("what is Switchboard"));
    private static final ModelSettings MODEL_A = new ModelSettings("a", "model-a", null, null, false);
    private static final ModelSettings MODEL_B = new ModelSettings("b", "model-b", null, null, false);

    private static FakeOpenAiServer primary;
    private static FakeOpenAiServer fallback;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T00:00:00Z"));
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final LangChainModelInvoker invoker =
            LangChainModelInvoker.create(Duration.ofMillis(1), httpClients(), clock, new ModelEvents() {
                @Override
                public void switched(ModelRoute from, ModelRoute to, FailoverReason reason) {
                    events.add("switched " + from.label() + " -> " + to.label() + " " + reason.wireName());
                }

                @Override
                public void exhausted(ModelRoute last, int models, FailoverReason reason) {
                    events.add("exhausted " + last.label() + " " + models + " " + reason.wireName());
                }

                @Override
                public void keyCooledDown(String providerId, int keyIndex, FailoverReason reason, Duration coolDown) {
                    events.add("cooled " + providerId + "#" + keyIndex + " " + reason.wireName() + " "
                            + coolDown.toMillis());
                }
            });
    private final List<String> tokens = Collections.synchronizedList(new ArrayList<>());

    /** A new HTTP client builder per model client, or null for LangChain4j's default. */
    protected abstract Supplier<HttpClientBuilder> httpClients();

    /** True when the transport reports a 429's {@code Retry-After} (the fake sends 1 s). */
    protected abstract boolean reportsRetryAfter();

    @BeforeAll
    static void startServers() {
        primary = FakeOpenAiServer.create().start();
        fallback = FakeOpenAiServer.create().expectApiKey(KEY_B).start();
    }

    @AfterAll
    static void stopServers() {
        primary.close();
        fallback.close();
    }

    @BeforeEach
    void resetServers() {
        primary.reset().acceptApiKeys(KEY_A, KEY_A2).defaultBehaviour(ModelBehaviour.echo());
        fallback.reset().defaultBehaviour(ModelBehaviour.reply("from the fallback"));
    }

    private static ProviderConfig providerA(int maxRetries, Duration timeout, ProviderLimits limits, String... extra) {
        return new ProviderConfig(
                "a",
                "A",
                ProviderKind.OPENAI_COMPATIBLE,
                primary.baseUrl(),
                Secret.of(KEY_A),
                timeout,
                maxRetries,
                List.of(extra).stream().map(Secret::of).toList(),
                limits);
    }

    private static ProviderConfig providerA() {
        return providerA(0, Duration.ofSeconds(5), null);
    }

    private static ProviderConfig providerB() {
        return ProviderConfig.of(
                "b",
                "B",
                ProviderKind.OPENAI_COMPATIBLE,
                fallback.baseUrl(),
                Secret.of(KEY_B),
                Duration.ofSeconds(5),
                0);
    }

    private static List<ModelRoute> chain(ProviderConfig a) {
        return List.of(new ModelRoute(a, MODEL_A), new ModelRoute(providerB(), MODEL_B));
    }

    private ModelStep ask(List<ModelRoute> routes, boolean streaming) {
        return invoker.invokeWithTools(routes, MESSAGES, List.of(), CallOptions.NONE, streaming ? tokens::add : null);
    }

    private static List<String> keysSeen(FakeOpenAiServer server) {
        return server.requests().stream()
                .map(RecordedRequest::headers)
                .map(headers -> headers.get("authorization").substring("Bearer ".length()))
                .toList();
    }

    @Test
    void should_answer_from_the_model_itself_and_name_it_when_it_works() {
        ModelStep step = ask(chain(providerA()), false);

        assertThat(step.text()).startsWith("echo: ");
        assertThat(step.model()).isEqualTo("a/model-a");
        assertThat(fallback.requests()).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void should_switch_to_the_fallback_when_the_model_answers_500_after_its_retries() {
        primary.defaultBehaviour(ModelBehaviour.fail(500, "boom"));

        ModelStep step = ask(chain(providerA(1, Duration.ofSeconds(5), null)), false);

        assertThat(step.text()).isEqualTo("from the fallback");
        assertThat(step.model()).isEqualTo("b/model-b");
        assertThat(primary.requests()).hasSize(2);
        assertThat(fallback.requests().getLast().body().getString("model")).isEqualTo("model-b");
        assertThat(events).containsExactly("switched a/model-a -> b/model-b server_error");
    }

    @Test
    void should_switch_when_streaming_fails_before_the_first_token_and_stream_only_the_fallback() {
        primary.defaultBehaviour(ModelBehaviour.fail(503, "overloaded"));

        ModelStep step = ask(chain(providerA()), true);

        assertThat(step.model()).isEqualTo("b/model-b");
        assertThat(String.join("", tokens)).isEqualTo("from the fallback");
    }

    @Test
    void should_not_switch_once_a_streamed_token_reached_the_caller() {
        primary.enqueue(ModelBehaviour.dropAfterChunks(2));

        ModelFailure failure = catchThrowableOfType(ModelFailure.class, () -> ask(chain(providerA()), true));

        assertThat(failure.retriable()).isTrue();
        assertThat(tokens).containsExactly("echo: ", "what ");
        assertThat(fallback.requests()).isEmpty();
        assertThat(events).containsExactly("exhausted a/model-a 2 connection");
    }

    @Test
    void should_not_switch_when_the_provider_refuses_the_input() {
        primary.enqueue(ModelBehaviour.fail(400, "This model's maximum context length is 8192 tokens"));

        ModelFailure failure = catchThrowableOfType(ModelFailure.class, () -> ask(chain(providerA()), false));

        assertThat(failure.inputRejected()).isTrue();
        assertThat(fallback.requests()).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void should_switch_when_the_model_times_out() {
        primary.defaultBehaviour(ModelBehaviour.slowFirstToken(Duration.ofSeconds(3)));

        ModelStep step = ask(chain(providerA(0, Duration.ofMillis(300), null)), true);

        assertThat(step.model()).isEqualTo("b/model-b");
        assertThat(events).containsExactly("switched a/model-a -> b/model-b timeout");
    }

    @Test
    void should_switch_when_the_connection_is_refused() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ProviderConfig refused = ProviderConfig.of(
                "a",
                "A",
                ProviderKind.OPENAI_COMPATIBLE,
                "http://127.0.0.1:" + closedPort + "/v1",
                Secret.of(KEY_A),
                Duration.ofSeconds(5),
                0);

        ModelStep step = ask(chain(refused), false);

        assertThat(step.model()).isEqualTo("b/model-b");
        assertThat(events).containsExactly("switched a/model-a -> b/model-b connection");
    }

    @Test
    void should_fail_with_the_last_failure_when_every_model_failed() {
        primary.defaultBehaviour(ModelBehaviour.fail(500, "boom"));
        fallback.defaultBehaviour(ModelBehaviour.fail(502, "bad gateway"));

        ModelFailure failure = catchThrowableOfType(ModelFailure.class, () -> ask(chain(providerA()), false));

        assertThat(failure.httpStatus()).isEqualTo(502);
        assertThat(failure.getMessage()).contains("provider 'b'");
        assertThat(events)
                .containsExactly("switched a/model-a -> b/model-b server_error", "exhausted b/model-b 2 server_error");
    }

    @Test
    void should_use_the_next_key_at_once_when_one_is_rejected_and_leave_it_out_until_its_cool_down_ends() {
        ProviderLimits limits = new ProviderLimits(
                50, 20, 10, Duration.ofSeconds(30), 64, Duration.ofSeconds(1), Duration.ofMinutes(5));
        ProviderConfig a = providerA(0, Duration.ofSeconds(5), limits, "sk-revoked-0000000000", KEY_A2);
        primary.acceptApiKeys(KEY_A, KEY_A2); // the second of the three keys was revoked

        List<String> answeredBy = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answeredBy.add(ask(chain(a), false).model());
        }

        assertThat(answeredBy).containsOnly("a/model-a");
        assertThat(keysSeen(primary)).containsExactly(KEY_A, "sk-revoked-0000000000", KEY_A2, KEY_A, KEY_A2);
        assertThat(events).containsExactly("cooled a#1 key_rejected 300000");

        clock.advance(Duration.ofMinutes(5).plusMillis(1));
        primary.reset();
        for (int i = 0; i < 3; i++) {
            ask(chain(a), false);
        }
        assertThat(keysSeen(primary)).contains("sk-revoked-0000000000");
    }

    @Test
    void should_switch_models_when_every_key_is_rejected() {
        ProviderConfig a = providerA(0, Duration.ofSeconds(5), null, KEY_A2);
        primary.acceptApiKeys("sk-someone-else-0000000");

        ModelStep step = ask(chain(a), false);

        assertThat(step.model()).isEqualTo("b/model-b");
        assertThat(keysSeen(primary)).containsExactlyInAnyOrder(KEY_A, KEY_A2);
        assertThat(events).last().isEqualTo("switched a/model-a -> b/model-b key_rejected");

        // Both keys sit out: the next turn goes straight to the fallback without calling the provider.
        primary.reset();
        assertThat(ask(chain(a), false).model()).isEqualTo("b/model-b");
        assertThat(primary.requests()).isEmpty();
        assertThat(events).last().isEqualTo("switched a/model-a -> b/model-b keys_cooling");
    }

    @Test
    void should_take_another_key_at_once_after_a_429_and_leave_the_limited_key_out_for_its_retry_after() {
        ProviderConfig a = providerA(2, Duration.ofSeconds(5), null, KEY_A2);
        primary.enqueue(ModelBehaviour.fail(429, "Rate limit reached"));

        ModelStep first = ask(chain(a), false);
        ModelStep second = ask(chain(a), false);

        assertThat(first.model()).isEqualTo("a/model-a");
        assertThat(second.model()).isEqualTo("a/model-a");
        assertThat(keysSeen(primary)).containsExactly(KEY_A, KEY_A2, KEY_A2);
        assertThat(events).hasSize(1).first().asString().startsWith("cooled a#0 rate_limited");
        if (reportsRetryAfter()) {
            assertThat(events.getFirst()).isEqualTo("cooled a#0 rate_limited 1000");
            clock.advance(Duration.ofMillis(1001));
            primary.reset();
            ask(chain(a), false);
            ask(chain(a), false);
            assertThat(keysSeen(primary)).containsExactlyInAnyOrder(KEY_A, KEY_A2);
        }
    }

    @Test
    void should_switch_at_once_when_the_only_key_is_rate_limited_and_a_fallback_exists() {
        primary.defaultBehaviour(ModelBehaviour.fail(429, "Rate limit reached"));

        ModelStep step = ask(chain(providerA(3, Duration.ofSeconds(5), null)), false);

        assertThat(step.model()).isEqualTo("b/model-b");
        // One call: the limited key sits out, and with a fallback at hand nobody waits for it.
        assertThat(primary.requests()).hasSize(1);
        assertThat(events).last().isEqualTo("switched a/model-a -> b/model-b keys_cooling");
    }

    @Test
    void should_stop_calling_a_failing_provider_once_its_breaker_opens_and_try_it_again_after_the_open_duration() {
        ProviderLimits limits =
                new ProviderLimits(50, 4, 2, Duration.ofSeconds(30), 64, Duration.ofSeconds(1), Duration.ofMinutes(5));
        ProviderConfig a = providerA(0, Duration.ofSeconds(5), limits);
        primary.defaultBehaviour(ModelBehaviour.fail(500, "boom"));

        ask(chain(a), false);
        ask(chain(a), false);
        assertThat(invoker.breakerState(a)).isEqualTo("open");
        ModelStep third = ask(chain(a), false);

        assertThat(third.model()).isEqualTo("b/model-b");
        assertThat(primary.requests()).hasSize(2);
        assertThat(events).last().isEqualTo("switched a/model-a -> b/model-b circuit_open");

        primary.defaultBehaviour(ModelBehaviour.echo());
        clock.advance(Duration.ofSeconds(31));
        assertThat(ask(chain(a), false).model()).isEqualTo("a/model-a");
        assertThat(invoker.breakerState(a)).isEqualTo("half_open");
    }

    @Test
    void should_switch_when_the_provider_has_no_free_slot_within_its_wait() {
        ProviderLimits oneAtATime =
                new ProviderLimits(50, 20, 10, Duration.ofSeconds(30), 1, Duration.ZERO, Duration.ofMinutes(5));
        ProviderConfig a = providerA(0, Duration.ofSeconds(10), oneAtATime);
        primary.enqueue(ModelBehaviour.slowFirstToken(Duration.ofSeconds(2)));

        CompletableFuture<ModelStep> slow = CompletableFuture.supplyAsync(() -> ask(chain(a), false));
        await().atMost(Duration.ofSeconds(10)).until(() -> primary.requests().size() == 1);
        ModelStep second = ask(chain(a), false);

        assertThat(second.model()).isEqualTo("b/model-b");
        assertThat(events).containsExactly("switched a/model-a -> b/model-b busy");
        assertThat(slow.join().model()).isEqualTo("a/model-a");
    }

    @Test
    void should_skip_nothing_and_behave_as_before_with_a_single_model() {
        primary.enqueue(ModelBehaviour.fail(500, "boom"));

        ModelStep step = ask(List.of(new ModelRoute(providerA(1, Duration.ofSeconds(5), null), MODEL_A)), false);

        assertThat(step.model()).isEqualTo("a/model-a");
        assertThat(primary.requests()).hasSize(2);
        assertThat(events).isEmpty();
    }
}
