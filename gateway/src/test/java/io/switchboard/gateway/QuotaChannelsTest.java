package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.gateway.quota.Quotas;
import io.switchboard.testkit.FakeTelegramBotApi;
import io.switchboard.testkit.TelegramUpdates;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chat-platform user over a rate limit reads a friendly "please wait" in the chat, through the real
 * Telegram adapter and its fake Bot API (issue 13, Quotas): not silence, and no answer of the model.
 */
class QuotaChannelsTest {
    private static final String APP = "switchboard-guide";
    private static final String TOKEN = "555000222:AAEquotaTestTokenForTelegram00000";
    private static final String SECRET = "quota-webhook-secret-0123456789ab";

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

    /** Posts an update to the webhook until the node knows the binding (it hears of it shortly). */
    private static void post(FakeTelegramBotApi api, String webhook, JsonObject update) {
        String body = api.withId(update).encode();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.postToWebhook(webhook, body, SECRET), status -> status == 200);
    }
}
