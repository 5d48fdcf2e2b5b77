package io.switchboard.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.gateway.Gateway;
import io.switchboard.gateway.TestGateways;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The console as a browser loads it from a real gateway: redirects, deep links, cached hashed assets. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleRoutesTest {
    // The libraries' chunk: always preloaded by index.html and large enough to be sent gzipped.
    private static final Pattern SCRIPT = Pattern.compile("\"/console/assets/(framework-[^\"]+\\.js)\"");

    private Gateway gateway;
    private HttpClient http;
    private String base;

    @BeforeAll
    void start(@TempDir Path dir) {
        gateway = TestGateways.single(dir);
        base = "http://127.0.0.1:" + gateway.port();
        http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @AfterAll
    void stop() throws Exception {
        gateway.close();
    }

    @Test
    void should_redirect_the_root_and_the_old_admin_path_to_the_console() throws Exception {
        for (String path : new String[] {"/", "/admin", "/console"}) {
            HttpResponse<String> reply = get(path);
            assertThat(reply.statusCode()).as(path).isEqualTo(302);
            assertThat(reply.headers().firstValue("location")).as(path).hasValue("/console/");
        }
    }

    @Test
    void should_answer_deep_links_with_the_page_that_is_never_cached_stale() throws Exception {
        HttpResponse<String> page = get("/console/apps/switchboard-guide/versions");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("cache-control")).hasValue("no-cache");
        assertThat(page.headers().firstValue("content-security-policy"))
                .hasValueSatisfying(
                        csp -> assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'"));
        assertThat(page.body()).contains("<div id=\"root\"></div>");
        assertThat(get("/console/").body()).isEqualTo(page.body());
    }

    @Test
    void should_serve_hashed_assets_for_a_year_and_gzipped_when_accepted() throws Exception {
        Matcher script = SCRIPT.matcher(get("/console/").body());
        assertThat(script.find()).as("index.html preloads the framework chunk").isTrue();
        String path = "/console/assets/" + script.group(1);

        HttpResponse<String> plain = get(path);
        HttpResponse<byte[]> zipped = http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("accept-encoding", "gzip")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");
        assertThat(plain.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(zipped.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(zipped.body().length).isLessThan(plain.body().getBytes(StandardCharsets.UTF_8).length);
        assertThat(gunzip(zipped.body())).isEqualTo(plain.body());
    }

    @Test
    void should_answer_404_for_a_missing_asset_instead_of_the_page() throws Exception {
        for (String path : new String[] {
            "/console/assets/index-00000000.js", "/console/assets/..%2f..%2fopenapi.yaml", "/console/assets/"
        }) {
            HttpResponse<String> reply = get(path);
            assertThat(reply.statusCode()).as(path).isEqualTo(404);
            assertThat(reply.body()).as(path).contains("\"error\"");
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
