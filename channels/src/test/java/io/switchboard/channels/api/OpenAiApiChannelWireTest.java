package io.switchboard.channels.api;

import static io.switchboard.channels.testing.ChannelTestServer.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.channels.spi.TurnReply;
import io.switchboard.channels.testing.ScriptedTurnHandler.Ending;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
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
        assertThat(response.getHeader("X-Conversation-Id"))
                .as("no conversation_id: a stateless request, no conversation to continue")
                .isNull();
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

    @Test
    void should_hand_a_stateless_request_its_whole_history_system_message_and_parameters() {
        // when
        var response = post(ApiTestFixture.KEY, """
                {"model":"demo","temperature":0.3,"top_p":0.9,"max_completion_tokens":64,"stop":"END",
                 "seed":7,"presence_penalty":0.5,"frequency_penalty":-0.5,"user":"u-1","n":1,"store":false,
                 "messages":[{"role":"system","content":"Be brief."},
                             {"role":"user","content":"my name is Ada"},
                             {"role":"assistant","content":"Hello Ada"},
                             {"role":"developer","content":[{"type":"text","text":"Use English."}]},
                             {"role":"user","content":"what is my name?\\u0007"}]}""");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.bodyAsJsonObject().containsKey("conversation_id")).isFalse();
        var message = fixture.turns.last();
        assertThat(message.text()).isEqualTo("what is my name?");
        var api = message.api();
        assertThat(api.stateless()).isTrue();
        assertThat(api.systemMessage()).isEqualTo("Be brief.\n\nUse English.");
        assertThat(api.messages())
                .extracting(m -> m.role() + ":" + m.text())
                .containsExactly("user:my name is Ada", "assistant:Hello Ada", "user:what is my name?");
        assertThat(api.sampling())
                .isEqualTo(new io.switchboard.channels.spi.ApiTurn.Sampling(
                        0.3, 0.9, 64, List.of("END"), 7, 0.5, -0.5, "u-1"));
    }

    @Test
    void should_keep_only_the_turn_from_the_last_user_message_when_the_conversation_is_named() {
        // when
        var response = post(ApiTestFixture.KEY, """
                {"model":"demo","conversation_id":"named-1",
                 "messages":[{"role":"user","content":"old question"},
                             {"role":"assistant","content":"old answer"},
                             {"role":"user","content":"weather?"},
                             {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                               "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}]},
                             {"role":"tool","tool_call_id":"call_1","content":"sunny"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}],
                 "tool_choice":"auto","response_format":{"type":"json_object"}}""");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("X-Conversation-Id")).isEqualTo("named-1");
        var api = fixture.turns.last().api();
        assertThat(api.stateless()).isFalse();
        assertThat(api.messages()).extracting(m -> m.role()).containsExactly("user", "assistant", "tool");
        assertThat(api.messages().get(1).toolCalls())
                .containsExactly(new io.switchboard.channels.spi.ApiTurn.ToolCall(
                        "call_1", "get_weather", "{\"city\":\"Oslo\"}"));
        assertThat(api.messages().get(2).toolCallId()).isEqualTo("call_1");
        assertThat(new JsonObject("{\"t\":" + api.toolsJson() + "}").getJsonArray("t"))
                .hasSize(1);
        assertThat(api.toolChoiceJson()).isEqualTo("\"auto\"");
        assertThat(api.responseFormatJson()).isEqualTo("{\"type\":\"json_object\"}");
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
                        "messages[0].content"),
                Arguments.of(
                        "only control characters",
                        ApiTestFixture.KEY,
                        "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"\\u0011\\u0000\"}]}",
                        400,
                        null,
                        "messages[0].content"),
                Arguments.of("n = 2", ApiTestFixture.KEY, "{" + ok + ",\"n\":2}", 400, null, "n"),
                Arguments.of("logprobs", ApiTestFixture.KEY, "{" + ok + ",\"logprobs\":true}", 400, null, "logprobs"),
                Arguments.of(
                        "top_logprobs",
                        ApiTestFixture.KEY,
                        "{" + ok + ",\"top_logprobs\":2}",
                        400,
                        null,
                        "top_logprobs"),
                Arguments.of(
                        "audio output",
                        ApiTestFixture.KEY,
                        "{" + ok + ",\"audio\":{\"voice\":\"alloy\",\"format\":\"mp3\"}}",
                        400,
                        null,
                        "audio"),
                Arguments.of(
                        "audio modality",
                        ApiTestFixture.KEY,
                        "{" + ok + ",\"modalities\":[\"text\",\"audio\"]}",
                        400,
                        null,
                        "modalities"),
                Arguments.of(
                        "an unknown parameter",
                        ApiTestFixture.KEY,
                        "{" + ok + ",\"frobnicate\":1}",
                        400,
                        null,
                        "frobnicate"),
                Arguments.of(
                        "temperature too high",
                        ApiTestFixture.KEY,
                        "{" + ok + ",\"temperature\":2.5}",
                        400,
                        null,
                        "temperature"),
                Arguments.of("top_p above 1", ApiTestFixture.KEY, "{" + ok + ",\"top_p\":1.5}", 400, null, "top_p"),
                Arguments.of(
                        "max_tokens 0", ApiTestFixture.KEY, "{" + ok + ",\"max_tokens\":0}", 400, null, "max_tokens"),
                Arguments.of(
                        "max_tokens and max_completion_tokens differ",
                        ApiTestFixture.KEY,
                        "{" + ok + ",\"max_tokens\":5,\"max_completion_tokens\":6}",
                        400,
                        null,
                        "max_completion_tokens"),
                Arguments.of(
                        "five stop sequences",
                        ApiTestFixture.KEY,
                        "{" + ok + ",\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}",
                        400,
                        null,
                        "stop"),
                Arguments.of("seed not an integer", ApiTestFixture.KEY, "{" + ok + ",\"seed\":1.5}", 400, null, "seed"),
                Arguments.of(
                        "presence_penalty out of range",
                        ApiTestFixture.KEY,
                        "{" + ok + ",\"presence_penalty\":-3}",
                        400,
                        null,
                        "presence_penalty"),
                Arguments.of(
                        "legacy functions",
                        ApiTestFixture.KEY,
                        "{" + ok + ",\"functions\":[]}",
                        400,
                        null,
                        "functions"),
                Arguments.of(
                        "a tool result without its call id",
                        ApiTestFixture.KEY,
                        "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                                + "{\"role\":\"tool\",\"content\":\"42\"}]}",
                        400,
                        null,
                        "messages[1].tool_call_id"),
                Arguments.of(
                        "overlong content",
                        ApiTestFixture.KEY,
                        "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(32_001)
                                + "\"}]}",
                        400,
                        null,
                        "messages[0].content"),
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
    void should_refuse_a_body_not_declared_as_json_with_415_in_openai_shape() {
        for (String path : List.of("/v1/chat/completions", "/v1/embeddings", "/v1/chat/completions/t1/feedback")) {
            for (String contentType : List.of("text/plain", "application/x-www-form-urlencoded")) {
                var response = await(http.post(fixture.server.port(), "127.0.0.1", path)
                        .putHeader("Content-Type", contentType)
                        .putHeader("Authorization", "Bearer " + ApiTestFixture.KEY)
                        .sendBuffer(Buffer.buffer("{\"model\":\"demo\",\"messages\":[]}")));

                assertThat(response.statusCode()).as(path + " " + contentType).isEqualTo(415);
                assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message"))
                        .contains("application/json");
            }
        }
        var noKey = await(http.post(fixture.server.port(), "127.0.0.1", "/v1/chat/completions")
                .putHeader("Content-Type", "text/plain")
                .sendBuffer(Buffer.buffer("{}")));
        assertThat(noKey.statusCode()).isEqualTo(401);
    }

    private static HttpResponse<Buffer> preflight(String origin, String method, String headers) {
        var request = http.request(HttpMethod.OPTIONS, fixture.server.port(), "127.0.0.1", "/v1/chat/completions")
                .putHeader("Origin", origin)
                .putHeader("Access-Control-Request-Method", method);
        if (headers != null) {
            request.putHeader("Access-Control-Request-Headers", headers);
        }
        return await(request.send());
    }

    @Test
    void should_answer_a_cors_preflight_for_an_origin_some_key_allows_and_refuse_others() {
        // when
        var allowed = preflight(ApiTestFixture.CORS_ORIGIN, "POST", "authorization, content-type");
        var otherOrigin = preflight("https://evil.example", "POST", "authorization, content-type");
        var otherMethod = preflight(ApiTestFixture.CORS_ORIGIN, "DELETE", null);
        var otherHeader = preflight(ApiTestFixture.CORS_ORIGIN, "POST", "x-secret");

        // then
        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(allowed.getHeader("Access-Control-Allow-Origin")).isEqualTo(ApiTestFixture.CORS_ORIGIN);
        assertThat(allowed.getHeader("Access-Control-Allow-Methods")).contains("POST");
        assertThat(allowed.getHeader("Access-Control-Allow-Headers")).contains("authorization", "content-type");
        assertThat(allowed.getHeader("Access-Control-Max-Age")).isNotBlank();
        assertThat(allowed.getHeader("Vary")).contains("Origin");
        for (var refused : List.of(otherOrigin, otherMethod, otherHeader)) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.getHeader("Access-Control-Allow-Origin")).isNull();
            assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("message"))
                    .isNotBlank();
        }
    }

    @Test
    void should_let_a_page_call_only_with_a_key_that_allows_its_origin() {
        // given
        String body = "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        // when
        var allowed = await(http.post(fixture.server.port(), "127.0.0.1", "/v1/chat/completions")
                .putHeader("Content-Type", "application/json")
                .putHeader("Authorization", "Bearer " + ApiTestFixture.KEY)
                .putHeader("Origin", ApiTestFixture.CORS_ORIGIN)
                .sendBuffer(Buffer.buffer(body)));
        var otherKey = await(http.post(fixture.server.port(), "127.0.0.1", "/v1/chat/completions")
                .putHeader("Content-Type", "application/json")
                .putHeader("Authorization", "Bearer " + ApiTestFixture.SECOND_KEY)
                .putHeader("Origin", ApiTestFixture.CORS_ORIGIN)
                .sendBuffer(Buffer.buffer(body)));
        var noOrigin = post(ApiTestFixture.SECOND_KEY, body);

        // then
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.getHeader("Access-Control-Allow-Origin")).isEqualTo(ApiTestFixture.CORS_ORIGIN);
        assertThat(allowed.getHeader("Access-Control-Expose-Headers")).contains("X-Conversation-Id");
        assertThat(otherKey.statusCode()).isEqualTo(403);
        assertThat(otherKey.getHeader("Access-Control-Allow-Origin")).isNull();
        assertThat(otherKey.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo("origin_not_allowed");
        assertThat(noOrigin.statusCode()).as("servers and SDKs send no Origin").isEqualTo(200);
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
