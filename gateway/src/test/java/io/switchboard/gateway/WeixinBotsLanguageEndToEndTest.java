package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.gateway.HttpTestClient.Reply;
import io.switchboard.gateway.config.WeixinFamily;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.FakeWeComAiBot;
import io.switchboard.testkit.ModelBehaviour;
import io.switchboard.testkit.weixin.FakeIlink;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixed texts of the personal-WeChat bot (iLink) and the WeCom AI bot in the app's reply language, end
 * to end on one node against both fakes on loopback: one app bound to a bot of each, published in turn
 * with {@code zh-CN}, {@code en} and no reply language. A picture the app does not take (iLink: "text
 * only"; AI bot: its picture reply), a file (AI bot) and a failing model (the turn's own "busy" text,
 * asked in English and in Chinese) are answered in the app's language; without one, the texts that have
 * no user text to go by are sent in both languages (the AI bot's picture reply in English, its default),
 * and the model's failure in the language the user wrote in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WeixinBotsLanguageEndToEndTest {
    private static final String APP = "bots-speaker";
    private static final String ILINK_TOKEN = "ilink-language-bot-token-0123";
    private static final String BOT_ID = "aibot-language";
    private static final String BOT_SECRET = "aibot-language-secret-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final Text TEXT_ONLY = new Text("Sorry, I can only read text for now.", "抱歉，目前只能处理文字消息。");
    private static final Text FILE = new Text("I can read text and pictures, not files.", "抱歉，暂不支持文件，请发送文字或图片。");
    private static final Text IMAGE_NOT_TAKEN =
            new Text("I can only read text for now. Please describe the picture in words.", "我目前只能读懂文字，请用文字描述这张图片。");
    private static final Text BUSY = new Text(
            "The AI service is busy or unreachable right now. Please try again in a moment.", "AI 服务暂时不可用，请稍后再试。");
    private static final String QUESTION_EN = "What is the weather like?";
    private static final String QUESTION_ZH = "今天天气怎么样？";
    private static final byte[] PNG = png();

    /** A fixed text in both languages. */
    private record Text(String en, String zh) {
        String in(String appLanguage) {
            return appLanguage.startsWith("zh") ? zh : en;
        }

        String both() {
            return en + " " + zh;
        }
    }

    private final AtomicLong ids = new AtomicLong(System.currentTimeMillis());
    private FakeOpenAiServer busy;
    private FakeIlink ilink;
    private FakeWeComAiBot aibot;
    private Gateway gateway;
    private HttpTestClient admin;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        busy = FakeOpenAiServer.create()
                .defaultBehaviour(ModelBehaviour.fail(503, "overloaded"))
                .start();
        ilink = FakeIlink.start(ILINK_TOKEN, 300);
        aibot = FakeWeComAiBot.start().addBot(BOT_ID, BOT_SECRET);
        gateway = Gateway.start(TestGateways.config(dir, TestGateways.Cluster.create(dir), 0)
                .wechatIlink(new WeixinFamily.Ilink(
                        ilink.baseUrl(),
                        ilink.cdnBaseUrl(),
                        null,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(5),
                        null,
                        null,
                        0,
                        Duration.ZERO))
                .wecomAibot(new WeixinFamily.AiBot(aibot.wsUrl(), null, null, null, null, null, null, 0))
                .build());
        admin = new HttpTestClient("http://127.0.0.1:" + gateway.port())
                .login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
        expect(
                201,
                admin.send(
                        "POST",
                        "/admin/v1/providers",
                        new JsonObject()
                                .put("id", "busy")
                                .put("kind", "OPENAI_COMPATIBLE")
                                .put("baseUrl", busy.baseUrl())
                                .put("apiKey", "sk-busy")
                                .put("maxRetries", 0)
                                .encode()));
        JsonObject config = new JsonObject()
                .put("name", "Speaker")
                .put("model", new JsonObject().put("providerId", "busy").put("modelName", "fake-model"));
        expect(
                201,
                admin.send(
                        "POST",
                        "/admin/v1/apps",
                        new JsonObject().put("id", APP).put("config", config).encode()));
        expect(201, admin.send("POST", "/admin/v1/apps/" + APP + "/publish", "{}"));
        bind("wechat-ilink", new JsonObject().put("botToken", ILINK_TOKEN));
        bind("wecom-aibot", new JsonObject().put("botId", BOT_ID).put("secret", BOT_SECRET));
        await().atMost(WAIT).until(() -> aibot.subscribed(BOT_ID));
    }

    @AfterAll
    void stop() throws Exception {
        gateway.close();
        aibot.close();
        ilink.close();
        busy.close();
    }

    @Test
    void should_send_the_bots_fixed_texts_in_the_apps_language_else_the_users_else_both() {
        for (String language : Arrays.asList("zh-CN", "en", null)) {
            publish(language);
            String as = "reply language " + language;
            if (language != null) {
                assertThat(ilinkPicture()).as("iLink picture, " + as).isEqualTo(TEXT_ONLY.in(language));
                assertThat(ilinkText(QUESTION_EN)).as("iLink, " + as).isEqualTo(BUSY.in(language));
                assertThat(ilinkText(QUESTION_ZH)).as("iLink, " + as).isEqualTo(BUSY.in(language));
                assertThat(aibotFile()).as("AI bot file, " + as).isEqualTo(FILE.in(language));
                assertThat(aibotPicture()).as("AI bot picture, " + as).isEqualTo(IMAGE_NOT_TAKEN.in(language));
                assertThat(aibotText(QUESTION_EN)).as("AI bot, " + as).isEqualTo(BUSY.in(language));
                assertThat(aibotText(QUESTION_ZH)).as("AI bot, " + as).isEqualTo(BUSY.in(language));
            } else {
                assertThat(ilinkPicture()).as("iLink picture, " + as).isEqualTo(TEXT_ONLY.both());
                assertThat(ilinkText(QUESTION_EN)).as("iLink, " + as).isEqualTo(BUSY.en());
                assertThat(ilinkText(QUESTION_ZH)).as("iLink, " + as).isEqualTo(BUSY.zh());
                assertThat(aibotFile()).as("AI bot file, " + as).isEqualTo(FILE.both());
                assertThat(aibotPicture()).as("AI bot picture, " + as).isEqualTo(IMAGE_NOT_TAKEN.en());
                assertThat(aibotText(QUESTION_EN)).as("AI bot, " + as).isEqualTo(BUSY.en());
                assertThat(aibotText(QUESTION_ZH)).as("AI bot, " + as).isEqualTo(BUSY.zh());
            }
        }
        assertThat(ilink.mediaDownloads())
                .as("a picture the app does not take is not downloaded")
                .isZero();
    }

    /** Publishes the app with {@code language} as its reply language (null: none). */
    private void publish(String language) {
        expect(
                200,
                admin.send(
                        "PATCH",
                        "/admin/v1/apps/" + APP + "/draft",
                        new JsonObject().put("replyLanguage", language).encode()));
        expect(201, admin.send("POST", "/admin/v1/apps/" + APP + "/publish", "{}"));
    }

    private String ilinkPicture() {
        String user = "pic-" + ids.incrementAndGet() + "@im.wechat";
        ilink.userSendsImage(user, PNG);
        return ilinkAnswer(user);
    }

    private String ilinkText(String text) {
        String user = "text-" + ids.incrementAndGet() + "@im.wechat";
        ilink.userSays(user, text);
        return ilinkAnswer(user);
    }

    /** The one message the iLink bot sent to {@code user}. */
    private String ilinkAnswer(String user) {
        await().atMost(WAIT).until(() -> !sentTo(user).isEmpty());
        List<FakeIlink.Sent> sent = sentTo(user);
        assertThat(sent).as("one message to " + user).hasSize(1);
        return sent.getFirst().text();
    }

    private List<FakeIlink.Sent> sentTo(String user) {
        return ilink.sent().stream().filter(s -> s.toUserId().equals(user)).toList();
    }

    private String aibotFile() {
        String msgid = "file-" + ids.incrementAndGet();
        aibot.pushAgain(
                BOT_ID,
                new JsonObject()
                        .put("msgid", msgid)
                        .put("chattype", "single")
                        .put("from", new JsonObject().put("userid", "staff-" + msgid))
                        .put("create_time", System.currentTimeMillis() / 1000)
                        .put("msgtype", "file")
                        .put(
                                "file",
                                new JsonObject()
                                        .put("url", "http://127.0.0.1:9/file")
                                        .put("aeskey", "x")));
        return aibotAnswer(msgid);
    }

    private String aibotPicture() {
        String msgid = "pic-" + ids.incrementAndGet();
        aibot.pushImage(BOT_ID, msgid, "staff-" + msgid, PNG);
        return aibotAnswer(msgid);
    }

    private String aibotText(String text) {
        String msgid = "text-" + ids.incrementAndGet();
        aibot.pushText(BOT_ID, msgid, "staff-" + msgid, text);
        return aibotAnswer(msgid);
    }

    /** The text the AI bot's finished answer stream to {@code msgid} shows. */
    private String aibotAnswer(String msgid) {
        await().atMost(WAIT).until(() -> !aibot.finishedStreams(msgid).isEmpty());
        List<FakeWeComAiBot.Stream> finished = aibot.finishedStreams(msgid);
        assertThat(finished).as("one answer to " + msgid).hasSize(1);
        return finished.getFirst().content();
    }

    private void bind(String type, JsonObject settings) {
        expect(
                201,
                admin.send(
                        "POST",
                        "/admin/v1/apps/" + APP + "/channels",
                        new JsonObject()
                                .put("type", type)
                                .put("settings", settings)
                                .encode()));
    }

    /** A PNG signature followed by filler. */
    private static byte[] png() {
        byte[] data = new byte[700];
        Arrays.fill(data, (byte) 7);
        byte[] signature = "\u0089PNG\r\n\u001a\n".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(signature, 0, data, 0, signature.length);
        return data;
    }

    private static Reply expect(int status, Reply reply) {
        if (reply.status() != status) {
            throw new AssertionError("expected " + status + ", got " + reply);
        }
        return reply;
    }
}
