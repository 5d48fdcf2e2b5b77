package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.gateway.HttpTestClient.Reply;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.testkit.BotApiCall;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.FakeTelegramBotApi;
import io.switchboard.testkit.ModelBehaviour;
import io.switchboard.testkit.TelegramUpdates;
import io.switchboard.testkit.weixin.CorpApp;
import io.switchboard.testkit.weixin.FakeWeixinPlatform;
import io.switchboard.testkit.weixin.OfficialAccount;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The channels' own texts follow the app's reply language, whatever the user writes in: one app with
 * {@code replyLanguage: en} and one with {@code zh-CN}, each bound to a WeChat subscription account, a
 * WeCom app and a Telegram bot on the fake platforms. The answer that outlasts WeChat's three tries gets
 * the "still being prepared" notice, an image the app cannot read the unsupported-message reply, a
 * Telegram photo the photo reply, each in the app's language; a binding's own notice wins.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FixedTextLanguageTest {
    /**
     * WeChat's 5 s deadline, scaled down so that three tries fit in a few seconds. The third try's notice
     * must be written within what is left after the passive budget: with a 1 s deadline and a 0.7 s
     * budget that was 0.3 s for the claim, the app's language, the encrypted reply and the event loop, which
     * a 2-core machine at load 15-25 did not always give (the platform hung up, so the reply was null).
     * A third of the deadline is left here (production: 0.7 s of 5 s).
     */
    private static final Duration DEADLINE = Duration.ofMillis(3000);

    private static final Duration BUDGET = Duration.ofMillis(2000);
    private static final AtomicLong MSG_IDS = new AtomicLong(System.currentTimeMillis() * 1000);

    private static final String PENDING_EN =
            "Your answer is still being prepared. Send any message in a moment to see it.";
    private static final String PENDING_ZH = "回答还在准备中，请稍后发送任意消息查看。";
    private static final String MP_UNSUPPORTED_EN =
            "Sorry, I can only understand text and voice messages. Please ask in words.";
    private static final String MP_UNSUPPORTED_ZH = "抱歉，我目前只能理解文字和语音消息，请用文字提问。";
    private static final String WECOM_UNSUPPORTED_EN =
            "Sorry, I can only understand text messages. Please ask in words.";
    private static final String WECOM_UNSUPPORTED_ZH = "抱歉，我目前只能理解文字消息，请用文字提问。";
    private static final String PHOTO_EN = "I can only read text for now. Please describe the picture in words.";
    private static final String PHOTO_ZH = "我目前只能读懂文字，请用文字描述这张图片。";

    private final FakeWeixinPlatform weixin = FakeWeixinPlatform.start();
    private final FakeOpenAiServer model = FakeOpenAiServer.create();
    private FakeTelegramBotApi telegram;
    private Gateway gateway;
    private HttpTestClient admin;
    private Bound english;
    private Bound chinese;
    private Bound explicit;

    /** One app's bindings. */
    private record Bound(
            OfficialAccount account,
            String mpCallback,
            CorpApp corp,
            String wecomCallback,
            String webhook,
            String secret) {}

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        // Longer than WeChat's three scaled tries: the answer is kept for the user's next message.
        model.defaultBehaviour(ModelBehaviour.slowFirstToken(DEADLINE.multipliedBy(4)))
                .start();
        telegram = FakeTelegramBotApi.start();
        gateway = Gateway.start(TestGateways.config(dir, TestGateways.Cluster.create(dir), 0)
                .weixin(new GatewayConfig.Weixin(DEADLINE, BUDGET, Duration.ofMinutes(5), null))
                .telegram(TestGateways.fastTelegram(telegram.baseUrl()))
                .build());
        admin = new HttpTestClient("http://127.0.0.1:" + gateway.port())
                .login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
        expect(
                201,
                admin.send(
                        "POST",
                        "/admin/v1/providers",
                        new JsonObject()
                                .put("id", "fake")
                                .put("kind", "OPENAI_COMPATIBLE")
                                .put("baseUrl", model.baseUrl())
                                .put("apiKey", "sk-languages")
                                .encode()));
        english = bindApp("speaks-english", "en", "333333331:AAEfixedTextsEnglish0000000000000", null);
        chinese = bindApp("speaks-chinese", "zh-CN", "333333332:AAEfixedTextsChinese0000000000000", null);
        explicit = bindApp("speaks-own", "en", "333333334:AAEfixedTextsExplicit000000000000", "Hang on a second!");
    }

    @AfterAll
    void stop() throws Exception {
        gateway.close();
        telegram.close();
        model.close();
        weixin.close();
    }

    @Test
    void should_send_the_pending_notice_in_the_app_language_not_the_users() {
        assertThat(pendingNotice(english, "o-en-pending", "你好，请详细介绍一下你们的产品")).isEqualTo(PENDING_EN);
        assertThat(pendingNotice(chinese, "o-zh-pending", "hello, tell me all about your products"))
                .isEqualTo(PENDING_ZH);
        assertThat(pendingNotice(explicit, "o-own-pending", "hello")).isEqualTo("Hang on a second!");
    }

    @Test
    void should_answer_an_unreadable_wechat_message_in_the_app_language() {
        assertThat(mpImage(english, "o-en-image")).isEqualTo(MP_UNSUPPORTED_EN);
        assertThat(mpImage(chinese, "o-zh-image")).isEqualTo(MP_UNSUPPORTED_ZH);
    }

    @Test
    void should_answer_an_unreadable_wecom_message_in_the_app_language() throws Exception {
        assertThat(wecomImage(english, "en-staff")).isEqualTo(WECOM_UNSUPPORTED_EN);
        assertThat(wecomImage(chinese, "zh-staff")).isEqualTo(WECOM_UNSUPPORTED_ZH);
    }

    @Test
    void should_answer_a_telegram_photo_in_the_app_language() {
        assertThat(telegramPhoto(english, 7101)).isEqualTo(PHOTO_EN);
        assertThat(telegramPhoto(chinese, 7102)).isEqualTo(PHOTO_ZH);
    }

    private String pendingNotice(Bound bound, String user, String text) {
        String xml = WeixinMessages.text(
                bound.account().originalId(), user, WeixinCallbacks.now(), MSG_IDS.incrementAndGet(), text);
        Outcome outcome = weixin.callbacks()
                .deliverMp(bound.account(), Mode.COMPATIBLE, List.of(bound.mpCallback()), xml, DEADLINE, 3)
                .await();
        assertThat(outcome.attempts()).hasSize(3);
        assertThat(outcome.failed()).as(outcome.toString()).isFalse();
        return outcome.reply();
    }

    private String mpImage(Bound bound, String user) {
        String xml = WeixinMessages.image(
                bound.account().originalId(), user, WeixinCallbacks.now(), MSG_IDS.incrementAndGet());
        Outcome outcome = weixin.callbacks()
                .deliverMp(bound.account(), Mode.COMPATIBLE, List.of(bound.mpCallback()), xml, DEADLINE, 3)
                .await();
        assertThat(outcome.attempts()).as("answered at once").hasSize(1);
        return outcome.reply();
    }

    private String wecomImage(Bound bound, String user) throws Exception {
        long id = MSG_IDS.incrementAndGet();
        String xml = "<xml><ToUserName><![CDATA[" + bound.corp().corpId() + "]]></ToUserName><FromUserName><![CDATA["
                + user + "]]></FromUserName><CreateTime>" + WeixinCallbacks.now()
                + "</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://127.0.0.1/pic/" + id
                + "]]></PicUrl><MediaId><![CDATA[media-" + id + "]]></MediaId><MsgId>" + id + "</MsgId><AgentID>"
                + bound.corp().agentId() + "</AgentID></xml>";
        weixin.callbacks()
                .deliverWeCom(bound.corp(), List.of(bound.wecomCallback()), xml, DEADLINE, 3)
                .await(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20)).until(() -> !weixin.seen(user).isEmpty());
        return weixin.seen(user).getLast().text();
    }

    private String telegramPhoto(Bound bound, long userId) {
        String body = telegram.withId(TelegramUpdates.privatePhoto(userId)).encode();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> telegram.postToWebhook(bound.webhook(), body, bound.secret()) == 200);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !telegram.sentMessages(userId).isEmpty());
        List<BotApiCall> sent = telegram.sentMessages(userId);
        return sent.getLast().text();
    }

    private Bound bindApp(String appId, String language, String botToken, String pendingNotice) {
        JsonObject config = new JsonObject()
                .put("name", appId)
                .put("model", new JsonObject().put("providerId", "fake").put("modelName", "fake-model"))
                .put("replyLanguage", language);
        expect(
                201,
                admin.send(
                        "POST",
                        "/admin/v1/apps",
                        new JsonObject().put("id", appId).put("config", config).encode()));
        expect(201, admin.send("POST", "/admin/v1/apps/" + appId + "/publish", "{}"));
        OfficialAccount account = OfficialAccount.random(appId);
        weixin.register(account);
        JsonObject mpSettings = new JsonObject()
                .put("appId", account.appId())
                .put("appSecret", account.secret())
                .put("token", account.token())
                .put("encodingAesKey", account.encodingAesKey())
                .put("mode", "compatible")
                .put("accountType", "subscription")
                .put("apiBaseUrl", weixin.apiBaseUrl());
        if (pendingNotice != null) {
            mpSettings.put("pendingNotice", pendingNotice);
        }
        String mp = bind(appId, "wechat-mp", mpSettings);
        CorpApp corp = CorpApp.random(appId, 1000000 + (int) (MSG_IDS.incrementAndGet() % 1000));
        weixin.register(corp);
        String wecom = bind(
                appId,
                "wecom",
                new JsonObject()
                        .put("corpId", corp.corpId())
                        .put("agentId", corp.agentId())
                        .put("secret", corp.secret())
                        .put("token", corp.token())
                        .put("encodingAesKey", corp.encodingAesKey())
                        .put("apiBaseUrl", weixin.apiBaseUrl()));
        String secret = "fixed-texts-secret-" + appId;
        String bot = bind(
                appId, "telegram", new JsonObject().put("botToken", botToken).put("webhookSecret", secret));
        String base = "http://127.0.0.1:" + gateway.port();
        return new Bound(
                account, base + "/wechat/" + mp, corp, base + "/wecom/" + wecom, base + "/telegram/" + bot, secret);
    }

    private String bind(String appId, String type, JsonObject settings) {
        return expect(
                        201,
                        admin.send(
                                "POST",
                                "/admin/v1/apps/" + appId + "/channels",
                                new JsonObject()
                                        .put("type", type)
                                        .put("settings", settings)
                                        .encode()))
                .json()
                .get("id")
                .asText();
    }

    private static Reply expect(int status, Reply reply) {
        if (reply.status() != status) {
            throw new AssertionError("expected " + status + ", got " + reply);
        }
        return reply;
    }
}
