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
import io.switchboard.testkit.weixin.Seen;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A human-input node with {@code notify} on a real node: the run pauses, the bound staff member gets a
 * message at the fake Telegram Bot API (a button per action, pressed in the chat, and one opening the
 * approval page) and the fake WeCom platform (message/send, signed links); a press, or the page
 * submitted, resumes the run down the chosen action's branch; a used, altered or foreign link, or a
 * press by someone else, is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApprovalLinksEndToEndTest {
    private static final String APP = "switchboard-guide";
    private static final String BOT_TOKEN = "987654321:AAEapprovalTestTokenForTelegram00";
    private static final long STAFF_CHAT = 7001;
    private static final String STAFF_USER = "zhang.san";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private FakeTelegramBotApi telegram;
    private FakeWeixinPlatform weixin;
    private final CorpApp corp = CorpApp.random("approvals", 1000003);
    private Gateway gateway;
    private HttpTestClient admin;
    private String telegramBinding;
    private String wecomBinding;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        telegram = FakeTelegramBotApi.start();
        weixin = FakeWeixinPlatform.start();
        weixin.register(corp);
        TestGateways.Cluster cluster = TestGateways.Cluster.create(dir);
        gateway = Gateway.start(TestGateways.config(dir, cluster, 0)
                .telegram(TestGateways.fastTelegram(telegram.baseUrl()))
                .build());
        admin = new HttpTestClient(gateway.publicUrl()).login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
        telegramBinding = bind(
                "telegram", new JsonObject().put("botToken", BOT_TOKEN).put("webhookSecret", "approval-hook-secret"));
        wecomBinding = bind(
                "wecom",
                new JsonObject()
                        .put("corpId", corp.corpId())
                        .put("agentId", corp.agentId())
                        .put("secret", corp.secret())
                        .put("token", corp.token())
                        .put("encodingAesKey", corp.encodingAesKey())
                        .put("apiBaseUrl", weixin.apiBaseUrl()));
        // The bot runs once it asked who it is.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !telegram.calls("getMe").isEmpty());
    }

    @AfterAll
    void stop() throws Exception {
        TestGateways.closeAll(gateway);
        telegram.close();
        weixin.close();
    }

    @Test
    void should_send_the_staff_member_telegram_buttons_whose_page_resumes_the_run_down_the_chosen_branch()
            throws Exception {
        String workflow = reviewWorkflow(telegramBinding, Long.toString(STAFF_CHAT));
        String runId = pausedRun(workflow, "Refund order 42");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> !telegram.sentMessages(STAFF_CHAT).isEmpty());
        BotApiCall sent = telegram.sentMessages(STAFF_CHAT).get(0);
        assertThat(sent.params().getString("text")).contains("Send this? Refund order 42");
        JsonArray keyboard = sent.params().getJsonObject("reply_markup").getJsonArray("inline_keyboard");
        assertThat(keyboard).hasSize(3); // Send, Drop (pressed in the chat), Review and edit (the page)
        assertThat(keyboard.getJsonArray(0).getJsonObject(0).getString("text")).isEqualTo("Send");
        assertThat(keyboard.getJsonArray(0).getJsonObject(0).getString("callback_data"))
                .startsWith("sbn:");
        String review = keyboard.getJsonArray(2).getJsonObject(0).getString("url");
        assertThat(review).startsWith(gateway.publicUrl() + "/approvals/");
        String approve = review + "?action=approve";
        HttpResponse<String> page = get(approve);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body())
                .contains("Send this? Refund order 42")
                .contains("name=\"field.text\"")
                .contains("value=\"approve\" class=\"chosen\"");
        assertThat(paused(workflow)).as("opening the page decides nothing").contains(runId);

        String form = "action=approve&field.text="
                + URLEncoder.encode("Refund order 42 (checked)", StandardCharsets.UTF_8) + "&comment=ok";
        HttpResponse<String> decided = postForm(approve, form);
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        assertThat(decided.body()).contains("Decision recorded").contains("Send");

        JsonNode run = admin.send("GET", "/admin/v1/workflows/" + workflow + "/runs/" + runId, null)
                .json();
        assertThat(run.get("status").asText()).isEqualTo("succeeded");
        assertThat(run.at("/outputs/result").asText()).isEqualTo("Refund order 42 (checked)");
        assertThat(run.at("/outputs/by").asText()).isEqualTo("staff:" + telegramBinding + ":" + STAFF_CHAT);
        assertThat(paused(workflow)).doesNotContain(runId);

        assertThat(postForm(approve, "action=reject").statusCode())
                .as("a link of a decided run")
                .isEqualTo(410);
        String token = approve.substring(approve.indexOf("/approvals/") + 11, approve.indexOf('?'));
        String altered = token.substring(0, token.indexOf('.') + 1) + "AAAA" + token.substring(token.indexOf('.') + 5);
        assertThat(get(gateway.publicUrl() + "/approvals/" + altered).statusCode())
                .isEqualTo(404);
        assertThat(get(gateway.publicUrl() + "/approvals/nothing-signed").statusCode())
                .isEqualTo(404);
    }

    @Test
    void should_resume_the_run_down_the_branch_of_the_button_the_staff_member_presses_in_telegram() {
        long staff = 7002;
        String workflow = reviewWorkflow(telegramBinding, Long.toString(staff));
        String runId = pausedRun(workflow, "Close ticket 9");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !telegram.sentMessages(staff).isEmpty());
        BotApiCall sent = telegram.sentMessages(staff).get(0);
        String drop = sent.params()
                .getJsonObject("reply_markup")
                .getJsonArray("inline_keyboard")
                .getJsonArray(1)
                .getJsonObject(0)
                .getString("callback_data");
        int messageId = sent.params().getInteger("message_id", 1);
        String webhook = gateway.publicUrl() + "/telegram/" + telegramBinding;

        press(webhook, 7003, messageId, drop);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !telegram.messages(7003).isEmpty());
        assertThat(telegram.messages(7003).get(0)).contains("someone else");
        assertThat(paused(workflow))
                .as("a press by someone else decides nothing")
                .contains(runId);

        press(webhook, staff, messageId, drop);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> telegram.messages(staff).size() >= 2);
        assertThat(telegram.messages(staff).get(1)).isEqualTo("Recorded: Drop. The run is now succeeded.");
        JsonNode run = admin.send("GET", "/admin/v1/workflows/" + workflow + "/runs/" + runId, null)
                .json();
        assertThat(run.get("status").asText()).isEqualTo("succeeded");
        assertThat(run.at("/outputs/by").asText()).isEqualTo("staff:" + telegramBinding + ":" + staff);
        assertThat(run.at("/outputs/result").isTextual())
                .as("the reject branch: no comment")
                .isFalse();

        press(webhook, staff, messageId, drop);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> telegram.messages(staff).size() >= 3);
        assertThat(telegram.messages(staff).get(2)).contains("no longer waiting");
    }

    private void press(String webhook, long chat, int messageId, String data) {
        JsonObject update = telegram.withId(TelegramUpdates.callback(chat, messageId, data));
        assertThat(telegram.postToWebhook(webhook, update.encode(), "approval-hook-secret"))
                .isEqualTo(200);
    }

    @Test
    void should_send_the_staff_member_wecom_links_and_take_a_json_decision_down_the_other_branch() {
        String workflow = reviewWorkflow(wecomBinding, STAFF_USER);
        String runId = pausedRun(workflow, "Delete account 7");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> !weixin.seen(STAFF_USER).isEmpty());
        Seen message = weixin.seen(STAFF_USER).get(0);
        assertThat(message.via()).isEqualTo("app");
        assertThat(message.text()).contains("Send this? Delete account 7");
        Matcher drop = Pattern.compile("Drop: (\\S+)").matcher(message.text());
        assertThat(drop.find()).as(message.text()).isTrue();
        String link = drop.group(1);
        assertThat(link).endsWith("?action=reject");

        HttpTestClient anonymous = new HttpTestClient(gateway.publicUrl());
        String path = link.substring(gateway.publicUrl().length(), link.indexOf('?'));
        Reply wrong = anonymous.send("POST", path, "{\"action\":\"maybe\"}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().at("/error/message").asText())
                .contains("approve")
                .contains("reject");
        Reply decided = anonymous.send("POST", path, "{\"action\":\"reject\",\"comment\":\"not this one\"}");
        assertThat(decided.status()).as(decided.body()).isEqualTo(200);
        assertThat(decided.json().get("status").asText()).isEqualTo("succeeded");

        JsonNode run = admin.send("GET", "/admin/v1/workflows/" + workflow + "/runs/" + runId, null)
                .json();
        assertThat(run.at("/outputs/result").asText()).isEqualTo("not this one");
        assertThat(anonymous.send("POST", path, "{\"action\":\"reject\"}").status())
                .isEqualTo(410);
    }

    private String bind(String type, JsonObject settings) {
        Reply created = admin.send(
                "POST",
                "/admin/v1/apps/" + APP + "/channels",
                new JsonObject().put("type", type).put("settings", settings).encode());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    /** start → review (human input told to the staff member) → sent (approve) | dropped (reject). */
    private String reviewWorkflow(String bindingId, String recipient) {
        JsonObject review = new JsonObject()
                .put("prompt", "Send this? {{start.q}}")
                .put(
                        "actions",
                        new JsonArray()
                                .add(new JsonObject().put("id", "approve").put("label", "Send"))
                                .add(new JsonObject().put("id", "reject").put("label", "Drop")))
                .put(
                        "fields",
                        new JsonArray().add(new JsonObject().put("name", "text").put("value", "start.q")))
                .put("timeoutSeconds", 3600)
                .put("notify", new JsonObject().put("bindingId", bindingId).put("recipient", recipient));
        JsonObject graph = new JsonObject()
                .put(
                        "nodes",
                        new JsonArray()
                                .add(node(
                                        "start",
                                        "start",
                                        new JsonObject()
                                                .put(
                                                        "inputs",
                                                        new JsonArray()
                                                                .add(new JsonObject()
                                                                        .put("name", "q")
                                                                        .put("type", "string")))))
                                .add(node("review", "human-input", review))
                                .add(node("sent", "end", outputs("result", "review.values.text", "by", "review.by")))
                                .add(node("dropped", "end", outputs("result", "review.comment", "by", "review.by"))))
                .put(
                        "edges",
                        new JsonArray()
                                .add(new JsonObject().put("from", "start").put("to", "review"))
                                .add(new JsonObject()
                                        .put("from", "review")
                                        .put("to", "sent")
                                        .put("branch", "approve"))
                                .add(new JsonObject()
                                        .put("from", "review")
                                        .put("to", "dropped")
                                        .put("branch", "reject"))
                                .add(new JsonObject()
                                        .put("from", "review")
                                        .put("to", "dropped")
                                        .put("branch", "timeout")));
        Reply created = admin.send(
                "POST",
                "/admin/v1/workflows",
                new JsonObject().put("name", "Review").put("graph", graph).encode());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private String pausedRun(String workflow, String question) {
        Reply run = admin.send(
                "POST",
                "/admin/v1/workflows/" + workflow + "/debug-run",
                new JsonObject()
                        .put("inputs", new JsonObject().put("q", question))
                        .encode());
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        assertThat(run.json().get("status").asText()).isEqualTo("paused");
        return run.json().get("id").asText();
    }

    private List<String> paused(String workflow) {
        JsonNode items = admin.send("GET", "/admin/v1/workflows/" + workflow + "/paused", null)
                .json()
                .get("items");
        List<String> ids = new java.util.ArrayList<>();
        items.forEach(item -> ids.add(item.get("runId").asText()));
        return ids;
    }

    private static JsonObject node(String id, String type, JsonObject config) {
        return new JsonObject().put("id", id).put("type", type).put("config", config);
    }

    private static JsonObject outputs(String name, String value, String other, String otherValue) {
        return new JsonObject()
                .put(
                        "outputs",
                        new JsonArray()
                                .add(new JsonObject().put("name", name).put("value", value))
                                .add(new JsonObject().put("name", other).put("value", otherValue)));
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postForm(String url, String form) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
