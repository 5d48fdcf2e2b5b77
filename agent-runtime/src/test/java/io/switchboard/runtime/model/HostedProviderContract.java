package io.switchboard.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.switchboard.runtime.app.SkillSettings;
import io.switchboard.runtime.net.NetPolicy;
import io.switchboard.runtime.tool.Tool;
import io.switchboard.runtime.tool.ToolProvider;
import io.switchboard.runtime.tool.ToolRegistry;
import io.switchboard.runtime.turn.AgentRequest;
import io.switchboard.runtime.turn.AgentRuntime;
import io.switchboard.runtime.turn.RuntimeFixture;
import io.switchboard.runtime.turn.TurnResult;
import io.switchboard.testkit.ModelBehaviour;
import io.switchboard.testkit.ModelBehaviour.ToolCall;
import io.switchboard.testkit.RecordedRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every hosted provider kind must do through its real LangChain4j client, against a testkit fake
 * that speaks the provider's own wire protocol on loopback: plain chat, streaming, a function-calling
 * round trip through our tool loop (streaming and not), error mapping and the SSRF guard. Extended once
 * per kind, which adds the protocol's own assertions on what reached the wire; the gateway extends each
 * kind's test again over its Vert.x HTTP client.
 */
public abstract class HostedProviderContract {
    protected static final String KEY = "sk-hosted-0123456789abcdef";
    protected static final List<ChatMessage> MESSAGES = List.of(
            SystemMessage.from("You are terse."),
            UserMessage.from("hi"),
            AiMessage.from("hello"),
            UserMessage.from("what is Switchboard"));
    /** Loopback is where the fakes live; production's policy refuses it. */
    protected static final NetPolicy LOOPBACK =
            NetPolicy.builder().allowlist(List.of("127.0.0.1")).build();

    protected final LangChainModelInvoker invoker =
            LangChainModelInvoker.create(Duration.ofMillis(1), httpClients(), LOOPBACK);
    protected final List<String> tokens = Collections.synchronizedList(new ArrayList<>());

    /** A new HTTP client builder per model client, or null (here) for LangChain4j's default, the JDK's. */
    protected Supplier<HttpClientBuilder> httpClients() {
        return null;
    }

    /** The fake, started, expecting {@link #KEY}. */
    protected abstract void startFake();

    protected abstract void stopFake();

    protected abstract void enqueue(ModelBehaviour... behaviours);

    protected abstract List<RecordedRequest> requests();

    /** A provider of this kind pointing at the fake, with {@code maxRetries} and {@code key}. */
    protected abstract ProviderConfig provider(String key, int maxRetries);

    /** The model name the fake is asked for (an Azure deployment name, a Gemini model id, ...). */
    protected String modelName() {
        return RuntimeFixture.MODEL_NAME;
    }

    /** The protocol's checks of a plain (non-streaming) chat request of {@link #MESSAGES}. */
    protected abstract void assertPlainRequest(RecordedRequest request);

    /** The protocol's checks of a streaming request. */
    protected abstract void assertStreamingRequest(RecordedRequest request);

    /**
     * The protocol's checks of a tool round trip: {@code offer} offered tool {@code add}, {@code answer}
     * carried the call {@code call_1 add {"a":2,"b":3}} back with its result {@code 5}.
     */
    protected abstract void assertToolRoundTrip(RecordedRequest offer, RecordedRequest answer);

    /**
     * Whether the kind's endpoint goes through the SSRF guard ({@link ProviderKind#hosted()}); a kind that
     * is not (OPENAI_COMPATIBLE, for a hosted API that speaks OpenAI's protocol) skips that test.
     */
    protected boolean ssrfGuarded() {
        return true;
    }

    /** The status the provider answers a wrong key with (401; Gemini's is 400 API_KEY_INVALID). */
    protected int rejectedKeyStatus() {
        return 401;
    }

    protected ModelSettings settings() {
        return new ModelSettings("hosted", modelName(), null, null, false);
    }

    @BeforeEach
    public void startAll() {
        startFake();
    }

    @AfterEach
    public void stopAll() {
        stopFake();
    }

    @Test
    public void should_answer_a_plain_chat_with_usage() {
        enqueue(ModelBehaviour.reply("Switchboard is a gateway."));

        ModelAnswer answer = invoker.invoke(provider(KEY, 0), settings(), MESSAGES, null);

        assertThat(answer.text()).isEqualTo("Switchboard is a gateway.");
        assertThat(answer.inputTokens()).isPositive();
        assertThat(answer.outputTokens()).isEqualTo(4);
        assertThat(answer.finishReason()).isEqualTo("stop");
        assertPlainRequest(requests().getFirst());
    }

    @Test
    public void should_stream_tokens_in_order_with_usage() {
        enqueue(ModelBehaviour.reply("Switchboard is an open-source gateway. 它是开源的。"));

        ModelAnswer answer = invoker.invoke(provider(KEY, 0), settings(), MESSAGES, tokens::add);

        assertThat(tokens).hasSizeGreaterThan(5);
        assertThat(String.join("", tokens)).isEqualTo("Switchboard is an open-source gateway. 它是开源的。");
        assertThat(answer.text()).isEqualTo(String.join("", tokens));
        assertThat(answer.inputTokens()).isPositive();
        assertThat(answer.outputTokens()).isEqualTo(tokens.size());
        assertStreamingRequest(requests().getFirst());
    }

    @Test
    public void should_run_a_tool_round_trip_through_the_tool_loop() {
        try (RuntimeFixture fixture = new RuntimeFixture()) {
            roundTrips(fixture);
        }
    }

    private void roundTrips(RuntimeFixture fixture) {
        fixture.app("app1", provider(KEY, 0), new SkillSettings(List.of("test/add"), null, null, 0, 0));
        AgentRuntime runtime =
                fixture.runtime().models(invoker).tools(addTool()).build();
        for (boolean streaming : List.of(false, true)) {
            int before = requests().size();
            enqueue(
                    ModelBehaviour.callTools(new ToolCall("call_1", "add", "{\"a\":2,\"b\":3}")),
                    ModelBehaviour.reply("The sum is 5."));
            List<String> streamed = new ArrayList<>();

            TurnResult result = runtime.run(
                    new AgentRequest(
                            "app1", true, "debug", "c-" + streaming, "u1", "what is 2+3?", null, List.of(), null),
                    streaming ? streamed::add : null);

            assertThat(result.text()).isEqualTo("The sum is 5.");
            if (streaming) {
                assertThat(String.join("", streamed)).isEqualTo("The sum is 5.");
            }
            assertThat(result.toolCalls()).singleElement().satisfies(call -> {
                assertThat(call.name()).isEqualTo("add");
                assertThat(new JsonObject(call.arguments())).isEqualTo(new JsonObject("{\"a\":2,\"b\":3}"));
                assertThat(call.error()).isNull();
            });
            List<RecordedRequest> turn = requests().subList(before, requests().size());
            assertThat(turn).hasSize(2);
            assertToolRoundTrip(turn.get(0), turn.get(1));
        }
    }

    @Test
    public void should_fail_at_once_on_a_rejected_key() {
        ModelFailure failure = catchThrowableOfType(
                ModelFailure.class,
                () -> invoker.invoke(provider("sk-wrong-key-0123456789", 3), settings(), MESSAGES, null));

        assertThat(failure.retriable()).isFalse();
        assertThat(failure.httpStatus()).isEqualTo(rejectedKeyStatus());
        assertThat(failure.getMessage()).contains("rejected the API key").doesNotContain("sk-wrong-key");
        assertThat(requests()).hasSize(1);
    }

    @Test
    public void should_retry_a_rate_limit_and_then_answer() {
        enqueue(ModelBehaviour.fail(429, "slow down"), ModelBehaviour.reply("after the wait"));

        ModelAnswer answer = invoker.invoke(provider(KEY, 1), settings(), MESSAGES, tokens::add);

        assertThat(answer.text()).isEqualTo("after the wait");
        assertThat(requests()).hasSize(2);
    }

    @Test
    public void should_refuse_a_loopback_endpoint_that_the_ssrf_guard_does_not_allow() {
        assumeTrue(ssrfGuarded(), "this kind's endpoints are not put through the SSRF guard");
        LangChainModelInvoker guarded =
                LangChainModelInvoker.create(Duration.ofMillis(1), httpClients(), NetPolicy.DEFAULT);

        ModelFailure failure = catchThrowableOfType(
                ModelFailure.class, () -> guarded.invoke(provider(KEY, 3), settings(), MESSAGES, null));

        assertThat(failure.retriable()).isFalse();
        assertThat(failure.getMessage()).contains("endpoint refused");
        assertThat(requests()).isEmpty();
    }

    private static ToolRegistry addTool() {
        ToolSpecification spec = ToolSpecification.builder()
                .name("add")
                .description("adds two integers")
                .parameters(JsonObjectSchema.builder()
                        .addIntegerProperty("a")
                        .addIntegerProperty("b")
                        .required("a", "b")
                        .build())
                .build();
        Tool add = new Tool() {
            @Override
            public ToolSpecification specification() {
                return spec;
            }

            @Override
            public String execute(String argumentsJson) {
                JsonObject args = new JsonObject(argumentsJson);
                return String.valueOf(args.getInteger("a") + args.getInteger("b"));
            }
        };
        return ToolRegistry.create(
                List.of(() -> List.of(new ToolProvider("test", "builtin", "Test", "", List.of(add)))));
    }
}
