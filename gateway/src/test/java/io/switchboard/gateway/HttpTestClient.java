package io.switchboard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Plain HTTP against a gateway node: JSON requests, JSON or SSE replies. */
public final class HttpTestClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;
    private String token;

    public HttpTestClient(String base) {
        this.base = base;
    }

    public record Reply(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }
    }

    /** One server-sent event. */
    public record Event(String name, JsonNode data) {}

    public HttpTestClient login(String username, String password) {
        Reply reply = send(
                "POST",
                "/admin/v1/auth/login",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        if (reply.status() != 200) {
            throw new AssertionError("login failed: " + reply);
        }
        token = reply.json().get("token").asText();
        return this;
    }

    /** Sends {@code token} as the bearer credential (an API key, or a JWT). */
    public HttpTestClient bearer(String token) {
        this.token = token;
        return this;
    }

    public Reply send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a request answered with {@code text/event-stream} and returns its events. */
    public List<Event> events(String path, String body) {
        Reply reply = send("POST", path, body);
        if (reply.status() != 200) {
            throw new AssertionError("expected an event stream, got " + reply);
        }
        List<Event> events = new ArrayList<>();
        String name = "message";
        for (String line : reply.body().split("\n")) {
            if (line.startsWith("event:")) {
                name = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                try {
                    events.add(new Event(name, JSON.readTree(line.substring(5).strip())));
                } catch (IOException e) {
                    throw new AssertionError("bad event data: " + line, e);
                }
                name = "message";
            }
        }
        return events;
    }
}
