package io.switchboard.runtime.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.runtime.knowledge.Citation;
import io.switchboard.runtime.net.NetPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BuiltinToolsTest {
    private static Vertx vertx;
    private static HttpServer server;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .requestHandler(request -> {
                    switch (request.path()) {
                        case "/page" ->
                            request.response()
                                    .putHeader("content-type", "text/html; charset=utf-8")
                                    .end("<html><head><title>t</title><script>alert('x')</script></head><body>"
                                            + "<h1>Opening hours</h1><p>Mon&nbsp;&amp; Tue: 9-17</p></body></html>");
                        case "/hop" ->
                            request.response()
                                    .setStatusCode(302)
                                    .putHeader("location", "/page")
                                    .end();
                        default -> request.response().setStatusCode(404).end();
                    }
                })
                .listen(0, "127.0.0.1")
                .await();
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    @Test
    void should_tell_the_time_in_the_requested_zone() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-05T23:30:00Z"), ZoneOffset.UTC);
        String result = BuiltinTools.dateTime(clock).execute("{\"timezone\":\"Asia/Shanghai\"}");
        assertThat(result).contains("\"date\":\"2026-01-06\"", "\"weekday\":\"Tuesday\"", "+08:00");
        assertThatThrownBy(() -> BuiltinTools.dateTime(clock).execute("{\"timezone\":\"Mars/Base\"}"))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("unknown time zone");
    }

    @Test
    void should_evaluate_arithmetic_with_precedence_and_functions() {
        Tool calculator = BuiltinTools.calculator();
        assertThat(calculator.execute("{\"expression\":\"(3 + 4) * 2 ^ 3\"}")).isEqualTo("56");
        assertThat(calculator.execute("{\"expression\":\"-2^2 + sqrt(16) / 8\"}"))
                .isEqualTo("-3.5");
        assertThat(calculator.execute("{\"expression\":\"max(1, 7, 3) % 4 + round(2.5)\"}"))
                .isEqualTo("5");
        assertThat(calculator.execute("{\"expression\":\"1/3\"}")).isEqualTo("0.333333333333");
    }

    @Test
    void should_refuse_anything_but_arithmetic() {
        Tool calculator = BuiltinTools.calculator();
        assertThatThrownBy(() -> calculator.execute("{\"expression\":\"java.lang.System.exit(1)\"}"))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("expected '('");
        assertThatThrownBy(() -> calculator.execute("{\"expression\":\"1/0\"}"))
                .hasMessageContaining("not a finite number");
        assertThatThrownBy(() -> calculator.execute("{\"expression\":\"2 +\"}")).hasMessageContaining("ends too early");
        assertThatThrownBy(() ->
                        calculator.execute("{\"expression\":\"" + "(".repeat(300) + "1" + ")".repeat(300) + "\"}"))
                .hasMessageContaining("nesting");
        assertThatThrownBy(() -> calculator.execute("not json")).hasMessageContaining("not valid JSON");
    }

    @Test
    void should_read_a_page_as_text_following_redirects() {
        Tool reader = BuiltinTools.webPage(OutboundHttp.create(
                NetPolicy.builder().allowlist(List.of("127.0.0.1")).build()));
        String text = reader.execute("{\"url\":\"" + url("/hop") + "\"}");
        assertThat(text).isEqualTo("Opening hours\n\nMon & Tue: 9-17");
    }

    @Test
    void should_refuse_private_addresses_and_other_schemes() {
        Tool reader = BuiltinTools.webPage(OutboundHttp.create(NetPolicy.DEFAULT));
        assertThatThrownBy(() -> reader.execute("{\"url\":\"" + url("/page") + "\"}"))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("resolves to 127.0.0.1");
        assertThatThrownBy(() -> reader.execute("{\"url\":\"file:///etc/passwd\"}"))
                .hasMessageContaining("only http and https");
        assertThatThrownBy(() -> reader.execute("{\"url\":\"http://169.254.169.254/latest/meta-data\"}"))
                .hasMessageContaining("resolves to 169.254.169.254");
    }

    @Test
    void should_list_knowledge_search_only_when_knowledge_exists() {
        OutboundHttp http = OutboundHttp.create(NetPolicy.DEFAULT);
        assertThat(BuiltinTools.create(Clock.systemUTC(), http, null)
                        .providers()
                        .get(0)
                        .tools())
                .extracting(t -> t.specification().name())
                .containsExactly("current_datetime", "calculator", "read_web_page");
        ToolSource withKnowledge = BuiltinTools.create(
                Clock.systemUTC(), http, (bases, query, limit) -> List.of(new Citation("faq.md", "Open 9-17", 0.9)));
        Tool search = ToolRegistry.create(List.of(withKnowledge))
                .find("builtin/knowledge_search")
                .orElseThrow();
        assertThat(search.execute("{\"query\":\"hours\"}")).isEqualTo("[faq.md]\nOpen 9-17");
    }
}
