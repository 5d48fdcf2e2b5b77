package io.switchboard.channels.web;

import static io.switchboard.channels.testing.ChannelTestServer.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Junk to every web chat route: a 4xx with a JSON body naming the problem, never a 5xx. */
class WebChatBadInputTest {
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

    static Stream<Arguments> junk() {
        String messages = "/chat/demo/messages";
        return Stream.of(
                Arguments.of("malformed JSON", HttpMethod.POST, messages, "{\"text\":", 400, "not valid JSON"),
                Arguments.of("a JSON array", HttpMethod.POST, messages, "[\"hi\"]", 400, "JSON object"),
                Arguments.of("a JSON string", HttpMethod.POST, messages, "\"hi\"", 400, "JSON object"),
                Arguments.of("an empty body", HttpMethod.POST, messages, "", 400, "JSON object"),
                Arguments.of("no text", HttpMethod.POST, messages, "{}", 400, "text is required"),
                Arguments.of("text a number", HttpMethod.POST, messages, "{\"text\":42}", 400, "text must be a string"),
                Arguments.of(
                        "blank text",
                        HttpMethod.POST,
                        messages,
                        "{\"text\":\" \\n\\t \"}",
                        400,
                        "text must not be blank"),
                Arguments.of(
                        "control characters only",
                        HttpMethod.POST,
                        messages,
                        "{\"text\":\"\\u0011\\u0000\"}",
                        400,
                        "more than control characters"),
                Arguments.of(
                        "a lone surrogate",
                        HttpMethod.POST,
                        messages,
                        "{\"text\":\"hi \\ud800\"}",
                        400,
                        "lone surrogate"),
                Arguments.of(
                        "overlong text",
                        HttpMethod.POST,
                        messages,
                        "{\"text\":\"" + "é".repeat(8001) + "\"}",
                        400,
                        "at most 8000"),
                Arguments.of(
                        "conversation id with a slash",
                        HttpMethod.POST,
                        messages,
                        "{\"text\":\"hi\",\"conversationId\":\"a/b\"}",
                        400,
                        "conversationId"),
                Arguments.of(
                        "overlong conversation id",
                        HttpMethod.POST,
                        messages,
                        "{\"text\":\"hi\",\"conversationId\":\"" + "a".repeat(65) + "\"}",
                        400,
                        "conversationId"),
                Arguments.of(
                        "conversation id a number",
                        HttpMethod.POST,
                        messages,
                        "{\"text\":\"hi\",\"conversationId\":7}",
                        400,
                        "conversationId must be a string"),
                Arguments.of(
                        "user id with markup",
                        HttpMethod.POST,
                        messages,
                        "{\"text\":\"hi\",\"userId\":\"<b>\"}",
                        400,
                        "userId"),
                Arguments.of(
                        "oversized body",
                        HttpMethod.POST,
                        messages,
                        "{\"text\":\"" + "x".repeat(WebChatChannel.DEFAULT_BODY_LIMIT_BYTES) + "\"}",
                        413,
                        "larger than"),
                Arguments.of(
                        "message to an unknown app",
                        HttpMethod.POST,
                        "/chat/nope/messages",
                        "{\"text\":\"hi\"}",
                        404,
                        "unknown app"),
                Arguments.of(
                        "message to a malformed app id",
                        HttpMethod.POST,
                        "/chat/%3Cx%3E/messages",
                        "{\"text\":\"hi\"}",
                        404,
                        "unknown app"),
                Arguments.of(
                        "profile of an unknown app", HttpMethod.GET, "/chat/nope/profile", null, 404, "unknown app"),
                Arguments.of(
                        "page of an unknown app for a script", HttpMethod.GET, "/chat/nope", null, 404, "unknown app"),
                Arguments.of(
                        "unknown asset", HttpMethod.GET, "/chat/assets/..%2Fchat.html", null, 404, "no such asset"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("junk")
    void should_reject_junk_with_a_json_problem(
            String what, HttpMethod method, String path, String body, int status, String problem) {
        // given
        var request = http.request(method, fixture.server.port(), "127.0.0.1", path)
                .putHeader("Accept", "application/json")
                .putHeader("Content-Type", "application/json");
        int turnsBefore = fixture.turns.received().size();

        // when
        var response = await(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)));

        // then
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.getHeader("Content-Type")).startsWith("application/json");
        JsonObject json = response.bodyAsJsonObject();
        assertThat(json.getString("message")).contains(problem);
        assertThat(json.getString("error")).isNotBlank();
        assertThat(fixture.turns.received()).hasSize(turnsBefore);
    }

    static Stream<Arguments> notJson() {
        return Stream.of(
                Arguments.of("/chat/demo/messages", "text/plain"),
                Arguments.of("/chat/demo/messages", "application/x-www-form-urlencoded"),
                Arguments.of("/chat/demo/messages", "multipart/form-data; boundary=x"),
                Arguments.of("/chat/demo/messages", null),
                Arguments.of("/chat/demo/feedback", "text/plain"));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("notJson")
    void should_refuse_a_body_not_declared_as_json_with_415_so_no_cross_site_form_can_post(
            String path, String contentType) {
        // given: what a cross-site form or a no-preflight fetch can send
        var request = http.request(HttpMethod.POST, fixture.server.port(), "127.0.0.1", path);
        if (contentType != null) {
            request.putHeader("Content-Type", contentType);
        }
        int turnsBefore = fixture.turns.received().size();

        // when
        var response = await(request.sendBuffer(Buffer.buffer("{\"text\":\"hi\",\"turnId\":\"t\",\"rating\":\"up\"}")));

        // then
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.getHeader("Content-Type")).startsWith("application/json");
        assertThat(response.bodyAsJsonObject().getString("message")).contains("application/json");
        assertThat(fixture.turns.received()).hasSize(turnsBefore);
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"})
    void should_take_json_with_any_parameters_and_case(String contentType) {
        var response = await(http.request(HttpMethod.POST, fixture.server.port(), "127.0.0.1", "/chat/demo/messages")
                .putHeader("Content-Type", contentType)
                .sendBuffer(Buffer.buffer("{\"text\":\"hi\"}")));

        assertThat(response.statusCode()).isEqualTo(200);
    }
}
