package io.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeOpenAiServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static FakeOpenAiServer server;

    @BeforeAll
    static void start() {
        server = FakeOpenAiServer.create().expectApiKey("sk-test").start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
    }

    @Test
    void should_echo_the_last_user_message_with_usage_when_not_streaming() throws Exception {
        HttpResponse<String> response = post(chatBody(false, false), "sk-test");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject completion = new JsonObject(response.body());
        assertThat(completion.getString("object")).isEqualTo("chat.completion");
        assertThat(completion.getString("id")).startsWith("chatcmpl-");
        JsonObject choice = completion.getJsonArray("choices").getJsonObject(0);
        assertThat(choice.getJsonObject("message").getString("content")).isEqualTo("echo: how are you (3 messages)");
        assertThat(choice.getString("finish_reason")).isEqualTo("stop");
        JsonObject usage = completion.getJsonObject("usage");
        assertThat(usage.getInteger("prompt_tokens")).isPositive();
        assertThat(usage.getInteger("completion_tokens")).isEqualTo(6);
        assertThat(usage.getInteger("total_tokens"))
                .isEqualTo(usage.getInteger("prompt_tokens") + usage.getInteger("completion_tokens"));
    }

    @Test
    void should_stream_role_then_content_then_finish_then_usage_then_done() throws Exception {
        server.enqueue(ModelBehaviour.reply("Hello there, 你好"));

        HttpResponse<String> response = post(chatBody(true, true), "sk-test");

        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        List<String> events = events(response.body());
        assertThat(events.getLast()).isEqualTo("[DONE]");
        List<JsonObject> chunks = events.subList(0, events.size() - 1).stream()
                .map(JsonObject::new)
                .toList();
        assertThat(chunks)
                .extracting(c -> c.getString("id"))
                .containsOnly(chunks.getFirst().getString("id"));
        assertThat(chunks)
                .extracting(c -> c.getLong("created"))
                .containsOnly(chunks.getFirst().getLong("created"));
        assertThat(chunks).extracting(c -> c.getString("object")).containsOnly("chat.completion.chunk");
        assertThat(delta(chunks.getFirst()).getString("role")).isEqualTo("assistant");
        String text = chunks.stream()
                .filter(c -> !c.getJsonArray("choices").isEmpty())
                .map(c -> delta(c).getString("content", ""))
                .collect(Collectors.joining());
        assertThat(text).isEqualTo("Hello there, 你好");
        assertThat(chunks.size()).isGreaterThan(4);
        JsonObject finish = chunks.get(chunks.size() - 2);
        assertThat(finish.getJsonArray("choices").getJsonObject(0).getString("finish_reason"))
                .isEqualTo("stop");
        JsonObject usage = chunks.getLast();
        assertThat(usage.getJsonArray("choices")).isEmpty();
        assertThat(usage.getJsonObject("usage").getInteger("completion_tokens")).isEqualTo(4);
    }

    @Test
    void should_send_no_usage_chunk_unless_asked() throws Exception {
        List<String> events = events(post(chatBody(true, false), "sk-test").body());

        assertThat(events.getLast()).isEqualTo("[DONE]");
        assertThat(events.subList(0, events.size() - 1))
                .map(JsonObject::new)
                .allSatisfy(c -> assertThat(c.getJsonArray("choices")).hasSize(1))
                .allSatisfy(c -> assertThat(c.containsKey("usage")).isFalse());
    }

    @Test
    void should_reject_a_wrong_key_with_an_openai_error() throws Exception {
        HttpResponse<String> response = post(chatBody(false, false), "sk-wrong");

        assertThat(response.statusCode()).isEqualTo(401);
        JsonObject error = new JsonObject(response.body()).getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("invalid_api_key");
        assertThat(error.getString("message")).isNotBlank();
    }

    @Test
    void should_play_scripted_failures_once_each_then_fall_back_to_echo() throws Exception {
        server.enqueue(ModelBehaviour.fail(429, "Rate limit reached"), ModelBehaviour.fail(500, "boom"));

        HttpResponse<String> first = post(chatBody(false, false), "sk-test");
        HttpResponse<String> second = post(chatBody(false, false), "sk-test");
        HttpResponse<String> third = post(chatBody(false, false), "sk-test");

        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(new JsonObject(first.body()).getJsonObject("error").getString("message"))
                .isEqualTo("Rate limit reached");
        assertThat(second.statusCode()).isEqualTo(500);
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void should_close_the_connection_after_the_scripted_number_of_chunks() throws Exception {
        server.enqueue(ModelBehaviour.dropAfterChunks(2));
        HttpResponse<InputStream> response = HTTP.send(request(chatBody(true, true), "sk-test"), ofInputStream());

        List<String> lines = new ArrayList<>();
        assertThatThrownBy(() -> {
                    try (BufferedReader reader =
                            new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                            lines.add(line);
                        }
                    }
                })
                .isInstanceOf(IOException.class);
        List<String> data = lines.stream().filter(l -> l.startsWith("data: ")).toList();
        assertThat(data).hasSize(3).noneMatch(l -> l.contains("[DONE]"));
    }

    @Test
    void should_hold_the_first_token_but_not_the_headers_when_slow() throws Exception {
        server.enqueue(ModelBehaviour.slowFirstToken(Duration.ofMillis(300)));
        long start = System.nanoTime();

        HttpResponse<InputStream> response = HTTP.send(request(chatBody(true, false), "sk-test"), ofInputStream());
        long headersAfter = System.nanoTime() - start;
        String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        long bodyAfter = System.nanoTime() - start;

        assertThat(Duration.ofNanos(headersAfter)).isLessThan(Duration.ofMillis(300));
        assertThat(Duration.ofNanos(bodyAfter)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
        assertThat(body).contains("echo: ").endsWith("data: [DONE]\n\n");
    }

    @Test
    void should_record_method_path_headers_and_body() throws Exception {
        post(chatBody(false, false), "sk-test");

        RecordedRequest recorded = server.requests().getFirst();
        assertThat(recorded.method()).isEqualTo("POST");
        assertThat(recorded.path()).isEqualTo("/v1/chat/completions");
        assertThat(recorded.header("Authorization")).isEqualTo("Bearer sk-test");
        assertThat(recorded.body().getString("model")).isEqualTo("gpt-test");
    }

    @Test
    void should_list_models_and_reject_bad_requests_with_4xx() throws Exception {
        HttpResponse<String> models = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/models"))
                        .header("Authorization", "Bearer sk-test")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> noMessages = post(new JsonObject().put("model", "m"), "sk-test");
        HttpResponse<String> notJson = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                        .header("Authorization", "Bearer sk-test")
                        .POST(HttpRequest.BodyPublishers.ofString("{not json"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(new JsonObject(models.body())
                        .getJsonArray("data")
                        .getJsonObject(0)
                        .getString("id"))
                .isEqualTo(FakeOpenAiServer.MODEL_ID);
        assertThat(noMessages.statusCode()).isEqualTo(400);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(notJson.body()).getJsonObject("error").getString("message"))
                .contains("JSON");
    }

    static JsonObject chatBody(boolean stream, boolean includeUsage) {
        JsonObject body = new JsonObject()
                .put("model", "gpt-test")
                .put(
                        "messages",
                        new JsonArray()
                                .add(new JsonObject().put("role", "system").put("content", "be brief"))
                                .add(new JsonObject().put("role", "assistant").put("content", "hi"))
                                .add(new JsonObject().put("role", "user").put("content", "how are you")));
        if (stream) {
            body.put("stream", true);
        }
        if (includeUsage) {
            body.put("stream_options", new JsonObject().put("include_usage", true));
        }
        return body;
    }

    private static HttpRequest request(JsonObject body, String key) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                .build();
    }

    private static HttpResponse<String> post(JsonObject body, String key) throws Exception {
        return HTTP.send(request(body, key), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse.BodyHandler<InputStream> ofInputStream() {
        return HttpResponse.BodyHandlers.ofInputStream();
    }

    private static List<String> events(String body) {
        return body.lines()
                .filter(l -> l.startsWith("data: "))
                .map(l -> l.substring("data: ".length()))
                .toList();
    }

    private static JsonObject delta(JsonObject chunk) {
        return chunk.getJsonArray("choices").getJsonObject(0).getJsonObject("delta");
    }
}
