package io.switchboard.channels.api;

import static io.switchboard.channels.testing.ChannelTestServer.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.channels.spi.TurnReply;
import io.switchboard.channels.testing.ScriptedTurnHandler.Ending;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The API's bytes on the wire: the SSE framing, and a 4xx OpenAI error for every kind of junk. */
class OpenAiApiChannelWireTest {
    private static ApiTestFixture fixture;
    private static WebClient http;

    @BeforeAll
    static void startServer() {
        fixture = new ApiTestFixture();
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

    private static HttpResponse<Buffer> post(String key, String body) {
        var request = http.post(fixture.server.port(), "127.0.0.1", "/v1/chat/completions")
                .putHeader("Content-Type", "application/json");
        if (key != null) {
            request.putHeader("Authorization", "Bearer " + key);
        }
        return await(request.sendBuffer(Buffer.buffer(body)));
    }

    private static List<String> dataLines(HttpResponse<Buffer> response) {
        assertThat(response.bodyAsString()).endsWith("\n\n");
        return Arrays.stream(response.bodyAsString().split("\n\n"))
                .peek(event -> assertThat(event).startsWith("data: "))
                .map(event -> event.substring("data: ".length()))
                .toList();
    }

    @Test
    void should_frame_a_stream_exactly_as_openai_does() {
        // when
        var response = post(ApiTestFixture.KEY, """
                {"model":"demo","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"hello there"}]}""");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).startsWith("text/event-stream");
        assertThat(response.getHeader("X-Conversation-Id")).matches("[A-Za-z0-9_-]{1,64}");
        List<String> data = dataLines(response);
        assertThat(data.getLast()).isEqualTo("[DONE]");
        List<JsonObject> chunks =
                data.subList(0, data.size() - 1).stream().map(JsonObject::new).toList();
        JsonObject first = chunks.getFirst();
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.getString("object")).isEqualTo("chat.completion.chunk");
            assertThat(chunk.getString("id")).isEqualTo(first.getString("id"));
            assertThat(chunk.getLong("created")).isEqualTo(first.getLong("created"));
            assertThat(chunk.getString("model")).isEqualTo("demo");
        });
        assertThat(first.getJsonArray("choices")
                        .getJsonObject(0)
                        .getJsonObject("delta")
                        .getString("role"))
                .isEqualTo("assistant");
        JsonObject stop = chunks.get(chunks.size() - 2);
        assertThat(stop.getJsonArray("choices").getJsonObject(0).getString("finish_reason"))
                .isEqualTo("stop");
        JsonObject usage = chunks.getLast();
        assertThat(usage.getJsonArray("choices")).isEmpty();
        assertThat(usage.getJsonObject("usage").getInteger("prompt_tokens")).isEqualTo(2);
        assertThat(stop.containsKey("usage"))
                .as("usage: null before the last chunk")
                .isTrue();
        assertThat(stop.getValue("usage")).isNull();
    }

    @Test
    void should_return_cited_sources_in_a_completion_and_in_the_final_stream_chunk() {
        // given
        fixture.turns.sources(List.of(new TurnReply.Source("returns.pdf", "Returns are accepted within 7 days.")));

        // when
        var plain = post(
                ApiTestFixture.KEY,
                "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"Can I return it?\"}]}");
        var streamed = post(
                ApiTestFixture.KEY,
                "{\"model\":\"demo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Can I?\"}]}");

        // then
        JsonObject source = plain.bodyAsJsonObject().getJsonArray("sources").getJsonObject(0);
        assertThat(source.getString("name")).isEqualTo("returns.pdf");
        assertThat(source.getString("passage")).isEqualTo("Returns are accepted within 7 days.");
        List<String> data = dataLines(streamed);
        JsonObject last = new JsonObject(data.get(data.size() - 2));
        assertThat(last.getJsonArray("choices").getJsonObject(0).getString("finish_reason"))
                .isEqualTo("stop");
        assertThat(last.getJsonArray("sources").getJsonObject(0).getString("name"))
                .isEqualTo("returns.pdf");
    }

    @Test
    void should_end_a_stream_without_usage_when_not_asked_for() {
        var response = post(
                ApiTestFixture.KEY,
                "{\"model\":\"demo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        List<String> data = dataLines(response);
        assertThat(data.getLast()).isEqualTo("[DONE]");
        JsonObject last = new JsonObject(data.get(data.size() - 2));
        assertThat(last.getJsonArray("choices").getJsonObject(0).getString("finish_reason"))
                .isEqualTo("stop");
        assertThat(data).noneMatch(line -> line.contains("\"usage\""));
    }

    @Test
    void should_answer_an_error_event_then_done_when_the_turn_breaks_midway() {
        fixture.turns.ending(Ending.BROKEN_MIDWAY);

        var response = post(
                ApiTestFixture.KEY,
                "{\"model\":\"demo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi you\"}]}");

        List<String> data = dataLines(response);
        assertThat(data.getLast()).isEqualTo("[DONE]");
        JsonObject error = new JsonObject(data.get(data.size() - 2)).getJsonObject("error");
        assertThat(error.getString("type")).isEqualTo("server_error");
        assertThat(error.getString("message")).isNotBlank();
    }

    @Test
    void should_answer_a_plain_http_error_when_a_stream_fails_before_its_first_fragment() {
        fixture.turns.ending(Ending.FAILED_REPLY_AT_ONCE);

        var response = post(
                ApiTestFixture.KEY,
                "{\"model\":\"demo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.getHeader("x-should-retry")).isEqualTo("false");
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("type"))
                .isEqualTo("upstream_error");
    }

    static Stream<Arguments> junk() {
        String ok = "\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        return Stream.of(
                Arguments.of("malformed JSON", ApiTestFixture.KEY, "{\"model\":", 400, null, null),
                Arguments.of("a JSON array", ApiTestFixture.KEY, "[1,2]", 400, null, null),
                Arguments.of("an empty body", ApiTestFixture.KEY, "", 400, null, null),
                Arguments.of(
                        "no model",
                        ApiTestFixture.KEY,
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                        400,
                        null,
                        "model"),
                Arguments.of(
                        "model not a string", ApiTestFixture.KEY, "{\"model\":7,\"messages\":[]}", 400, null, "model"),
                Arguments.of("no messages", ApiTestFixture.KEY, "{\"model\":\"demo\"}", 400, null, "messages"),
                Arguments.of(
                        "messages not an array",
                        ApiTestFixture.KEY,
                        "{\"model\":\"demo\",\"messages\":\"hi\"}",
                        400,
                        null,
                        "messages"),
                Arguments.of(
                        "message not an object",
                        ApiTestFixture.KEY,
                        "{\"model\":\"demo\",\"messages\":[\"hi\"]}",
                        400,
                        null,
                        "messages[0]"),
                Arguments.of(
                        "no user message",
                        ApiTestFixture.KEY,
                        "{\"model\":\"demo\",\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}",
                        400,
                        null,
                        "messages"),
                Arguments.of(
                        "content a number",
                        ApiTestFixture.KEY,
                        "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":5}]}",
                        400,
                        null,
                        "messages[0].content"),
                Arguments.of(
                        "image content part",
                        ApiTestFixture.KEY,
                        "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]}]}",
                        400,
                        null,
                        "messages[0].content[0]"),
                Arguments.of(
                        "blank content",
                        ApiTestFixture.KEY,
                        "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"   \"}]}",
                        400,
                        null,
                        "messages"),
                Arguments.of(
                        "overlong content",
                        ApiTestFixture.KEY,
                        "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(32_001)
                                + "\"}]}",
                        400,
                        null,
                        "messages"),
                Arguments.of(
                        "stream not a boolean",
                        ApiTestFixture.KEY,
                        "{" + ok + ",\"stream\":\"yes\"}",
                        400,
                        null,
                        "stream"),
                Arguments.of(
                        "stream_options not an object",
                        ApiTestFixture.KEY,
                        "{" + ok + ",\"stream_options\":true}",
                        400,
                        null,
                        "stream_options"),
                Arguments.of(
                        "include_usage not a boolean",
                        ApiTestFixture.KEY,
                        "{" + ok + ",\"stream_options\":{\"include_usage\":1}}",
                        400,
                        null,
                        "stream_options.include_usage"),
                Arguments.of("user not a string", ApiTestFixture.KEY, "{" + ok + ",\"user\":{}}", 400, null, "user"),
                Arguments.of(
                        "bad conversation id",
                        ApiTestFixture.KEY,
                        "{" + ok + ",\"conversation_id\":\"../etc\"}",
                        400,
                        null,
                        "conversation_id"),
                Arguments.of("missing key", null, "{" + ok + "}", 401, "invalid_api_key", null),
                Arguments.of("unknown key", "sk-nope", "{" + ok + "}", 401, "invalid_api_key", null),
                Arguments.of(
                        "model of another app",
                        ApiTestFixture.KEY,
                        "{\"model\":\"other\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                        404,
                        "model_not_found",
                        "model"),
                Arguments.of(
                        "key of an unpublished app",
                        ApiTestFixture.UNPUBLISHED_APP_KEY,
                        "{\"model\":\"draft-only\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                        404,
                        "model_not_found",
                        null),
                Arguments.of(
                        "oversized body",
                        ApiTestFixture.KEY,
                        "{" + ok + ",\"pad\":\"" + "x".repeat(OpenAiApiChannel.DEFAULT_BODY_LIMIT_BYTES) + "\"}",
                        413,
                        "request_too_large",
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("junk")
    void should_reject_junk_with_an_openai_error(
            String what, String key, String body, int status, String code, String param) {
        // when
        var response = post(key, body);

        // then
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.getHeader("Content-Type")).startsWith("application/json");
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("message")).isNotBlank();
        assertThat(error.getString("type")).isEqualTo("invalid_request_error");
        assertThat(error.containsKey("param") && error.containsKey("code")).isTrue();
        if (code != null) {
            assertThat(error.getString("code")).isEqualTo(code);
        }
        if (param != null) {
            assertThat(error.getString("param")).isEqualTo(param);
        }
    }

    @Test
    void should_reject_models_listing_without_a_key() {
        var response =
                await(http.get(fixture.server.port(), "127.0.0.1", "/v1/models").send());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo("invalid_api_key");
    }

    @Test
    void should_answer_not_found_for_another_model_by_id() {
        var response = await(http.get(fixture.server.port(), "127.0.0.1", "/v1/models/other")
                .putHeader("Authorization", "Bearer " + ApiTestFixture.KEY)
                .send());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo("model_not_found");
    }
}
