package io.switchboard.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.switchboard.runtime.security.Secret;
import io.switchboard.testkit.FakeGeminiServer;
import io.switchboard.testkit.ModelBehaviour;
import io.switchboard.testkit.RecordedRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link HostedProviderContract} for Google's Gemini API through {@code langchain4j-google-ai-gemini}. */
public class GeminiProtocolTest extends HostedProviderContract {
    private FakeGeminiServer gemini;

    @Override
    protected void startFake() {
        gemini = FakeGeminiServer.create().expectApiKey(KEY).start();
    }

    @Override
    protected void stopFake() {
        gemini.close();
    }

    @Override
    protected void enqueue(ModelBehaviour... behaviours) {
        gemini.enqueue(behaviours);
    }

    @Override
    protected List<RecordedRequest> requests() {
        return gemini.requests();
    }

    @Override
    protected ProviderConfig provider(String key, int maxRetries) {
        return provider(key, maxRetries, null);
    }

    private ProviderConfig provider(String key, int maxRetries, ProviderOptions options) {
        return new ProviderConfig(
                "gemini",
                "Gemini",
                ProviderKind.GEMINI,
                gemini.baseUrl(),
                Secret.of(key),
                Duration.ofSeconds(10),
                maxRetries,
                options);
    }

    @Override
    protected int rejectedKeyStatus() {
        return 400;
    }

    @Override
    protected void assertPlainRequest(RecordedRequest request) {
        assertThat(request.path()).isEqualTo("/v1beta/models/" + modelName() + ":generateContent");
        assertThat(request.header("x-goog-api-key")).isEqualTo(KEY);
        JsonObject body = request.body();
        assertThat(body.getJsonObject("systemInstruction")
                        .getJsonArray("parts")
                        .getJsonObject(0)
                        .getString("text"))
                .isEqualTo("You are terse.");
        assertThat(body.getJsonArray("contents").stream()
                        .map(c -> ((JsonObject) c).getString("role"))
                        .toList())
                .containsExactly("user", "model", "user");
        assertThat(body.containsKey("safetySettings")).isFalse();
    }

    @Override
    protected void assertStreamingRequest(RecordedRequest request) {
        assertThat(request.path()).isEqualTo("/v1beta/models/" + modelName() + ":streamGenerateContent");
    }

    @Override
    protected void assertToolRoundTrip(RecordedRequest offer, RecordedRequest answer) {
        // LangChain4j sends one Tool object where the API documents an array; Google's JSON mapping takes
        // a single value for a repeated field.
        Object tools = offer.body().getValue("tools");
        JsonObject tool = tools instanceof JsonArray array ? array.getJsonObject(0) : (JsonObject) tools;
        JsonObject declaration = tool.getJsonArray("functionDeclarations").getJsonObject(0);
        assertThat(declaration.getString("name")).isEqualTo("add");
        JsonArray contents = answer.body().getJsonArray("contents");
        JsonObject call = contents.getJsonObject(contents.size() - 2);
        assertThat(call.getString("role")).isEqualTo("model");
        JsonObject functionCall = call.getJsonArray("parts").getJsonObject(0).getJsonObject("functionCall");
        assertThat(functionCall.getString("name")).isEqualTo("add");
        assertThat(functionCall.getJsonObject("args")).isEqualTo(new JsonObject("{\"a\":2,\"b\":3}"));
        JsonObject response = contents.getJsonObject(contents.size() - 1)
                .getJsonArray("parts")
                .getJsonObject(0)
                .getJsonObject("functionResponse");
        assertThat(response.getString("name")).isEqualTo("add");
        assertThat(response.getJsonObject("response").encode()).contains("5");
    }

    @Test
    public void should_send_the_configured_safety_settings_and_output_limit() {
        ProviderConfig provider = provider(
                KEY,
                0,
                new ProviderOptions(
                        300,
                        null,
                        Map.of(
                                "HARM_CATEGORY_HARASSMENT", "BLOCK_ONLY_HIGH",
                                "HARM_CATEGORY_DANGEROUS_CONTENT", "BLOCK_LOW_AND_ABOVE")));

        invoker.invoke(provider, settings(), MESSAGES, null);

        JsonObject body = requests().getFirst().body();
        assertThat(body.getJsonArray("safetySettings").stream()
                        .map(s ->
                                ((JsonObject) s).getString("category") + "=" + ((JsonObject) s).getString("threshold"))
                        .toList())
                .containsExactlyInAnyOrder(
                        "HARM_CATEGORY_HARASSMENT=BLOCK_ONLY_HIGH",
                        "HARM_CATEGORY_DANGEROUS_CONTENT=BLOCK_LOW_AND_ABOVE");
        assertThat(body.getJsonObject("generationConfig").getInteger("maxOutputTokens"))
                .isEqualTo(300);
    }

    @Test
    public void should_refuse_unknown_safety_names_naming_the_field() {
        assertThat(catchThrowableOfType(
                        IllegalArgumentException.class,
                        () -> provider(
                                KEY, 0, new ProviderOptions(null, null, Map.of("HARM_CATEGORY_RUDE", "BLOCK_NONE")))))
                .hasMessageContaining("options.safetySettings")
                .hasMessageContaining("HARM_CATEGORY_RUDE");
        assertThat(catchThrowableOfType(
                        IllegalArgumentException.class,
                        () -> provider(
                                KEY,
                                0,
                                new ProviderOptions(null, null, Map.of("HARM_CATEGORY_HARASSMENT", "SOMETIMES")))))
                .hasMessageContaining("options.safetySettings.HARM_CATEGORY_HARASSMENT");
        assertThat(catchThrowableOfType(
                        IllegalArgumentException.class,
                        () -> provider(KEY, 0, new ProviderOptions(null, "2024-10-21", null))))
                .hasMessageContaining("options.apiVersion");
    }
}
