package io.switchboard.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.switchboard.runtime.security.Secret;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.ModelBehaviour;
import io.switchboard.testkit.RecordedRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link HostedProviderContract} for Azure OpenAI through {@code langchain4j-open-ai} with Azure's URL
 * scheme, {@code api-key} header and {@code api-version} query parameter.
 */
public class AzureOpenAiProtocolTest extends HostedProviderContract {
    private static final String API_VERSION = "2024-10-21";
    private FakeOpenAiServer azure;

    @Override
    protected void startFake() {
        azure = FakeOpenAiServer.azure(API_VERSION).expectApiKey(KEY).start();
    }

    @Override
    protected void stopFake() {
        azure.close();
    }

    @Override
    protected void enqueue(ModelBehaviour... behaviours) {
        azure.enqueue(behaviours);
    }

    @Override
    protected List<RecordedRequest> requests() {
        return azure.requests();
    }

    @Override
    protected ProviderConfig provider(String key, int maxRetries) {
        return provider(key, maxRetries, API_VERSION);
    }

    private ProviderConfig provider(String key, int maxRetries, String apiVersion) {
        return new ProviderConfig(
                "azure",
                "Azure",
                ProviderKind.AZURE_OPENAI,
                azure.azureEndpoint(),
                Secret.of(key),
                Duration.ofSeconds(10),
                maxRetries,
                new ProviderOptions(null, apiVersion, null));
    }

    @Override
    protected void assertPlainRequest(RecordedRequest request) {
        assertThat(request.path()).isEqualTo("/openai/deployments/" + modelName() + "/chat/completions");
        assertThat(request.header("api-key")).isEqualTo(KEY);
        assertThat(request.header("authorization")).isNull();
        assertThat(request.body().getJsonArray("messages")).hasSize(4);
    }

    @Override
    protected void assertStreamingRequest(RecordedRequest request) {
        assertThat(request.body().getBoolean("stream")).isTrue();
        assertThat(request.path()).endsWith("/chat/completions");
    }

    @Override
    protected void assertToolRoundTrip(RecordedRequest offer, RecordedRequest answer) {
        assertThat(offer.body()
                        .getJsonArray("tools")
                        .getJsonObject(0)
                        .getJsonObject("function")
                        .getString("name"))
                .isEqualTo("add");
        JsonArray messages = answer.body().getJsonArray("messages");
        JsonObject toolMessage = messages.getJsonObject(messages.size() - 1);
        assertThat(toolMessage.getString("role")).isEqualTo("tool");
        assertThat(toolMessage.getString("tool_call_id")).isEqualTo("call_1");
        assertThat(toolMessage.getString("content")).isEqualTo("5");
    }

    @Test
    public void should_fail_at_once_when_the_resource_does_not_serve_the_api_version() {
        ModelFailure failure = catchThrowableOfType(
                ModelFailure.class, () -> invoker.invoke(provider(KEY, 3, "2023-05-15"), settings(), MESSAGES, null));

        assertThat(failure.retriable()).isFalse();
        assertThat(failure.httpStatus()).isEqualTo(400);
        assertThat(requests()).hasSize(1);
    }

    @Test
    public void should_require_an_api_version_and_a_bare_endpoint() {
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> provider(KEY, 0, null)))
                .hasMessageContaining("options.apiVersion is required");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> provider(KEY, 0, "v1")))
                .hasMessageContaining("options.apiVersion must look like");
        assertThat(catchThrowableOfType(
                        IllegalArgumentException.class,
                        () -> new ProviderConfig(
                                "azure",
                                null,
                                ProviderKind.AZURE_OPENAI,
                                azure.azureEndpoint() + "/openai/deployments/x",
                                Secret.of(KEY),
                                null,
                                0,
                                new ProviderOptions(null, API_VERSION, null))))
                .hasMessageContaining("resource endpoint");
    }

    @Test
    public void should_refuse_a_model_name_that_is_no_deployment_name() {
        ModelFailure failure = catchThrowableOfType(
                ModelFailure.class,
                () -> invoker.invoke(
                        provider(KEY, 0),
                        new ModelSettings("azure", "gpt 4o/../x", null, null, false),
                        MESSAGES,
                        null));

        assertThat(failure.retriable()).isFalse();
        assertThat(failure.getMessage()).contains("not an Azure deployment name");
        assertThat(requests()).isEmpty();
    }
}
