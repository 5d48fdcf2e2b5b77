package io.switchboard.channels.web;

import static io.switchboard.channels.testing.ChannelTestServer.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.spi.TurnReply;
import io.switchboard.channels.testing.ScriptedTurnHandler;
import io.switchboard.channels.testing.ScriptedTurnHandler.Ending;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The web chat's HTTP side: page, profile, assets and the event stream of a turn. */
class WebChatChannelTest {
    private static WebTestFixture fixture;
    private static WebClient http;

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

    record Event(String name, JsonObject data) {}

    static HttpResponse<Buffer> get(String path, String accept) {
        var request = http.get(fixture.server.port(), "127.0.0.1", path);
        if (accept != null) {
            request.putHeader("Accept", accept);
        }
        return await(request.send());
    }

    static HttpResponse<Buffer> postMessage(String appId, String body) {
        return await(http.post(fixture.server.port(), "127.0.0.1", "/chat/" + appId + "/messages")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(body)));
    }

    static List<Event> events(HttpResponse<Buffer> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).startsWith("text/event-stream");
        List<Event> events = new ArrayList<>();
        for (String block : response.bodyAsString().split("\n\n")) {
            String[] lines = block.split("\n");
            assertThat(lines).hasSize(2);
            assertThat(lines[0]).startsWith("event: ");
            assertThat(lines[1]).startsWith("data: ");
            events.add(new Event(lines[0].substring(7), new JsonObject(lines[1].substring(6))));
        }
        return events;
    }

    @Test
    void should_describe_the_app_in_its_profile() {
        var response = get("/chat/demo/profile", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.bodyAsJsonObject())
                .isEqualTo(new JsonObject()
                        .put("appId", "demo")
                        .put("name", "Order Helper")
                        .put("openingStatement", WebTestFixture.OPENING)
                        .put("suggestedQuestions", WebTestFixture.SUGGESTIONS)
                        .put("variables", new io.vertx.core.json.JsonArray()));
    }

    @Test
    void should_serve_the_page_with_a_strict_policy_and_the_name_escaped() {
        var response = get("/chat/markup", "text/html");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).startsWith("text/html");
        assertThat(response.getHeader("Content-Security-Policy"))
                .contains("default-src 'none'", "script-src 'self'")
                .doesNotContain("unsafe-inline");
        String html = response.bodyAsString();
        assertThat(html)
                .doesNotContain("<script>alert")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co");
        assertThat(html).doesNotContain("{{").doesNotContainPattern("<script>[^<]");
    }

    @Test
    void should_serve_versioned_assets_cached_for_a_year_and_revalidated_by_etag() {
        String html = get("/chat/demo", "text/html").bodyAsString();
        Matcher script = Pattern.compile("src=\"(/chat/assets/chat\\.js\\?v=[0-9a-f]+)\"")
                .matcher(html);
        assertThat(script.find()).isTrue();

        var asset = get(script.group(1), null);
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.getHeader("Content-Type")).startsWith("text/javascript");
        assertThat(asset.getHeader("Cache-Control")).contains("max-age=31536000", "immutable");
        var revalidated = await(http.get(fixture.server.port(), "127.0.0.1", script.group(1))
                .putHeader("If-None-Match", asset.getHeader("ETag"))
                .send());
        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(get("/chat/assets/chat.css", null).getHeader("Cache-Control"))
                .isEqualTo("public, max-age=300");
        var missing = get("/chat/assets/secret.txt", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.bodyAsJsonObject().getString("message")).isEqualTo("no such asset");
    }

    @Test
    void should_stream_the_answer_as_deltas_then_done() {
        // when
        var response = postMessage("demo", "{\"text\":\"  Where is my order?  \"}");

        // then
        List<Event> events = events(response);
        Event done = events.getLast();
        assertThat(done.name()).isEqualTo("done");
        assertThat(events.subList(0, events.size() - 1))
                .hasSizeGreaterThan(3)
                .allSatisfy(event -> assertThat(event.name()).isEqualTo("delta"));
        String streamed = events.stream()
                .filter(event -> event.name().equals("delta"))
                .map(event -> event.data().getString("text"))
                .collect(Collectors.joining());
        String expected = fixture.turns.answerTo("Where is my order?");
        assertThat(streamed).isEqualTo(expected);
        assertThat(done.data().getString("text")).isEqualTo(expected);
        assertThat(done.data().getBoolean("failed")).isFalse();
        assertThat(done.data().getJsonObject("usage").getInteger("inputTokens")).isEqualTo(4);
        assertThat(done.data().getJsonObject("usage").getInteger("outputTokens"))
                .isPositive();
        String conversationId = done.data().getString("conversationId");
        assertThat(conversationId).matches("[0-9a-f-]{36}");
        InboundMessage received = fixture.turns.last();
        assertThat(received.channel()).isEqualTo("web");
        assertThat(received.appId()).isEqualTo("demo");
        assertThat(received.text()).isEqualTo("Where is my order?");
        assertThat(received.conversationId()).isEqualTo(conversationId);
        assertThat(received.userId()).isEqualTo("web-" + conversationId);
        assertThat(received.messageId()).matches("[0-9a-f-]{36}");
        assertThat(received.draft()).isFalse();
    }

    @Test
    void should_send_the_cited_sources_with_done() {
        // given
        fixture.turns.sources(List.of(
                new TurnReply.Source("returns.pdf", "Returns are accepted within 7 days."),
                new TurnReply.Source("faq.md", "退货请联系客服。")));

        // when
        Event done =
                events(postMessage("demo", "{\"text\":\"Can I return it?\"}")).getLast();

        // then
        assertThat(done.data().getJsonArray("sources")).hasSize(2);
        assertThat(done.data().getJsonArray("sources").getJsonObject(0).getString("name"))
                .isEqualTo("returns.pdf");
        assertThat(done.data().getJsonArray("sources").getJsonObject(1).getString("passage"))
                .isEqualTo("退货请联系客服。");
    }

    @Test
    void should_send_an_empty_source_list_when_nothing_was_cited() {
        Event done = events(postMessage("demo", "{\"text\":\"hello\"}")).getLast();

        assertThat(done.data().getJsonArray("sources")).isEmpty();
    }

    @Test
    void should_continue_the_conversation_and_user_sent_by_the_page() {
        var response = postMessage("demo", "{\"conversationId\":\"conv_1\",\"userId\":\"anon-42\",\"text\":\"hi\"}");

        assertThat(events(response).getLast().data().getString("conversationId"))
                .isEqualTo("conv_1");
        assertThat(fixture.turns.last().conversationId()).isEqualTo("conv_1");
        assertThat(fixture.turns.last().userId()).isEqualTo("anon-42");
    }

    @Test
    void should_mark_done_as_failed_when_the_model_failed() {
        fixture.turns.ending(Ending.FAILED_REPLY);

        Event done = events(postMessage("demo", "{\"text\":\"hello there\"}")).getLast();

        assertThat(done.name()).isEqualTo("done");
        assertThat(done.data().getBoolean("failed")).isTrue();
        assertThat(done.data().getString("text")).isEqualTo(ScriptedTurnHandler.FAILURE_TEXT);
    }

    @Test
    void should_send_an_error_event_when_the_turn_breaks_after_the_stream_began() {
        fixture.turns.ending(Ending.BROKEN_MIDWAY);

        List<Event> events = events(postMessage("demo", "{\"text\":\"hello there\"}"));

        assertThat(events.getFirst().name()).isEqualTo("delta");
        assertThat(events.getLast().name()).isEqualTo("error");
        assertThat(events.getLast().data().getString("message")).isNotBlank();
    }

    @Test
    void should_answer_json_when_the_turn_breaks_before_the_stream_began() {
        fixture.turns.ending(Ending.BROKEN_AT_ONCE);

        var response = postMessage("demo", "{\"text\":\"hello there\"}");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.bodyAsJsonObject().getString("message")).isEqualTo("internal error");
    }

    @Test
    void should_show_browsers_an_html_page_for_an_unknown_app() {
        var response = get("/chat/nope", "text/html,application/xhtml+xml");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.getHeader("Content-Type")).startsWith("text/html");
        assertThat(response.bodyAsString()).contains("Chat not found");
    }

    @Test
    void should_finish_the_turn_when_the_client_goes_away() {
        // given a slow answer
        fixture.turns.chunks(1, 10);
        int completedBefore = fixture.turns.completed();
        HttpClient client = fixture.vertx.createHttpClient();

        // when the client hangs up after the first fragment
        await(client.request(HttpMethod.POST, fixture.server.port(), "127.0.0.1", "/chat/demo/messages")
                .compose(request ->
                        request.putHeader("Content-Type", "application/json").send("{\"text\":\"a long question\"}"))
                .compose(response -> {
                    response.handler(chunk -> response.request().connection().close());
                    return response.end().recover(closed -> io.vertx.core.Future.succeededFuture());
                }));

        // then the turn still runs to its end, and the server keeps serving
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(fixture.turns.completed()).isGreaterThan(completedBefore));
        fixture.turns.chunks(4, 1);
        assertThat(events(postMessage("demo", "{\"text\":\"still there?\"}"))
                        .getLast()
                        .name())
                .isEqualTo("done");
        await(client.close());
    }
}
