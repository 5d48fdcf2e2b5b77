package io.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FakeOllamaServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static FakeOllamaServer server;

    @BeforeAll
    static void start() {
        server = FakeOllamaServer.create().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void should_stream_ndjson_ending_with_done_and_counts_by_default() throws Exception {
        server.enqueue(ModelBehaviour.reply("one two three"));

        HttpResponse<String> response = post(body(null));

        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        List<JsonObject> lines = response.body().lines().map(JsonObject::new).toList();
        assertThat(lines.subList(0, lines.size() - 1))
                .allSatisfy(l -> assertThat(l.getBoolean("done")).isFalse());
        assertThat(lines.stream()
                        .map(l -> l.getJsonObject("message").getString("content"))
                        .collect(Collectors.joining()))
                .isEqualTo("one two three");
        JsonObject last = lines.getLast();
        assertThat(last.getBoolean("done")).isTrue();
        assertThat(last.getInteger("eval_count")).isEqualTo(3);
        assertThat(last.getInteger("prompt_eval_count")).isPositive();
    }

    @Test
    void should_answer_in_one_object_when_stream_is_false() throws Exception {
        HttpResponse<String> response = post(body(false));

        JsonObject answer = new JsonObject(response.body());
        assertThat(answer.getBoolean("done")).isTrue();
        assertThat(answer.getJsonObject("message").getString("content")).isEqualTo("echo: hi (1 messages)");
        assertThat(answer.getInteger("eval_count")).isEqualTo(4);
    }

    @Test
    void should_fail_with_an_ollama_error_body() throws Exception {
        server.enqueue(ModelBehaviour.fail(404, "model 'x' not found"));

        HttpResponse<String> response = post(body(false));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("model 'x' not found");
    }

    private static JsonObject body(Boolean stream) {
        JsonObject body = new JsonObject()
                .put("model", "qwen")
                .put(
                        "messages",
                        new JsonArray().add(new JsonObject().put("role", "user").put("content", "hi")));
        if (stream != null) {
            body.put("stream", stream);
        }
        return body;
    }

    private static HttpResponse<String> post(JsonObject body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/chat"))
                        .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
