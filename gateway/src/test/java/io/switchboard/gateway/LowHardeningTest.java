package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, Found 6: `Bearer a b` is 401, HEAD works on GET routes, TRACE/OPTIONS are 405 (OPTIONS is a CORS
 * preflight only on the developer API, answered from its keys' origins), data is 0700/0600.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LowHardeningTest {
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private Path dir;
    private Gateway gateway;

    @BeforeAll
    void start(@TempDir Path dir) {
        this.dir = dir;
        gateway = TestGateways.single(dir);
    }

    @AfterAll
    void stop() throws Exception {
        gateway.close();
    }

    @Test
    void should_refuse_a_bearer_header_with_two_words_with_401() throws Exception {
        HttpResponse<String> reply = send("GET", "/admin/v1/apps", "Bearer a b");
        assertThat(reply.statusCode()).isEqualTo(401);
    }

    @Test
    void should_answer_head_like_get_without_a_body_and_refuse_trace_and_options() throws Exception {
        HttpResponse<String> head = send("HEAD", "/health/live", null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(send("HEAD", "/openapi.yaml", null).statusCode()).isEqualTo(200);
        for (String method : List.of("TRACE", "OPTIONS")) {
            HttpResponse<String> refused = send(method, "/health/live", null);
            assertThat(refused.statusCode()).as(method).isEqualTo(405);
            assertThat(refused.headers().firstValue("Allow")).isPresent();
        }
    }

    @Test
    void should_keep_the_data_directory_to_this_user() throws Exception {
        Path data = dir.resolve("node-0");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
                .isEqualTo("rwx------");
        try (Stream<Path> files = Files.walk(data)) {
            assertThat(files.filter(Files::isRegularFile).toList())
                    .isNotEmpty()
                    .allSatisfy(file -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                            .as(file.toString())
                            .isEqualTo("rw-------"));
        }
    }

    @Test
    void should_answer_cors_preflights_of_the_developer_api_from_the_origins_its_keys_allow() throws Exception {
        HttpTestClient admin = new HttpTestClient("http://127.0.0.1:" + gateway.port())
                .login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
        HttpTestClient.Reply key = admin.send(
                "POST",
                "/admin/v1/apps/" + TestApps.APP + "/keys",
                "{\"name\":\"page\",\"allowedOrigins\":[\"https://page.example\"]}");
        assertThat(key.status()).as(key.body()).isEqualTo(201);
        String clearKey = key.json().get("key").asText();

        HttpResponse<String> allowed = preflight("/v1/chat/completions", "https://page.example");
        HttpResponse<String> other = preflight("/v1/chat/completions", "https://evil.example");
        HttpResponse<String> elsewhere = preflight("/health/live", "https://page.example");
        HttpResponse<String> models = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/models"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + clearKey)
                        .header("Origin", "https://page.example")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://page.example");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(elsewhere.statusCode())
                .as("no CORS outside the developer API")
                .isEqualTo(405);
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://page.example");

        // when the key no longer allows the page, the next preflight is refused (the cache is dropped)
        HttpTestClient.Reply cleared = admin.send(
                "PATCH",
                "/admin/v1/apps/" + TestApps.APP + "/keys/"
                        + key.json().get("id").asText(),
                "{\"allowedOrigins\":[]}");
        assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
        assertThat(preflight("/v1/chat/completions", "https://page.example").statusCode())
                .isEqualTo(403);
    }

    @Test
    void should_refuse_a_bearer_header_with_two_words_on_the_developer_api_with_401() throws Exception {
        HttpResponse<String> reply = send("GET", "/v1/models", "Bearer a b");
        assertThat(reply.statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> preflight(String path, String origin) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                        .timeout(Duration.ofSeconds(10))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", origin)
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "authorization, content-type")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
