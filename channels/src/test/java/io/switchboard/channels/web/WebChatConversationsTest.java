package io.switchboard.channels.web;

import static io.switchboard.channels.testing.ChannelTestServer.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.channels.testing.ScriptedTurnHandler.Ending;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The web chat's conversations on the server: bound to the page's user id (another user id gets 403,
 * an unknown conversation 404, bad input 400 naming the field, all JSON), listed, renamed, deleted,
 * an answer being written picked up from its start, stopped, regenerated.
 */
class WebChatConversationsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static WebTestFixture fixture;
    private static WebClient http;

    private final String user = "u" + UUID.randomUUID().toString().replace("-", "");

    @BeforeAll
    static void startServer() {
        fixture = new WebTestFixture();
        http = WebClient.create(fixture.vertx);
    }

    @AfterAll
    static void stopServer() {
        http.close();
        fixture.close();
    }

    @BeforeEach
    void answerNormally() {
        fixture.turns.ending(Ending.ANSWER).chunks(4, 1).sources(List.of());
    }

    @Test
    void should_list_load_rename_and_delete_the_users_conversations() {
        // given two conversations of the user, the second one more recent
        ask("first", user, "How big is it?");
        ask("first", user, "And the colour?");
        ask("second", user, "Where is my order?");

        // when listed, then the most recent comes first, titled by its first question
        JsonArray listed = call(HttpMethod.GET, "/chat/demo/conversations?userId=" + user, null, 200)
                .getJsonArray("conversations");
        assertThat(listed.stream().map(c -> ((JsonObject) c).getString("id"))).containsExactly("second", "first");
        assertThat(listed.getJsonObject(1).getString("title")).isEqualTo("How big is it?");
        assertThat(listed.getJsonObject(1).getInteger("messageCount")).isEqualTo(4);

        // when one is loaded, then its transcript is there with the answers
        JsonObject first = call(HttpMethod.GET, "/chat/demo/conversations/first?userId=" + user, null, 200);
        assertThat(first.getJsonArray("messages").stream()
                        .map(m -> ((JsonObject) m).getString("role") + ":" + ((JsonObject) m).getString("text")))
                .containsExactly(
                        "user:How big is it?",
                        "assistant:" + fixture.turns.answerTo("How big is it?"),
                        "user:And the colour?",
                        "assistant:" + fixture.turns.answerTo("And the colour?"));
        assertThat(first.getBoolean("streaming")).isFalse();

        // when renamed, then the list shows the new title
        JsonObject renamed = call(
                HttpMethod.PATCH,
                "/chat/demo/conversations/first",
                new JsonObject().put("userId", user).put("title", "  Size and colour "),
                200);
        assertThat(renamed.getString("title")).isEqualTo("Size and colour");
        assertThat(call(HttpMethod.GET, "/chat/demo/conversations/first?userId=" + user, null, 200)
                        .getString("title"))
                .isEqualTo("Size and colour");

        // when deleted, then it is gone from the list and cannot be loaded, nor its id taken by another
        HttpResponse<Buffer> deleted = send(HttpMethod.DELETE, "/chat/demo/conversations/second?userId=" + user, null);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(call(HttpMethod.GET, "/chat/demo/conversations?userId=" + user, null, 200)
                        .getJsonArray("conversations")
                        .size())
                .isEqualTo(1);
        problem(HttpMethod.GET, "/chat/demo/conversations/second?userId=" + user, null, 404, "no such conversation");
        problem(HttpMethod.POST, "/chat/demo/messages", message("second", "other", "mine now?"), 403, "another user");
    }

    @Test
    void should_refuse_another_user_id_everything_about_a_conversation() {
        // given
        ask("private", user, "My address is 1 Main Street");
        int turns = fixture.turns.received().size();

        // then another user id can neither read, rename, delete, stop, follow nor continue it
        String other = "someone-else";
        String mine = "belongs to another user";
        problem(HttpMethod.GET, "/chat/demo/conversations/private?userId=" + other, null, 403, mine);
        problem(
                HttpMethod.PATCH,
                "/chat/demo/conversations/private",
                new JsonObject().put("userId", other).put("title", "x"),
                403,
                mine);
        problem(HttpMethod.DELETE, "/chat/demo/conversations/private?userId=" + other, null, 403, mine);
        problem(HttpMethod.GET, "/chat/demo/conversations/private/stream?userId=" + other, null, 403, mine);
        problem(
                HttpMethod.POST,
                "/chat/demo/conversations/private/stop",
                new JsonObject().put("userId", other),
                403,
                mine);
        problem(HttpMethod.POST, "/chat/demo/messages", message("private", other, "What is the address?"), 403, mine);
        problem(
                HttpMethod.POST,
                "/chat/demo/messages",
                new JsonObject()
                        .put("conversationId", "private")
                        .put("userId", other)
                        .put("regenerate", true),
                403,
                mine);
        assertThat(call(HttpMethod.GET, "/chat/demo/conversations?userId=" + other, null, 200)
                        .getJsonArray("conversations"))
                .isEmpty();
        assertThat(fixture.turns.received()).hasSize(turns);
        // and the owner still can
        assertThat(call(HttpMethod.GET, "/chat/demo/conversations/private?userId=" + user, null, 200)
                        .getJsonArray("messages"))
                .hasSize(2);
    }

    @Test
    void should_answer_bad_input_with_a_400_naming_the_field() {
        ask("bad", user, "Hello");
        problem(HttpMethod.GET, "/chat/demo/conversations", null, 400, "userId is required");
        problem(HttpMethod.GET, "/chat/demo/conversations?userId=a%20b", null, 400, "userId must be");
        problem(HttpMethod.GET, "/chat/demo/conversations/bad", null, 400, "userId is required");
        problem(HttpMethod.GET, "/chat/demo/conversations/nope?userId=" + user, null, 404, "no such conversation");
        problem(HttpMethod.GET, "/chat/demo/conversations/no%20pe?userId=" + user, null, 404, "no such conversation");
        problem(HttpMethod.GET, "/chat/nosuchapp/conversations?userId=" + user, null, 404, null);
        String path = "/chat/demo/conversations/bad";
        problem(HttpMethod.PATCH, path, new JsonObject().put("userId", user), 400, "title is required");
        problem(HttpMethod.PATCH, path, new JsonObject().put("userId", user).put("title", " "), 400, "title");
        problem(
                HttpMethod.PATCH,
                path,
                new JsonObject().put("userId", user).put("title", 7),
                400,
                "title must be a string");
        problem(
                HttpMethod.PATCH,
                path,
                new JsonObject().put("userId", user).put("title", "x".repeat(121)),
                400,
                "title must be at most 120");
        problem(
                HttpMethod.PATCH,
                path,
                new JsonObject().put("userId", user).put("title", "a\u0007b"),
                400,
                "control characters");
        problem(
                HttpMethod.PATCH,
                path,
                new JsonObject().put("userId", user).put("title", "x").put("colour", "red"),
                400,
                "unknown field 'colour'");
        problem(HttpMethod.PATCH, path, new JsonObject().put("title", "x"), 400, "userId is required");
        problem(
                HttpMethod.POST,
                path + "/stop",
                new JsonObject().put("userId", user),
                409,
                "no answer is being written");
        problem(HttpMethod.GET, path + "/stream?userId=" + user, null, 404, "no answer is being written");
        problem(
                HttpMethod.POST,
                "/chat/demo/messages",
                new JsonObject().put("userId", user).put("regenerate", true),
                400,
                "conversationId is required to regenerate");
        problem(
                HttpMethod.POST,
                "/chat/demo/messages",
                message("bad", user, "again").put("regenerate", true),
                400,
                "text must be absent when regenerate is true");
        problem(
                HttpMethod.POST,
                "/chat/demo/messages",
                message("bad", user, "hi").put("regenerate", "yes"),
                400,
                "regenerate must be true or false");
        problem(
                HttpMethod.POST,
                "/chat/demo/messages",
                message("fresh", user, "hi").put("variables", new JsonObject().put("city", "Paris")),
                400,
                "variables.city is not an input variable of this app");
        problem(
                HttpMethod.POST,
                "/chat/demo/messages",
                message("fresh", user, "hi").put("variables", new JsonObject().put("city", 3)),
                400,
                "variables.city must be a string");
        problem(
                HttpMethod.POST,
                "/chat/demo/messages",
                message("fresh", user, "hi").put("variables", "Paris"),
                400,
                "variables must be an object");
    }

    @Test
    void should_give_a_reconnect_the_answer_so_far_then_the_rest() {
        // given an answer being written slowly
        fixture.turns.chunks(2, 40);
        Future<HttpResponse<Buffer>> original = http.post(fixture.server.port(), "127.0.0.1", "/chat/demo/messages")
                .putHeader("Content-Type", "application/json")
                .sendJsonObject(message("live", user, "Tell me slowly"));
        await().atMost(PATIENCE).until(() -> {
            JsonObject live = call(HttpMethod.GET, "/chat/demo/conversations/live?userId=" + user, null, 200);
            return live.getBoolean("streaming") && live.getJsonArray("messages").size() == 1;
        });
        // and a second message in the same conversation waits its turn
        problem(HttpMethod.POST, "/chat/demo/messages", message("live", user, "More?"), 409, "still being written");

        // when the page reconnects
        List<WebChatChannelTest.Event> events = WebChatChannelTest.events(
                send(HttpMethod.GET, "/chat/demo/conversations/live/stream?userId=" + user, null));

        // then it gets what was produced, then the rest, then the end
        assertThat(events.getFirst().name()).isEqualTo("resume");
        StringBuilder text = new StringBuilder();
        for (WebChatChannelTest.Event event : events) {
            if (event.name().equals("resume") || event.name().equals("delta")) {
                text.append(event.data().getString("text"));
            }
        }
        String expected = fixture.turns.answerTo("Tell me slowly");
        assertThat(text.toString()).isEqualTo(expected);
        assertThat(events.getLast().name()).isEqualTo("done");
        assertThat(events.getLast().data().getString("text")).isEqualTo(expected);
        assertThat(WebChatChannelTest.events(await(original)).getLast().name()).isEqualTo("done");
        JsonObject stored = call(HttpMethod.GET, "/chat/demo/conversations/live?userId=" + user, null, 200);
        assertThat(stored.getJsonArray("messages").getJsonObject(1).getString("text"))
                .isEqualTo(expected);
    }

    @Test
    void should_stop_an_answer_and_keep_what_was_shown() {
        // given an answer being written slowly
        fixture.turns.chunks(1, 40);
        Future<HttpResponse<Buffer>> original = http.post(fixture.server.port(), "127.0.0.1", "/chat/demo/messages")
                .putHeader("Content-Type", "application/json")
                .sendJsonObject(message("stopme", user, "Go on and on"));
        await().atMost(PATIENCE)
                .until(() -> call(HttpMethod.GET, "/chat/demo/conversations/stopme?userId=" + user, null, 200)
                        .getBoolean("streaming"));

        // when stopped
        JsonObject stopped = call(
                HttpMethod.POST, "/chat/demo/conversations/stopme/stop", new JsonObject().put("userId", user), 200);

        // then the stream ends with a stopped done, and the transcript keeps exactly what was shown
        assertThat(stopped.getBoolean("stopped")).isTrue();
        List<WebChatChannelTest.Event> events = WebChatChannelTest.events(await(original));
        assertThat(events.getLast().name()).isEqualTo("done");
        assertThat(events.getLast().data().getBoolean("stopped")).isTrue();
        String shown = events.stream()
                .filter(e -> e.name().equals("delta"))
                .map(e -> e.data().getString("text"))
                .reduce("", String::concat);
        assertThat(stopped.getString("text")).isEqualTo(shown);
        assertThat(shown).isNotEqualTo(fixture.turns.answerTo("Go on and on"));
        JsonObject last = call(HttpMethod.GET, "/chat/demo/conversations/stopme?userId=" + user, null, 200)
                .getJsonArray("messages")
                .getJsonObject(1);
        assertThat(last.getString("text")).isEqualTo(shown);
        assertThat(last.getBoolean("stopped")).isTrue();
        // and the conversation takes the next question at once
        fixture.turns.chunks(4, 1);
        assertThat(WebChatChannelTest.events(
                                send(HttpMethod.POST, "/chat/demo/messages", message("stopme", user, "Next")))
                        .getLast()
                        .name())
                .isEqualTo("done");
    }

    @Test
    void should_regenerate_the_last_answer_in_place() {
        // given
        ask("again", user, "Pick a colour");

        // when
        List<WebChatChannelTest.Event> events = WebChatChannelTest.events(send(
                HttpMethod.POST,
                "/chat/demo/messages",
                new JsonObject()
                        .put("conversationId", "again")
                        .put("userId", user)
                        .put("regenerate", true)));

        // then the model is asked the same question again and the transcript holds one answer to it
        assertThat(events.getLast().name()).isEqualTo("done");
        assertThat(fixture.turns.last().text()).isEqualTo("Pick a colour");
        assertThat(fixture.turns.last().conversationId()).isEqualTo("again");
        JsonArray messages = call(HttpMethod.GET, "/chat/demo/conversations/again?userId=" + user, null, 200)
                .getJsonArray("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.getJsonObject(1).getString("turnId"))
                .isEqualTo(events.getLast().data().getString("turnId"));
    }

    private void ask(String conversationId, String userId, String text) {
        List<WebChatChannelTest.Event> events = WebChatChannelTest.events(
                send(HttpMethod.POST, "/chat/demo/messages", message(conversationId, userId, text)));
        assertThat(events.getLast().name()).isEqualTo("done");
    }

    private static JsonObject message(String conversationId, String userId, String text) {
        return new JsonObject()
                .put("conversationId", conversationId)
                .put("userId", userId)
                .put("text", text);
    }

    private static HttpResponse<Buffer> send(HttpMethod method, String path, JsonObject body) {
        var request = http.request(method, fixture.server.port(), "127.0.0.1", path);
        return await(body == null ? request.send() : request.sendJsonObject(body));
    }

    private static JsonObject call(HttpMethod method, String path, JsonObject body, int status) {
        HttpResponse<Buffer> response = send(method, path, body);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        return response.bodyAsJsonObject();
    }

    private static void problem(HttpMethod method, String path, JsonObject body, int status, String message) {
        HttpResponse<Buffer> response = send(method, path, body);
        assertThat(response.statusCode())
                .as(method + " " + path + ": " + response.bodyAsString())
                .isEqualTo(status);
        assertThat(response.getHeader("Content-Type")).startsWith("application/json");
        JsonObject problem = response.bodyAsJsonObject();
        assertThat(problem.getString("error")).isNotBlank();
        if (message != null) {
            assertThat(problem.getString("message")).contains(message);
        }
    }
}
