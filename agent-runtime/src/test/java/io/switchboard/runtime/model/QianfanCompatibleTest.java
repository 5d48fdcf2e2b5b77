package io.switchboard.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.runtime.net.NetPolicy;
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
 * Baidu Qianfan's v2 API as an {@code OPENAI_COMPATIBLE} provider (docs/providers.md): chat, streaming,
 * tools, a rejected key and a rate limit at {@code /v2/chat/completions} with the Qianfan key as a bearer
 * token, through the same contract as the hosted kinds. The one difference: an OPENAI_COMPATIBLE endpoint
 * is not put through the SSRF guard (a local vLLM or LM Studio lives on loopback or a private address).
 */
public class QianfanCompatibleTest extends HostedProviderContract {
    private static final String QIANFAN_KEY = "bce-v3/ALTAK-fake0123456789/0123456789abcdef0123456789abcdef";
    private FakeOpenAiServer qianfan;

    @Override
    protected void startFake() {
        qianfan = FakeOpenAiServer.qianfanV2().expectApiKey(QIANFAN_KEY).start();
    }

    @Override
    protected void stopFake() {
        qianfan.close();
    }

    @Override
    protected void enqueue(ModelBehaviour... behaviours) {
        qianfan.enqueue(behaviours);
    }

    @Override
    protected List<RecordedRequest> requests() {
        return qianfan.requests();
    }

    @Override
    protected ProviderConfig provider(String key, int maxRetries) {
        return new ProviderConfig(
                "qianfan",
                "Qianfan",
                ProviderKind.OPENAI_COMPATIBLE,
                qianfan.baseUrl(),
                Secret.of(key.equals(KEY) ? QIANFAN_KEY : key),
                Duration.ofSeconds(10),
                maxRetries,
                (ProviderOptions) null);
    }

    @Override
    protected String modelName() {
        return "ernie-4.5-turbo-128k";
    }

    @Override
    protected void assertPlainRequest(RecordedRequest request) {
        assertThat(request.path()).isEqualTo("/v2/chat/completions");
        assertThat(request.header("authorization")).isEqualTo("Bearer " + QIANFAN_KEY);
        assertThat(request.body().getString("model")).isEqualTo("ernie-4.5-turbo-128k");
        assertThat(request.body().getJsonArray("messages")).hasSize(MESSAGES.size());
    }

    @Override
    protected void assertStreamingRequest(RecordedRequest request) {
        assertThat(request.path()).isEqualTo("/v2/chat/completions");
        assertThat(request.body().getBoolean("stream")).isTrue();
    }

    @Override
    protected void assertToolRoundTrip(RecordedRequest offer, RecordedRequest answer) {
        JsonObject tool = offer.body().getJsonArray("tools").getJsonObject(0);
        assertThat(tool.getJsonObject("function").getString("name")).isEqualTo("add");
        JsonArray messages = answer.body().getJsonArray("messages");
        JsonObject result = messages.getJsonObject(messages.size() - 1);
        assertThat(result.getString("role")).isEqualTo("tool");
        assertThat(result.getString("tool_call_id")).isEqualTo("call_1");
    }

    @Override
    protected boolean ssrfGuarded() {
        return false;
    }

    /** Unlike the hosted kinds: OPENAI_COMPATIBLE endpoints are not checked by the SSRF guard. */
    @Test
    public void should_reach_its_endpoint_without_the_ssrf_guard_as_every_openai_compatible_provider() {
        LangChainModelInvoker unguarded =
                LangChainModelInvoker.create(Duration.ofMillis(1), httpClients(), NetPolicy.DEFAULT);

        ModelAnswer answer = unguarded.invoke(provider(KEY, 0), settings(), MESSAGES, null);

        assertThat(answer.text()).startsWith("echo: what is Switchboard");
        assertThat(requests()).hasSize(1);
    }
}
