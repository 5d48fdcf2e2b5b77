package io.switchboard.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.switchboard.runtime.security.Secret;
import io.switchboard.testkit.FakeAnthropicServer;
import io.switchboard.testkit.ModelBehaviour;
import io.switchboard.testkit.RecordedRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link HostedProviderContract} for Anthropic's Messages API through {@code langchain4j-anthropic}. */
public class AnthropicProtocolTest extends HostedProviderContract {
    private FakeAnthropicServer anthropic;

    @Override
    protected void startFake() {
        anthropic = FakeAnthropicServer.create().expectApiKey(KEY).start();
    }

    @Override
    protected void stopFake() {
        anthropic.close();
    }

    @Override
    protected void enqueue(ModelBehaviour... behaviours) {
        anthropic.enqueue(behaviours);
    }

    @Override
    protected List<RecordedRequest> requests() {
        return anthropic.requests();
    }

    @Override
    protected ProviderConfig provider(String key, int maxRetries) {
        return provider(key, maxRetries, null);
    }

    private ProviderConfig provider(String key, int maxRetries, ProviderOptions options) {
        return new ProviderConfig(
                "anthropic",
                "Anthropic",
                ProviderKind.ANTHROPIC,
                anthropic.baseUrl(),
                Secret.of(key),
                Duration.ofSeconds(10),
                maxRetries,
                options);
    }

    @Override
    protected void assertPlainRequest(RecordedRequest request) {
        assertThat(request.path()).isEqualTo("/v1/messages");
        assertThat(request.header("x-api-key")).isEqualTo(KEY);
        assertThat(request.header("authorization")).isNull();
        assertThat(request.header("anthropic-version")).isEqualTo(ProviderOptions.DEFAULT_ANTHROPIC_VERSION);
        JsonObject body = request.body();
        // Anthropic requires max_tokens: the provider's default fills in for an app that sets none.
        assertThat(body.getInteger("max_tokens")).isEqualTo(ProviderOptions.DEFAULT_ANTHROPIC_MAX_TOKENS);
        assertThat(body.getValue("stream")).isNotEqualTo(true);
        assertThat(systemText(body)).isEqualTo("You are terse.");
        assertThat(body.getJsonArray("messages").stream()
                        .map(m -> ((JsonObject) m).getString("role"))
                        .toList())
                .containsExactly("user", "assistant", "user");
    }

    @Override
    protected void assertStreamingRequest(RecordedRequest request) {
        assertThat(request.body().getBoolean("stream")).isTrue();
    }

    @Override
    protected void assertToolRoundTrip(RecordedRequest offer, RecordedRequest answer) {
        JsonObject tool = offer.body().getJsonArray("tools").getJsonObject(0);
        assertThat(tool.getString("name")).isEqualTo("add");
        assertThat(tool.getJsonObject("input_schema").getString("type")).isEqualTo("object");
        JsonArray messages = answer.body().getJsonArray("messages");
        JsonObject use = messages.getJsonObject(messages.size() - 2);
        assertThat(use.getString("role")).isEqualTo("assistant");
        JsonObject toolUse = blocks(use, "tool_use").getFirst();
        assertThat(toolUse.getString("id")).isEqualTo("call_1");
        assertThat(toolUse.getJsonObject("input")).isEqualTo(new JsonObject("{\"a\":2,\"b\":3}"));
        JsonObject result = blocks(messages.getJsonObject(messages.size() - 1), "tool_result")
                .getFirst();
        assertThat(result.getString("tool_use_id")).isEqualTo("call_1");
        assertThat(String.valueOf(result.getValue("content"))).contains("5");
    }

    @Test
    public void should_send_the_apps_limit_and_the_configured_version() {
        ProviderConfig provider = provider(KEY, 0, new ProviderOptions(4000, "2024-01-01", null));

        invoker.invoke(provider, new ModelSettings("anthropic", "claude-x", 0.2, 77, false), MESSAGES, null);
        invoker.invoke(provider, new ModelSettings("anthropic", "claude-x", null, null, false), MESSAGES, null);

        assertThat(requests().get(0).body().getInteger("max_tokens")).isEqualTo(77);
        assertThat(requests().get(0).body().getDouble("temperature")).isEqualTo(0.2);
        assertThat(requests().get(1).body().getInteger("max_tokens")).isEqualTo(4000);
        assertThat(requests().get(1).header("anthropic-version")).isEqualTo("2024-01-01");
    }

    @Test
    public void should_retry_an_overloaded_api() {
        anthropic.enqueue(ModelBehaviour.fail(529, "Overloaded"), ModelBehaviour.reply("fine now"));

        assertThat(invoker.invoke(provider(KEY, 1), settings(), MESSAGES, null).text())
                .isEqualTo("fine now");
    }

    @Test
    public void should_refuse_options_anthropic_does_not_take() {
        IllegalArgumentException error = catchThrowableOfType(
                IllegalArgumentException.class,
                () -> provider(
                        KEY,
                        0,
                        new ProviderOptions(null, null, java.util.Map.of("HARM_CATEGORY_HARASSMENT", "BLOCK_NONE"))));
        assertThat(error).hasMessageContaining("options.safetySettings");
        assertThat(catchThrowableOfType(
                        IllegalArgumentException.class, () -> provider(KEY, 0, new ProviderOptions(0, null, null))))
                .hasMessageContaining("options.maxTokens");
        assertThat(catchThrowableOfType(
                        IllegalArgumentException.class,
                        () -> provider(KEY, 0, new ProviderOptions(null, "latest", null))))
                .hasMessageContaining("options.apiVersion");
    }

    private static String systemText(JsonObject body) {
        Object system = body.getValue("system");
        if (system instanceof String text) {
            return text;
        }
        StringBuilder text = new StringBuilder();
        for (Object block : (JsonArray) system) {
            text.append(((JsonObject) block).getString("text"));
        }
        return text.toString();
    }

    private static List<JsonObject> blocks(JsonObject message, String type) {
        return message.getJsonArray("content").stream()
                .map(JsonObject.class::cast)
                .filter(block -> type.equals(block.getString("type")))
                .toList();
    }
}
