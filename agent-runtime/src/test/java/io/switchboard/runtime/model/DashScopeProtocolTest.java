package io.switchboard.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import io.switchboard.runtime.security.Secret;
import io.switchboard.testkit.FakeDashScopeServer;
import io.switchboard.testkit.ModelBehaviour;
import io.switchboard.testkit.RecordedRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link HostedProviderContract} for DashScope's native API through {@link DashScopeChatModel} (our
 * transport, not the DashScope SDK), plus what only DashScope has: the vision models' endpoint and
 * content lists, incremental streaming, its error body.
 */
public class DashScopeProtocolTest extends HostedProviderContract {
    private FakeDashScopeServer dashScope;

    @Override
    protected void startFake() {
        dashScope = FakeDashScopeServer.create().expectApiKey(KEY).start();
    }

    @Override
    protected void stopFake() {
        dashScope.close();
    }

    @Override
    protected void enqueue(ModelBehaviour... behaviours) {
        dashScope.enqueue(behaviours);
    }

    @Override
    protected List<RecordedRequest> requests() {
        return dashScope.requests();
    }

    @Override
    protected ProviderConfig provider(String key, int maxRetries) {
        return provider(key, maxRetries, null);
    }

    private ProviderConfig provider(String key, int maxRetries, ProviderOptions options) {
        return new ProviderConfig(
                "dashscope",
                "DashScope",
                ProviderKind.DASHSCOPE,
                dashScope.baseUrl(),
                Secret.of(key),
                Duration.ofSeconds(10),
                maxRetries,
                options);
    }

    @Override
    protected String modelName() {
        return FakeDashScopeServer.MODEL_ID;
    }

    @Override
    protected void assertPlainRequest(RecordedRequest request) {
        assertThat(request.path()).isEqualTo("/api/v1/services/aigc/text-generation/generation");
        assertThat(request.header("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(request.header("x-dashscope-sse")).isNull();
        JsonObject body = request.body();
        assertThat(body.getString("model")).isEqualTo(FakeDashScopeServer.MODEL_ID);
        JsonArray messages = body.getJsonObject("input").getJsonArray("messages");
        assertThat(messages.stream()
                        .map(m -> ((JsonObject) m).getString("role"))
                        .toList())
                .containsExactly("system", "user", "assistant", "user");
        assertThat(messages.getJsonObject(0).getString("content")).isEqualTo("You are terse.");
        JsonObject parameters = body.getJsonObject("parameters");
        assertThat(parameters.getString("result_format")).isEqualTo("message");
        assertThat(parameters.containsKey("incremental_output")).isFalse();
    }

    @Override
    protected void assertStreamingRequest(RecordedRequest request) {
        assertThat(request.path()).isEqualTo("/api/v1/services/aigc/text-generation/generation");
        assertThat(request.header("x-dashscope-sse")).isEqualTo("enable");
        assertThat(request.body().getJsonObject("parameters").getBoolean("incremental_output"))
                .isTrue();
    }

    @Override
    protected void assertToolRoundTrip(RecordedRequest offer, RecordedRequest answer) {
        JsonObject tool =
                offer.body().getJsonObject("parameters").getJsonArray("tools").getJsonObject(0);
        assertThat(tool.getString("type")).isEqualTo("function");
        JsonObject function = tool.getJsonObject("function");
        assertThat(function.getString("name")).isEqualTo("add");
        assertThat(function.getJsonObject("parameters").getString("type")).isEqualTo("object");
        assertThat(function.getJsonObject("parameters").getJsonArray("required"))
                .containsExactly("a", "b");
        JsonArray messages = answer.body().getJsonObject("input").getJsonArray("messages");
        JsonObject call = messages.getJsonObject(messages.size() - 2);
        assertThat(call.getString("role")).isEqualTo("assistant");
        JsonObject toolCall = call.getJsonArray("tool_calls").getJsonObject(0);
        assertThat(toolCall.getString("id")).isEqualTo("call_1");
        assertThat(toolCall.getJsonObject("function").getString("name")).isEqualTo("add");
        assertThat(new JsonObject(toolCall.getJsonObject("function").getString("arguments")))
                .isEqualTo(new JsonObject("{\"a\":2,\"b\":3}"));
        JsonObject result = messages.getJsonObject(messages.size() - 1);
        assertThat(result.getString("role")).isEqualTo("tool");
        assertThat(result.getString("tool_call_id")).isEqualTo("call_1");
        assertThat(result.getString("name")).isEqualTo("add");
        assertThat(result.getString("content")).isEqualTo("5");
    }

    @Test
    public void should_send_a_vision_request_to_the_multimodal_endpoint_as_content_lists() {
        List<ChatMessage> messages = List.of(UserMessage.from(
                TextContent.from("what is in the picture?"),
                ImageContent.from("https://example.com/cat.png"),
                ImageContent.from("iVBORw0KGgo=", "image/png")));
        ModelSettings vision = new ModelSettings("dashscope", FakeDashScopeServer.VISION_MODEL_ID, null, null, false);
        for (boolean streaming : List.of(false, true)) {
            enqueue(ModelBehaviour.reply("a cat on a mat"));

            ModelAnswer answer = invoker.invoke(provider(KEY, 0), vision, messages, streaming ? tokens::add : null);

            assertThat(answer.text()).isEqualTo("a cat on a mat");
        }
        assertThat(String.join("", tokens)).isEqualTo("a cat on a mat");
        RecordedRequest request = requests().getFirst();
        assertThat(request.path()).isEqualTo("/api/v1/services/aigc/multimodal-generation/generation");
        JsonArray content = request.body()
                .getJsonObject("input")
                .getJsonArray("messages")
                .getJsonObject(0)
                .getJsonArray("content");
        assertThat(content)
                .containsExactly(
                        new JsonObject().put("text", "what is in the picture?"),
                        new JsonObject().put("image", "https://example.com/cat.png"),
                        new JsonObject().put("image", "data:image/png;base64,iVBORw0KGgo="));
    }

    @Test
    public void should_send_the_apps_settings_as_dashscope_parameters() {
        ProviderConfig provider = provider(KEY, 0, new ProviderOptions(500, null, null));

        invoker.invoke(provider, new ModelSettings("dashscope", "qwen-plus", 0.3, 64, false), MESSAGES, null);
        invoker.invoke(provider, new ModelSettings("dashscope", "qwen-plus", null, null, false), MESSAGES, null);

        JsonObject first = requests().get(0).body().getJsonObject("parameters");
        assertThat(first.getDouble("temperature")).isEqualTo(0.3);
        assertThat(first.getInteger("max_tokens")).isEqualTo(64);
        assertThat(requests().get(1).body().getJsonObject("parameters").getInteger("max_tokens"))
                .isEqualTo(500);
    }

    @Test
    public void should_retry_a_stream_cut_before_its_last_event_when_nothing_was_shown() {
        enqueue(ModelBehaviour.dropAfterChunks(0), ModelBehaviour.reply("whole this time"));

        ModelAnswer answer = invoker.invoke(provider(KEY, 1), settings(), MESSAGES, tokens::add);

        assertThat(answer.text()).isEqualTo("whole this time");
        assertThat(requests()).hasSize(2);
    }

    @Test
    public void should_name_dashscopes_reason_for_a_refused_request() {
        enqueue(ModelBehaviour.fail(400, "Range of max_tokens should be [1, 8192]"));

        ModelFailure failure = catchThrowableOfType(
                ModelFailure.class, () -> invoker.invoke(provider(KEY, 2), settings(), MESSAGES, null));

        assertThat(failure.retriable()).isFalse();
        assertThat(failure.httpStatus()).isEqualTo(400);
        assertThat(failure.getMessage()).contains("InvalidParameter").contains("Range of max_tokens");
        assertThat(requests()).hasSize(1);
    }

    @Test
    public void should_refuse_options_dashscope_does_not_take() {
        assertThat(catchThrowableOfType(
                        IllegalArgumentException.class,
                        () -> provider(KEY, 0, new ProviderOptions(null, "2024-10-21", null))))
                .hasMessageContaining("options.apiVersion");
    }
}
