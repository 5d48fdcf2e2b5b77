package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.gateway.HttpTestClient.Reply;
import io.switchboard.testkit.BotApiCall;
import io.switchboard.testkit.FakeTelegramBotApi;
import io.switchboard.testkit.TelegramUpdates;
import io.switchboard.testkit.weixin.CorpApp;
import io.switchboard.testkit.weixin.FakeWeixinPlatform;
import io.switchboard.testkit.weixin.OfficialAccount;
import io.switchboard.testkit.weixin.WeixinCallbacks;
import io.switchboard.testkit.weixin.WeixinMessages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follow-ups and feedback on the platform channels, with the offline sample app (its follow-ups are
 * its nearest other Q&A questions): Telegram shows thumbs under the answer and the follow-ups as
 * buttons; pressing them records feedback on the turn and asks the question.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChannelFollowUpsTest {
    private static final String APP = "switchboard-guide";
    private static final String TOKEN = "333333333:AAEfollowUpsTestToken000000000000";
    private static final String SECRET = "follow-ups-webhook-secret-0123456";
    private static final long USER = 9101;

    private final FakeWeixinPlatform weixin = FakeWeixinPlatform.start();
    private final OfficialAccount account = OfficialAccount.random("follow-ups");
    private String mpCallback;
    private final CorpApp corp = CorpApp.random("follow-ups", 1000321);
    private String wecomCallback;
    private FakeTelegramBotApi telegram;
    private Gateway gateway;
    private HttpTestClient admin;
    private String webhook;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        telegram = FakeTelegramBotApi.start();
        gateway = Gateway.start(TestGateways.config(dir, TestGateways.Cluster.create(dir), 0)
                .telegram(TestGateways.fastTelegram(telegram.baseUrl()))
                .build());
        admin = new HttpTestClient("http://127.0.0.1:" + gateway.port())
                .login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
        expect(200, admin.send("PATCH", "/admin/v1/apps/" + APP + "/draft", "{\"followUps\":{\"count\":2}}"));
        expect(201, admin.send("POST", "/admin/v1/apps/" + APP + "/publish", "{\"note\":\"follow-ups\"}"));
        Reply binding = expect(
                201,
                admin.send(
                        "POST",
                        "/admin/v1/apps/" + APP + "/channels",
                        new JsonObject()
                                .put("type", "telegram")
                                .put(
                                        "settings",
                                        new JsonObject().put("botToken", TOKEN).put("webhookSecret", SECRET))
                                .encode()));
        webhook = "http://127.0.0.1:" + gateway.port() + "/telegram/"
                + binding.json().get("id").asText();
        weixin.register(account);
        Reply mp = expect(
                201,
                admin.send(
                        "POST",
                        "/admin/v1/apps/" + APP + "/channels",
                        new JsonObject()
                                .put("type", "wechat-mp")
                                .put(
                                        "settings",
                                        new JsonObject()
                                                .put("appId", account.appId())
                                                .put("appSecret", account.secret())
                                                .put("token", account.token())
                                                .put("encodingAesKey", account.encodingAesKey())
                                                .put("mode", "compatible")
                                                .put("accountType", "service")
                                                .put("apiBaseUrl", weixin.apiBaseUrl()))
                                .encode()));
        mpCallback = "http://127.0.0.1:" + gateway.port() + "/wechat/"
                + mp.json().get("id").asText();
        weixin.register(corp);
        Reply wecom = expect(
                201,
                admin.send(
                        "POST",
                        "/admin/v1/apps/" + APP + "/channels",
                        new JsonObject()
                                .put("type", "wecom")
                                .put(
                                        "settings",
                                        new JsonObject()
                                                .put("corpId", corp.corpId())
                                                .put("agentId", corp.agentId())
                                                .put("secret", corp.secret())
                                                .put("token", corp.token())
                                                .put("encodingAesKey", corp.encodingAesKey())
                                                .put("apiBaseUrl", weixin.apiBaseUrl()))
                                .encode()));
        wecomCallback = "http://127.0.0.1:" + gateway.port() + "/wecom/"
                + wecom.json().get("id").asText();
    }

    @AfterAll
    void stop() throws Exception {
        gateway.close();
        telegram.close();
        weixin.close();
    }

    @Test
    void should_append_numbered_follow_ups_on_wechat_and_understand_a_number_right_after_them() throws Exception {
        String user = "o-follow-ups-user";

        String first = wechat(user, 1, "Switchboard 支持哪些渠道？");

        assertThat(first).contains("您可能还想问（回复序号即可）：\n1. ").contains("\n2. ");
        String question = first.lines()
                .filter(line -> line.startsWith("1. "))
                .findFirst()
                .orElseThrow()
                .substring(3);

        wechat(user, 2, "1");

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(
                                admin.send("GET", "/admin/v1/apps/" + APP + "/logs?limit=1&channel=wechat", null)
                                        .json()
                                        .at("/items/0/query")
                                        .asText())
                        .isEqualTo(question));

        // Only right after a list: the second answer offered a new list, the message after it a plain "7".
        wechat(user, 3, "What is Switchboard?");
        wechat(user, 4, "7");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(
                                admin.send("GET", "/admin/v1/apps/" + APP + "/logs?limit=1&channel=wechat", null)
                                        .json()
                                        .at("/items/0/query")
                                        .asText())
                        .isEqualTo("7"));
    }

    @Test
    void should_append_numbered_follow_ups_on_wecom_and_understand_a_number_right_after_them() throws Exception {
        String user = "wecom-follow-ups-staff";

        String first = wecom(user, 1, "What is Switchboard?");

        assertThat(first)
                .contains("You might also ask (reply with the number):\n1. ")
                .contains("\n2. ")
                .doesNotContain("您可能还想问");
        String question = first.lines()
                .filter(line -> line.startsWith("2. "))
                .findFirst()
                .orElseThrow()
                .substring(3);

        wecom(user, 2, "２");

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(
                                admin.send("GET", "/admin/v1/apps/" + APP + "/logs?limit=1&channel=wecom", null)
                                        .json()
                                        .at("/items/0/query")
                                        .asText())
                        .isEqualTo(question));
    }

    /** Sends a WeCom app message as the platform does and returns the last part of the answer the user got. */
    private String wecom(String user, long msgId, String text) throws Exception {
        int before = weixin.seen(user).size();
        String xml = "<xml><ToUserName><![CDATA[" + corp.corpId() + "]]></ToUserName><FromUserName><![CDATA[" + user
                + "]]></FromUserName><CreateTime>" + WeixinCallbacks.now()
                + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[" + text
                + "]]></Content><MsgId>" + (9_000_000 + msgId) + "</MsgId><AgentID>" + corp.agentId()
                + "</AgentID></xml>";
        weixin.callbacks()
                .deliverWeCom(corp, List.of(wecomCallback), xml, Duration.ofSeconds(5), 3)
                .await(30, TimeUnit.SECONDS);
        // The answer goes out by message/send, in parts; the list comes with the last one.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> weixin.seen(user).size() > before
                        && weixin.seen(user).getLast().text().contains("1. "));
        return weixin.seen(user).getLast().text();
    }

    /** Sends a text message as the platform does (retrying) and returns what the user saw of the answer. */
    private String wechat(String user, long msgId, String text) throws Exception {
        int before = weixin.seen(user).size();
        weixin.callbacks()
                .deliverMp(
                        account,
                        WeixinCallbacks.Mode.COMPATIBLE,
                        List.of(mpCallback),
                        WeixinMessages.text(account.originalId(), user, WeixinCallbacks.now(), msgId, text),
                        Duration.ofSeconds(5),
                        3)
                .await(30, TimeUnit.SECONDS);
        // Passive when the turn fits WeChat's 5 s, else by customer-service message: either way once.
        await().atMost(Duration.ofSeconds(30)).until(() -> weixin.seen(user).size() > before);
        return weixin.seen(user).getLast().text();
    }

    @Test
    void should_offer_telegram_feedback_and_follow_up_buttons_that_work_when_pressed() {
        post(TelegramUpdates.privateText(USER, "What is Switchboard?"));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> telegram.sentMessages(USER).size() >= 2);
        List<BotApiCall> sent = telegram.sentMessages(USER);
        JsonArray thumbs = keyboard(sent.get(0));
        assertThat(thumbs).hasSize(1);
        assertThat(thumbs.getJsonArray(0)).hasSize(2);
        String up = thumbs.getJsonArray(0).getJsonObject(0).getString("callback_data");
        assertThat(up).startsWith("f:+:");
        assertThat(sent.get(1).text()).isEqualTo("You might also ask:");
        JsonArray followUps = keyboard(sent.get(1));
        assertThat(followUps).hasSize(2);
        String question = followUps.getJsonArray(0).getJsonObject(0).getString("text");
        assertThat(question).isNotBlank().isNotEqualTo("What is Switchboard?");

        post(TelegramUpdates.callback(USER, 1, up));

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(telegram.calls("answerCallbackQuery"))
                        .anySatisfy(call ->
                                assertThat(call.params().getString("text")).isEqualTo("Thanks for your feedback!")));
        JsonNode liked = admin.send("GET", "/admin/v1/apps/" + APP + "/logs?feedback=up", null)
                .json();
        assertThat(liked.get("total").asInt()).isEqualTo(1);
        assertThat(liked.at("/items/0/id").asText()).isEqualTo(up.substring(4));
        assertThat(liked.at("/items/0/channel").asText()).isEqualTo("telegram");

        int before = telegram.sentMessages(USER).size();
        post(TelegramUpdates.callback(
                USER, 2, followUps.getJsonArray(0).getJsonObject(0).getString("callback_data")));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> telegram.sentMessages(USER).size() > before);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(admin.send("GET", "/admin/v1/apps/" + APP + "/logs?limit=1", null)
                                .json()
                                .at("/items/0/query")
                                .asText())
                        .isEqualTo(question));
    }

    private static JsonArray keyboard(BotApiCall call) {
        Object markup = call.params().getValue("reply_markup");
        JsonObject object = markup instanceof JsonObject json ? json : new JsonObject(String.valueOf(markup));
        return object.getJsonArray("inline_keyboard");
    }

    private void post(JsonObject update) {
        String body = telegram.withId(update).encode();
        await().atMost(Duration.ofSeconds(10)).until(() -> telegram.postToWebhook(webhook, body, SECRET) == 200);
    }

    private static Reply expect(int status, Reply reply) {
        if (reply.status() != status) {
            throw new AssertionError("expected " + status + ", got " + reply);
        }
        return reply;
    }
}
