package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.channels.spi.MediaLimits;
import io.switchboard.gateway.HttpTestClient.Reply;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.FakeTelegramBotApi;
import io.switchboard.testkit.ModelBehaviour;
import io.switchboard.testkit.RecordedRequest;
import io.switchboard.testkit.TelegramUpdates;
import io.switchboard.testkit.weixin.FakeWeixinPlatform;
import io.switchboard.testkit.weixin.OfficialAccount;
import io.switchboard.testkit.weixin.WeixinCallbacks;
import io.switchboard.testkit.weixin.WeixinMessages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Photos and voice messages from Telegram through a real gateway to a fake OpenAI-compatible provider:
 * a vision app sees the photo as an {@code image_url} part, a speech app answers the transcript, an app
 * without either keeps the binding's configured reply, and an oversized photo is refused politely; a
 * WeChat official-account photo is downloaded from the fake platform and answered the same way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MediaMessagesTest {
    private static final String SEEING_TOKEN = "111111111:AAEmediaTestTokenSeeingApp0000000";
    private static final String TEXT_TOKEN = "222222222:AAEmediaTestTokenTextOnlyApp00000";
    private static final String SECRET = "media-webhook-secret-0123456789";
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, 4, 5};
    private static final byte[] OGG = "OggS-fake-opus-voice".getBytes(StandardCharsets.US_ASCII);

    private FakeOpenAiServer model;
    private FakeTelegramBotApi api;
    private final FakeWeixinPlatform weixin = FakeWeixinPlatform.start();
    private final OfficialAccount account = OfficialAccount.random("media");
    private String mpCallback;
    private Gateway gateway;
    private HttpTestClient admin;
    private String seeingWebhook;
    private String textOnlyWebhook;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        model = FakeOpenAiServer.create().start();
        api = FakeTelegramBotApi.start();
        api.putFile("photo-large", JPEG).putFile("photo-small", new byte[] {1}).putFile("voice-1", OGG);
        gateway = Gateway.start(TestGateways.config(dir, TestGateways.Cluster.create(dir), 0)
                .telegram(TestGateways.fastTelegram(api.baseUrl()))
                .build());
        admin = new HttpTestClient("http://127.0.0.1:" + gateway.port())
                .login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
        assertThat(admin.send(
                                "POST",
                                "/admin/v1/providers",
                                new JsonObject()
                                        .put("id", "fake")
                                        .put("kind", "OPENAI_COMPATIBLE")
                                        .put("baseUrl", model.baseUrl())
                                        .put("apiKey", "sk-media")
                                        .encode())
                        .status())
                .isEqualTo(201);
        JsonObject seeing = new JsonObject()
                .put("name", "Seeing")
                .put(
                        "model",
                        new JsonObject()
                                .put("providerId", "fake")
                                .put("modelName", "fake-model")
                                .put("vision", true))
                .put("speech", new JsonObject().put("providerId", "fake").put("modelName", "whisper-1"));
        JsonObject textOnly = new JsonObject()
                .put("name", "Text only")
                .put("model", new JsonObject().put("providerId", "fake").put("modelName", "fake-model"));
        seeingWebhook = publishAndBind("seeing", seeing, SEEING_TOKEN);
        textOnlyWebhook = publishAndBind("text-only", textOnly, TEXT_TOKEN);
        weixin.register(account);
        Reply mp = admin.send(
                "POST",
                "/admin/v1/apps/seeing/channels",
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
                        .encode());
        assertThat(mp.status()).as(mp.body()).isEqualTo(201);
        mpCallback = "http://127.0.0.1:" + gateway.port() + "/wechat/"
                + mp.json().get("id").asText();
    }

    @AfterAll
    void stop() throws Exception {
        gateway.close();
        api.close();
        weixin.close();
        model.close();
    }

    @Test
    void should_send_a_photo_to_a_vision_app_as_an_image_part_and_answer_with_the_model() {
        model.enqueue(ModelBehaviour.reply("A tiny test picture."));

        post(seeingWebhook, TelegramUpdates.privatePhoto(801, "What is this?", 1, JPEG.length));

        await().atMost(Duration.ofSeconds(15)).until(() -> api.messages(801).contains("A tiny test picture."));
        JsonArray content = lastUserContent(chatRequests().getLast());
        assertThat(content.getJsonObject(0).getString("text")).isEqualTo("What is this?");
        assertThat(content.getJsonObject(1).getString("type")).isEqualTo("image_url");
        assertThat(content.getJsonObject(1).getJsonObject("image_url").getString("url"))
                .isEqualTo("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(JPEG));
        assertThat(api.calls("downloadFile").getLast().params().getString("file_path"))
                .as("the largest size within the limit")
                .endsWith("photo-large");
    }

    @Test
    void should_transcribe_a_voice_note_and_answer_the_transcript() {
        model.transcript("what time is it").enqueue(ModelBehaviour.reply("Time for tea."));

        post(seeingWebhook, TelegramUpdates.privateVoice(802));

        await().atMost(Duration.ofSeconds(15)).until(() -> api.messages(802).contains("Time for tea."));
        RecordedRequest transcription = model.requests().stream()
                .filter(r -> r.path().equals("/v1/audio/transcriptions"))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(transcription.body().getString("model")).isEqualTo("whisper-1");
        assertThat(transcription.body().getJsonObject("file").getString("base64"))
                .isEqualTo(Base64.getEncoder().encodeToString(OGG));
        JsonArray messages = chatRequests().getLast().body().getJsonArray("messages");
        assertThat(messages.getJsonObject(messages.size() - 1).getString("content"))
                .isEqualTo("what time is it");
    }

    @Test
    void should_answer_a_photo_with_the_configured_reply_when_the_app_has_no_vision() {
        int before = model.requests().size();

        post(textOnlyWebhook, TelegramUpdates.privatePhoto(803, null, 1, JPEG.length));

        await().atMost(Duration.ofSeconds(15)).until(() -> api.messages(803).contains("Text only, please."));
        assertThat(model.requests()).hasSize(before);
    }

    @Test
    void should_refuse_an_oversized_photo_politely_without_downloading_it_or_asking_the_model() {
        int before = model.requests().size();
        int tooLarge = (int) MediaLimits.DEFAULT.maxImageBytes() + 1;

        post(seeingWebhook, TelegramUpdates.privatePhoto(804, "huge", tooLarge, tooLarge * 2));

        await().atMost(Duration.ofSeconds(15))
                .until(() -> api.messages(804).contains(MediaLimits.IMAGE_TOO_LARGE_TEXT.english()));
        assertThat(model.requests()).hasSize(before);
        assertThat(api.calls("downloadFile"))
                .noneSatisfy(
                        call -> assertThat(call.params().getString("file_path")).contains("photo-small"));
    }

    @Test
    void should_send_a_wechat_photo_to_a_vision_app_and_answer_passively() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 7, 7};
        weixin.putMedia("media-901", "image/png", "png", png);
        model.enqueue(ModelBehaviour.reply("A picture sent from WeChat."));
        String xml = WeixinMessages.image(account.originalId(), "o-media-user", WeixinCallbacks.now(), 901);

        deliver(xml);

        awaitAnswer("o-media-user", "A picture sent from WeChat.");
        JsonArray content = lastUserContent(chatRequests().getLast());
        assertThat(content.getJsonObject(0).getString("text")).isEqualTo("Describe this image.");
        assertThat(content.getJsonObject(1).getJsonObject("image_url").getString("url"))
                .isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(png));
    }

    @Test
    void should_transcribe_a_wechat_voice_message_without_recognition_and_answer_it() throws Exception {
        model.transcript("opening hours please").enqueue(ModelBehaviour.reply("We open at nine."));
        String xml = WeixinMessages.voice(account.originalId(), "o-voice-user", WeixinCallbacks.now(), 902, null);

        deliver(xml);

        awaitAnswer("o-voice-user", "We open at nine.");
        RecordedRequest transcription = model.requests().stream()
                .filter(r -> r.path().equals("/v1/audio/transcriptions"))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(transcription.body().getJsonObject("file").getString("contentType"))
                .isEqualTo("audio/amr");
        JsonArray messages = chatRequests().getLast().body().getJsonArray("messages");
        assertThat(messages.getJsonObject(messages.size() - 1).getString("content"))
                .isEqualTo("opening hours please");
    }

    private void deliver(String xml) throws Exception {
        weixin.callbacks()
                .deliverMp(account, WeixinCallbacks.Mode.COMPATIBLE, List.of(mpCallback), xml, Duration.ofSeconds(5), 1)
                .await(20, TimeUnit.SECONDS);
    }

    /** Passive when the turn fits WeChat's 5 s, else by customer-service message: either way once. */
    private void awaitAnswer(String user, String answer) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> weixin.seen(user).stream().anyMatch(seen -> answer.equals(seen.text())));
        assertThat(weixin.seen(user)).hasSize(1);
    }

    private String publishAndBind(String appId, JsonObject config, String token) {
        Reply created = admin.send(
                "POST",
                "/admin/v1/apps",
                new JsonObject().put("id", appId).put("config", config).encode());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(admin.send("POST", "/admin/v1/apps/" + appId + "/publish", "{}")
                        .status())
                .isEqualTo(201);
        Reply binding = admin.send(
                "POST",
                "/admin/v1/apps/" + appId + "/channels",
                new JsonObject()
                        .put("type", "telegram")
                        .put(
                                "settings",
                                new JsonObject()
                                        .put("botToken", token)
                                        .put("webhookSecret", SECRET)
                                        .put("photoReply", "Text only, please."))
                        .encode());
        assertThat(binding.status()).as(binding.body()).isEqualTo(201);
        return "http://127.0.0.1:" + gateway.port() + "/telegram/"
                + binding.json().get("id").asText();
    }

    private void post(String webhook, JsonObject update) {
        String body = api.withId(update).encode();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.postToWebhook(webhook, body, SECRET) == 200);
    }

    private List<RecordedRequest> chatRequests() {
        return model.requests().stream()
                .filter(r -> r.path().equals("/v1/chat/completions"))
                .toList();
    }

    private static JsonArray lastUserContent(RecordedRequest request) {
        JsonArray messages = request.body().getJsonArray("messages");
        return messages.getJsonObject(messages.size() - 1).getJsonArray("content");
    }
}
