package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.switchboard.gateway.HttpTestClient.Event;
import io.switchboard.gateway.HttpTestClient.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feedback and annotation end to end on a real node with the offline sample app: thumbs down in the
 * web chat and up through the developer API (keyed by the official client's response id), the admin's
 * log filtered by feedback, and an annotation that answers the next such question at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedbackEndToEndTest {
    private static final String APP = "switchboard-guide";

    private Gateway gateway;
    private HttpTestClient admin;
    private HttpTestClient anonymous;
    private String base;

    @BeforeAll
    void start(@TempDir Path dir) {
        gateway = TestGateways.single(dir);
        base = "http://127.0.0.1:" + gateway.port();
        anonymous = new HttpTestClient(base);
        admin = new HttpTestClient(base).login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
    }

    @AfterAll
    void stop() throws Exception {
        gateway.close();
    }

    @Test
    void should_record_feedback_from_web_chat_and_api_filter_the_log_by_it_and_annotate_an_answer() {
        // given an answer in the web chat and one through the developer API
        List<Event> web = anonymous.events(
                "/chat/" + APP + "/messages", "{\"text\":\"How do I reset the widget?\",\"userId\":\"visitor-1\"}");
        String webTurn = done(web).get("turnId").asText();
        assertThat(webTurn).isNotBlank();
        String apiKey = admin.send("POST", "/admin/v1/apps/" + APP + "/keys", "{\"name\":\"feedback\"}")
                .json()
                .get("key")
                .asText();
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl(base + "/v1")
                .apiKey(apiKey)
                .build();
        ChatCompletion completion = client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model(APP)
                        .addUserMessage("What is Switchboard?")
                        .build());

        // when the users give feedback
        Reply down = anonymous.send(
                "POST",
                "/chat/" + APP + "/feedback",
                "{\"turnId\":\"" + webTurn
                        + "\",\"rating\":\"down\",\"comment\":\"Not what I asked\",\"userId\":\"visitor-1\"}");
        Reply up = new HttpTestClient(base)
                .bearer(apiKey)
                .send("POST", "/v1/chat/completions/" + completion.id() + "/feedback", "{\"rating\":\"up\"}");

        // then both are stored and the log can be filtered by them
        assertThat(down.status()).isEqualTo(204);
        assertThat(up.status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(logs("").get("total").asInt()).isGreaterThanOrEqualTo(2));
        JsonNode disliked = logs("&feedback=down");
        assertThat(disliked.get("total").asInt()).isEqualTo(1);
        JsonNode item = disliked.get("items").get(0);
        assertThat(item.get("id").asText()).isEqualTo(webTurn);
        assertThat(item.get("query").asText()).isEqualTo("How do I reset the widget?");
        assertThat(item.at("/feedback/rating").asText()).isEqualTo("down");
        assertThat(item.at("/feedback/comment").asText()).isEqualTo("Not what I asked");
        JsonNode liked = logs("&feedback=up");
        assertThat(liked.get("items").get(0).get("id").asText()).isEqualTo(completion.id());
        assertThat(liked.get("items").get(0).at("/feedback/channel").asText()).isEqualTo("api");
        assertThat(logs("&feedback=none").get("items").findValuesAsText("id")).doesNotContain(webTurn, completion.id());

        // when the admin annotates the disliked answer
        Reply annotated = admin.send(
                "POST",
                "/admin/v1/apps/" + APP + "/logs/" + webTurn + "/annotation",
                "{\"question\":\"How do I reset the widget?\",\"answer\":\"Hold the button for five seconds.\"}");

        // then it is live at once, in a version of its own, and in the draft
        assertThat(annotated.status()).isEqualTo(201);
        int version = annotated.json().get("publishedVersion").asInt();
        assertThat(version).isEqualTo(2);
        List<Event> again = anonymous.events("/chat/" + APP + "/messages", "{\"text\":\"how do i reset the widget\"}");
        assertThat(done(again).get("text").asText()).isEqualTo("Hold the button for five seconds.");
        JsonNode app = admin.send("GET", "/admin/v1/apps/" + APP, null).json();
        assertThat(app.at("/draft/qaPairs").findValuesAsText("answer")).contains("Hold the button for five seconds.");
        assertThat(admin.send("GET", "/admin/v1/apps/" + APP + "/versions", null)
                        .body())
                .contains("annotation of turn " + webTurn);
    }

    @Test
    void should_refuse_bad_feedback_with_a_message_naming_the_problem() {
        Reply rating = anonymous.send("POST", "/chat/" + APP + "/feedback", "{\"turnId\":\"t1\",\"rating\":\"meh\"}");
        Reply field = anonymous.send(
                "POST", "/chat/" + APP + "/feedback", "{\"turnId\":\"t1\",\"rating\":\"up\",\"stars\":5}");
        Reply unknownApp =
                anonymous.send("POST", "/chat/no-such-app/feedback", "{\"turnId\":\"t1\",\"rating\":\"up\"}");
        Reply anonymousApi = anonymous.send("POST", "/v1/chat/completions/chatcmpl-1/feedback", "{\"rating\":\"up\"}");
        Reply filter = admin.send("GET", "/admin/v1/apps/" + APP + "/logs?feedback=maybe", null);
        Reply emptyAnswer = admin.send(
                "POST", "/admin/v1/apps/" + APP + "/logs/t1/annotation", "{\"question\":\"q\",\"answer\":\" \"}");

        assertThat(rating.status()).isEqualTo(400);
        assertThat(rating.body()).contains("rating");
        assertThat(field.status()).isEqualTo(400);
        assertThat(field.body()).contains("stars");
        assertThat(unknownApp.status()).isEqualTo(404);
        assertThat(anonymousApi.status()).isEqualTo(401);
        assertThat(filter.status()).isEqualTo(400);
        assertThat(filter.body()).contains("feedback must be up, down, given or none");
        assertThat(emptyAnswer.status()).isEqualTo(400);
        assertThat(emptyAnswer.body()).contains("answer");
    }

    @Test
    void should_take_a_comment_of_1000_characters_and_refuse_one_the_h2_column_cannot_hold_with_400() {
        // The limit counts characters (code points), as the document's maxLength does: 1000 CJK letters
        // take it, and so does the column. 1000 characters outside the Basic Multilingual Plane are within
        // the limit too, but 2000 UTF-16 units, more than H2's varchar(1000) holds: a 400, never a 503.
        Reply cjk = anonymous.send(
                "POST",
                "/chat/" + APP + "/feedback",
                "{\"turnId\":\"t-cjk\",\"rating\":\"up\",\"comment\":\"" + "好".repeat(1000) + "\"}");
        Reply wide = anonymous.send(
                "POST",
                "/chat/" + APP + "/feedback",
                "{\"turnId\":\"t-wide\",\"rating\":\"up\",\"comment\":\""
                        + new String(Character.toChars(0x20000)).repeat(1000) + "\"}");

        assertThat(cjk.status()).as(cjk.body()).isLessThan(300);
        assertThat(wide.status()).as(wide.body()).isEqualTo(400);
    }

    private JsonNode logs(String filter) {
        return admin.send("GET", "/admin/v1/apps/" + APP + "/logs?limit=100" + filter, null)
                .json();
    }

    private static JsonNode done(List<Event> events) {
        return events.stream()
                .filter(event -> event.name().equals("done"))
                .findFirst()
                .orElseThrow()
                .data();
    }
}
