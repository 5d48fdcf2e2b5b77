package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.quota.Quotas;
import io.switchboard.testkit.FakeTelegramBotApi;
import io.switchboard.testkit.TelegramUpdates;
import io.switchboard.testkit.weixin.CorpApp;
import io.switchboard.testkit.weixin.FakeWeixinPlatform;
import io.switchboard.testkit.weixin.OfficialAccount;
import io.switchboard.testkit.weixin.Seen;
import io.switchboard.testkit.weixin.WeixinCallbacks;
import io.switchboard.testkit.weixin.WeixinCallbacks.Mode;
import io.switchboard.testkit.weixin.WeixinCallbacks.Outcome;
import io.switchboard.testkit.weixin.WeixinMessages;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chat-platform user over a rate limit reads a friendly "please wait" in the chat, through the real
 * adapters and their fake platforms (issue 13, Quotas): Telegram (fake Bot API), a WeChat subscription
 * account (passive reply to the signed, encrypted callback) and a WeCom app (message/send): not silence,
 * and no answer of the model.
 */
class QuotaChannelsTest {
    private static final String APP = "switchboard-guide";
    private static final String TOKEN = "555000222:AAEquotaTestTokenForTelegram00000";
    private static final String SECRET = "quota-webhook-secret-0123456789ab";
    /** WeChat's 5 s deadline, scaled down (the guide app answers at once; no retry is needed). */
    private static final Duration DEADLINE = Duration.ofMillis(3000);

    private static final AtomicLong MSG_IDS = new AtomicLong(System.currentTimeMillis() * 1000);

    @Test
    void should_tell_a_telegram_user_over_the_limit_to_wait_in_the_chat(@TempDir Path dir) throws Exception {
        try (FakeTelegramBotApi api = FakeTelegramBotApi.start();
                Gateway gateway = Gateway.start(TestGateways.config(dir, TestGateways.Cluster.create(dir), 0)
                        .telegram(TestGateways.fastTelegram(api.baseUrl()))
                        .quotas(new Quotas.Limits(1, 0, 0, 0, 0, 0, 0, 0))
                        .build())) {
            String base = "http://127.0.0.1:" + gateway.port();
            HttpTestClient admin = new HttpTestClient(base).login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
            HttpTestClient.Reply bound = admin.send(
                    "POST",
                    "/admin/v1/apps/" + APP + "/channels",
                    new JsonObject()
                            .put("type", "telegram")
                            .put(
                                    "settings",
                                    new JsonObject().put("botToken", TOKEN).put("webhookSecret", SECRET))
                            .encode());
            assertThat(bound.status()).as(bound.body()).isEqualTo(201);
            String webhook = base + "/telegram/" + bound.json().get("id").asText();
            long chat = 7001;

            // Given one turn a minute per user, when the same user writes twice,
            post(api, webhook, TelegramUpdates.privateText(chat, "What is Switchboard?"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.messages(chat).size() == 1);
            post(api, webhook, TelegramUpdates.privateText(chat, "And what else?"));

            // then the second answer is the wait notice, and another user is answered as usual.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.messages(chat).size() == 2);
            List<String> messages = api.messages(chat);
            assertThat(messages.get(0)).doesNotContain("try again");
            assertThat(messages.get(1))
                    .contains("try again in")
                    .doesNotContain("消息太频繁"); // the user wrote English, the app names no language
            long other = 7002;
            post(api, webhook, TelegramUpdates.privateText(other, "What is Switchboard?"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.messages(other).size() == 1);
            assertThat(api.messages(other).getFirst()).doesNotContain("try again");
        }
    }

    @Test
    void should_tell_wechat_and_wecom_users_over_the_limit_to_wait_in_the_chat(@TempDir Path dir) throws Exception {
        try (FakeWeixinPlatform weixin = FakeWeixinPlatform.start();
                Gateway gateway = Gateway.start(TestGateways.config(dir, TestGateways.Cluster.create(dir), 0)
                        .weixin(new GatewayConfig.Weixin(
                                DEADLINE, Duration.ofMillis(2000), Duration.ofMinutes(5), null))
                        .quotas(new Quotas.Limits(1, 0, 0, 0, 0, 0, 0, 0))
                        .build())) {
            String base = "http://127.0.0.1:" + gateway.port();
            HttpTestClient admin = new HttpTestClient(base).login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
            OfficialAccount account = OfficialAccount.random(APP);
            weixin.register(account);
            String mp = base + "/wechat/"
                    + bind(
                            admin,
                            "wechat-mp",
                            new JsonObject()
                                    .put("appId", account.appId())
                                    .put("appSecret", account.secret())
                                    .put("token", account.token())
                                    .put("encodingAesKey", account.encodingAesKey())
                                    .put("mode", "compatible")
                                    .put("accountType", "subscription")
                                    .put("apiBaseUrl", weixin.apiBaseUrl()));
            CorpApp corp = CorpApp.random(APP, 1000013);
            weixin.register(corp);
            String wecom = base + "/wecom/"
                    + bind(
                            admin,
                            "wecom",
                            new JsonObject()
                                    .put("corpId", corp.corpId())
                                    .put("agentId", corp.agentId())
                                    .put("secret", corp.secret())
                                    .put("token", corp.token())
                                    .put("encodingAesKey", corp.encodingAesKey())
                                    .put("apiBaseUrl", weixin.apiBaseUrl()));

            // The node hears of new bindings shortly: the platform's URL checks pass once it has (no turn).
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            weixin.callbacks().verifyMp(account, mp).await().status() == 200);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> weixin.callbacks()
                                    .verifyWeCom(corp, wecom, "echo-quota")
                                    .await()
                                    .status()
                            == 200);

            // Given one turn a minute per user, when a WeChat user writes twice (in Chinese),
            String first = mpText(weixin, account, mp, "o-quota-1", "Switchboard 是什么？");
            String second = mpText(weixin, account, mp, "o-quota-1", "还有别的吗？");
            // then the second passive reply is the wait notice in the user's language,
            assertThat(first).doesNotContain("后再试");
            assertThat(second).contains("消息太频繁了").contains("后再试").doesNotContain("try again");
            // and another WeChat user is answered as usual.
            assertThat(mpText(weixin, account, mp, "o-quota-2", "Switchboard 是什么？"))
                    .doesNotContain("后再试");

            // A WeCom member writing twice (in English) reads the notice through message/send.
            wecomText(weixin, corp, wecom, "quota-staff", "What is Switchboard?");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> weixin.seen("quota-staff").size() == 1);
            wecomText(weixin, corp, wecom, "quota-staff", "And what else?");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> weixin.seen("quota-staff").size() == 2);
            List<Seen> staff = weixin.seen("quota-staff");
            assertThat(staff.get(0).text()).doesNotContain("try again");
            assertThat(staff.get(1).via()).isEqualTo("app");
            assertThat(staff.get(1).text()).contains("try again in").doesNotContain("消息太频繁");
            wecomText(weixin, corp, wecom, "quota-staff-2", "What is Switchboard?");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> weixin.seen("quota-staff-2").size() == 1);
            assertThat(weixin.seen("quota-staff-2").getFirst().text()).doesNotContain("try again");
        }
    }

    private static String bind(HttpTestClient admin, String type, JsonObject settings) {
        HttpTestClient.Reply bound = admin.send(
                "POST",
                "/admin/v1/apps/" + APP + "/channels",
                new JsonObject().put("type", type).put("settings", settings).encode());
        assertThat(bound.status()).as(bound.body()).isEqualTo(201);
        return bound.json().get("id").asText();
    }

    /** One text message to the subscription account, signed and encrypted, tried as the platform does; the reply. */
    private static String mpText(
            FakeWeixinPlatform weixin, OfficialAccount account, String callback, String user, String text) {
        String xml =
                WeixinMessages.text(account.originalId(), user, WeixinCallbacks.now(), MSG_IDS.incrementAndGet(), text);
        Outcome outcome = weixin.callbacks()
                .deliverMp(account, Mode.COMPATIBLE, List.of(callback), xml, DEADLINE, 3)
                .await();
        assertThat(outcome.failed()).as(outcome.toString()).isFalse();
        return outcome.reply();
    }

    private static void wecomText(FakeWeixinPlatform weixin, CorpApp corp, String callback, String user, String text)
            throws Exception {
        String xml = WeixinMessages.wecomText(
                corp.corpId(), user, WeixinCallbacks.now(), MSG_IDS.incrementAndGet(), corp.agentId(), text);
        weixin.callbacks()
                .deliverWeCom(corp, List.of(callback), xml, DEADLINE, 3)
                .await(30, TimeUnit.SECONDS);
    }

    /** Posts an update to the webhook until the node knows the binding (it hears of it shortly). */
    private static void post(FakeTelegramBotApi api, String webhook, JsonObject update) {
        String body = api.withId(update).encode();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.postToWebhook(webhook, body, SECRET), status -> status == 200);
    }
}
