package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.gateway.HttpTestClient.Reply;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.weixin.CorpApp;
import io.switchboard.testkit.weixin.FakeWeixinPlatform;
import io.switchboard.testkit.weixin.OfficialAccount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Two real gateway members (one Hazelcast cluster, one H2 database) behind the fake WeChat/WeCom
 * platform and a fake model, with the sample app published on the model and bound, through the admin
 * API, to a service account (safe mode), a subscription account (compatible mode) and a WeCom app.
 * WeChat's timing is scaled down five times: 1 s deadline, 0.8 s passive budget.
 */
final class WeixinCluster implements AutoCloseable {
    static final String APP = "switchboard-guide";
    static final Duration DEADLINE = Duration.ofMillis(1000);
    static final Duration BUDGET = Duration.ofMillis(800);
    private static final String MODEL_KEY = "sk-model-key-for-weixin-tests";

    final FakeOpenAiServer model =
            FakeOpenAiServer.create().expectApiKey(MODEL_KEY).start();
    final FakeWeixinPlatform platform = FakeWeixinPlatform.start();
    final Gateway first;
    final Gateway second;
    final HttpTestClient admin;
    final OfficialAccount service = OfficialAccount.random("svc");
    final OfficialAccount subscription = OfficialAccount.random("sub");
    final CorpApp corp = CorpApp.random("corp", 1000002);
    String serviceBinding;
    String subscriptionBinding;
    String corpBinding;

    WeixinCluster(Path dir) {
        TestGateways.Cluster cluster = TestGateways.Cluster.create(dir);
        GatewayConfig.Weixin timing = new GatewayConfig.Weixin(DEADLINE, BUDGET, Duration.ofMinutes(5), null);
        first = start(TestGateways.config(dir, cluster, 0).weixin(timing).build());
        second = start(TestGateways.config(dir, cluster, 1).weixin(timing).build());
        admin = new HttpTestClient(base(first)).login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
        platform.register(service).register(subscription).register(corp);
        publishOnModel();
    }

    private static Gateway start(GatewayConfig config) {
        try {
            return Gateway.start(config);
        } catch (Exception e) {
            throw new IllegalStateException("gateway member did not start", e);
        }
    }

    static String base(Gateway gateway) {
        return "http://127.0.0.1:" + gateway.port();
    }

    private void publishOnModel() {
        Reply provider = admin.send(
                "POST",
                "/admin/v1/providers",
                "{\"id\":\"fake\",\"name\":\"Fake\",\"kind\":\"OPENAI_COMPATIBLE\",\"baseUrl\":\"" + model.baseUrl()
                        + "\",\"apiKey\":\"" + MODEL_KEY + "\",\"timeoutMs\":10000,\"maxRetries\":0}");
        assertThat(provider.status()).isEqualTo(201);
        JsonNode draft = admin.send("GET", "/admin/v1/apps/" + APP, null).json().get("draft");
        String edited = draft.toString()
                .replaceFirst("\"qaPairs\":\\[.*?]", "\"qaPairs\":[]")
                .replaceFirst(
                        "\"model\":null",
                        "\"model\":{\"providerId\":\"fake\",\"modelName\":\"fake-model\",\"temperature\":0.2}");
        assertThat(admin.send("PUT", "/admin/v1/apps/" + APP + "/draft", edited).status())
                .isEqualTo(200);
        assertThat(admin.send("POST", "/admin/v1/apps/" + APP + "/publish", "{\"note\":\"weixin\"}")
                        .status())
                .isEqualTo(201);
    }

    /** Binds the three accounts through the admin API; returns the bindings as the API answered. */
    List<JsonNode> bindAll() {
        JsonNode svc = bind("wechat-mp", mpSettings(service, "safe", "service"));
        JsonNode sub = bind("wechat-mp", mpSettings(subscription, "compatible", "subscription"));
        JsonNode wecom = bind(
                "wecom",
                "{\"corpId\":\"" + corp.corpId() + "\",\"agentId\":" + corp.agentId() + ",\"secret\":\"" + corp.secret()
                        + "\",\"token\":\"" + corp.token() + "\",\"encodingAesKey\":\"" + corp.encodingAesKey()
                        + "\",\"apiBaseUrl\":\"" + platform.apiBaseUrl() + "\"}");
        serviceBinding = svc.get("id").asText();
        subscriptionBinding = sub.get("id").asText();
        corpBinding = wecom.get("id").asText();
        return List.of(svc, sub, wecom);
    }

    private String mpSettings(OfficialAccount account, String mode, String type) {
        return "{\"appId\":\"" + account.appId() + "\",\"appSecret\":\"" + account.secret() + "\",\"token\":\""
                + account.token() + "\",\"encodingAesKey\":\"" + account.encodingAesKey() + "\",\"mode\":\"" + mode
                + "\",\"accountType\":\"" + type + "\",\"pendingNotice\":\"PENDING\",\"apiBaseUrl\":\""
                + platform.apiBaseUrl() + "\"}";
    }

    private JsonNode bind(String type, String settings) {
        Reply reply = admin.send(
                "POST",
                "/admin/v1/apps/" + APP + "/channels",
                "{\"type\":\"" + type + "\",\"settings\":" + settings + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json();
    }

    /** The callback URL on each member, {@code start} first: every retry lands on the other member. */
    List<String> urls(String prefix, String bindingId, int start) {
        String a = base(first) + prefix + bindingId;
        String b = base(second) + prefix + bindingId;
        return start == 0 ? List.of(a, b) : List.of(b, a);
    }

    @Override
    public void close() throws Exception {
        try (first;
                second;
                platform;
                model) {
            // closed in reverse order
        }
    }
}
