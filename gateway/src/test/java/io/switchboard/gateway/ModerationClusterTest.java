package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.gateway.HttpTestClient.Event;
import io.switchboard.gateway.HttpTestClient.Reply;
import io.switchboard.runtime.moderation.Moderation;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.ModelBehaviour;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keyword lists on two members: a word added or removed through one member's admin API applies to the
 * next turn on the other, whose compiled matcher was warm, long before the matchers' safety-net expiry.
 */
class ModerationClusterTest {
    private static final String APP = "clustered";
    private static final String PRESET = "Let's talk about something else.";

    @Test
    void should_apply_a_keyword_change_made_on_one_member_to_the_next_turn_on_the_other(@TempDir Path dir)
            throws Exception {
        try (FakeOpenAiServer model = FakeOpenAiServer.create().start()) {
            model.enqueue(ModelBehaviour.reply("a fine answer"));
            TestGateways.Cluster cluster = TestGateways.Cluster.create(dir);
            Gateway first = null;
            Gateway second = null;
            try {
                first = TestGateways.start(dir, cluster, 0);
                second = TestGateways.start(dir, cluster, 1);
                HttpTestClient admin = new HttpTestClient("http://127.0.0.1:" + first.port())
                        .login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
                HttpTestClient otherMember = new HttpTestClient("http://127.0.0.1:" + second.port());
                createApp(admin, model);
                created(admin.send(
                        "POST", "/admin/v1/moderation/lists", "{\"id\":\"shared-words\",\"name\":\"Shared\"}"));

                // The other member compiles the (still empty) lists for a turn: a warm cache to be dropped.
                assertThat(answer(otherMember, "is grapefruit tasty?")).isEqualTo("a fine answer");

                created(admin.send(
                        "POST", "/admin/v1/moderation/lists/shared-words/words", "{\"words\":[\"grapefruit\"]}"));

                Duration bound = Moderation.DEFAULT_REFRESH.dividedBy(6);
                await().atMost(bound)
                        .untilAsserted(() -> assertThat(answer(otherMember, "is grapefruit tasty?"))
                                .isEqualTo(PRESET));

                created(admin.send(
                        "POST",
                        "/admin/v1/moderation/lists/shared-words/words/remove",
                        "{\"words\":[\"grapefruit\"]}"));
                model.enqueue(ModelBehaviour.reply("still a fine answer"));
                await().atMost(bound)
                        .untilAsserted(() -> assertThat(answer(otherMember, "is grapefruit tasty?"))
                                .isEqualTo("still a fine answer"));
                assertThat(model.requests().stream()
                                .filter(r -> r.path().equals("/v1/chat/completions"))
                                .count())
                        .as("blocked turns never reached the model")
                        .isEqualTo(2);
            } finally {
                TestGateways.closeAll(second, first);
            }
        }
    }

    private static void createApp(HttpTestClient admin, FakeOpenAiServer model) {
        created(admin.send(
                "POST",
                "/admin/v1/providers",
                new JsonObject()
                        .put("id", "fake")
                        .put("kind", "OPENAI_COMPATIBLE")
                        .put("baseUrl", model.baseUrl())
                        .put("apiKey", "sk-cluster")
                        .encode()));
        JsonObject config = new JsonObject()
                .put("name", "Clustered")
                .put("model", new JsonObject().put("providerId", "fake").put("modelName", "fake-model"))
                .put(
                        "moderation",
                        new JsonObject()
                                .put("lists", new JsonArray().add("shared-words"))
                                .put("presetReply", PRESET));
        created(admin.send(
                "POST",
                "/admin/v1/apps",
                new JsonObject().put("id", APP).put("config", config).encode()));
        created(admin.send("POST", "/admin/v1/apps/" + APP + "/publish", "{}"));
    }

    private static String answer(HttpTestClient chat, String question) {
        List<Event> events = chat.events(
                "/chat/" + APP + "/messages",
                new JsonObject().put("text", question).encode());
        return events.stream()
                .filter(e -> e.name().equals("done"))
                .findFirst()
                .orElseThrow()
                .data()
                .get("text")
                .asText();
    }

    private static void created(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isIn(200, 201);
    }
}
