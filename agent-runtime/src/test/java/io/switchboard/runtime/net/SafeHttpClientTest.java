package io.switchboard.runtime.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.testkit.HttpServerStyleModel;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SafeHttpClientTest {
    private final LoopbackSite site = new LoopbackSite();
    private final NetPolicy loopbackAllowed =
            NetPolicy.builder().allowlist(List.of("127.0.0.1/32")).build();

    @AfterEach
    void stop() {
        site.close();
    }

    @Test
    void should_fetch_an_allowlisted_loopback_site() {
        site.page("/hello", "text/plain; charset=utf-8", "你好 hello");

        HttpResult result = SafeHttpClient.create(loopbackAllowed).get(site.uri("/hello"));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.mediaType()).isEqualTo("text/plain");
        assertThat(result.text()).isEqualTo("你好 hello");
    }

    /**
     * Tools served by Python's plain http.server, which reads a request's head and body apart and delays
     * its ACKs: a request written in two pieces without TCP_NODELAY could wait ~40 ms for its body there
     * (Nagle; see HttpServerStyleModelTest). Written at once, each request arrives in one read.
     */
    @Test
    void should_send_each_request_in_one_piece() {
        try (HttpServerStyleModel server = HttpServerStyleModel.start()) {
            SafeHttpClient client = SafeHttpClient.create(loopbackAllowed);
            byte[] body = "{\"model\":\"fake-model\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 20; i++) {
                HttpResult result = client.send(new HttpCall(
                        "POST",
                        URI.create(server.baseUrl() + "/chat/completions"),
                        Map.of("Content-Type", "application/json"),
                        body));
                assertThat(result.status()).isEqualTo(200);
            }
            assertThat(server.requests())
                    .hasSize(20)
                    .allSatisfy(arrival -> assertThat(arrival.reads())
                            .as("reads for one request")
                            .isEqualTo(1));
        }
    }

    @Test
    void should_refuse_loopback_when_not_allowlisted() {
        site.page("/hello", "text/plain", "hi");

        assertThatThrownBy(() -> SafeHttpClient.create(NetPolicy.DEFAULT).get(site.uri("/hello")))
                .isInstanceOfSatisfying(
                        FetchException.class, e -> assertThat(e.blocked()).isTrue())
                .hasMessageContaining("loopback");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://example.com/x", "gopher://example.com/", "jar:file:/x!/y"})
    void should_refuse_schemes_other_than_http(String url) {
        assertThatThrownBy(() -> SafeHttpClient.create(NetPolicy.DEFAULT).check(URI.create(url)))
                .isInstanceOfSatisfying(
                        FetchException.class, e -> assertThat(e.blocked()).isTrue())
                .hasMessageContaining("only http and https");
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "http://127.0.0.1/|loopback",
                "http://127.9.8.7:8080/|loopback",
                "http://[::1]/|loopback",
                "http://10.1.2.3/|private",
                "http://172.16.0.1/|private",
                "http://172.31.255.254/|private",
                "http://192.168.1.1/|private",
                "http://169.254.169.254/latest/meta-data/|metadata",
                "http://100.100.100.200/|metadata",
                "http://[fd00:ec2::254]/|metadata",
                "http://169.254.10.10/|link-local",
                "http://100.64.0.1/|carrier-grade NAT",
                "http://0.0.0.0/|unspecified",
                "http://[::]/|unspecified",
                "http://224.0.0.1/|multicast",
                "http://[ff02::1]/|multicast",
                "http://255.255.255.255/|broadcast",
                "http://[fc00::1]/|unique local",
                "http://[fd12:3456::1]/|unique local",
                "http://[fe80::1]/|link-local",
                "http://[::ffff:127.0.0.1]/|loopback",
                "http://[::ffff:a00:1]/|private",
                "http://[::127.0.0.1]/|loopback",
                "http://[64:ff9b::a9fe:a9fe]/|metadata",
                "http://[2002:c0a8:101::1]/|private",
            })
    void should_refuse_every_internal_address_class(String url, String reason) {
        assertThatThrownBy(() -> SafeHttpClient.create(NetPolicy.DEFAULT).check(URI.create(url)))
                .isInstanceOfSatisfying(
                        FetchException.class, e -> assertThat(e.blocked()).isTrue())
                .hasMessageContaining(reason);
    }

    @Test
    void should_refuse_localhost_by_name() {
        assertThatThrownBy(() -> SafeHttpClient.create(NetPolicy.DEFAULT).check(URI.create("http://localhost:9/")))
                .isInstanceOfSatisfying(
                        FetchException.class, e -> assertThat(e.blocked()).isTrue())
                .hasMessageContaining("loopback");
    }

    @Test
    void should_refuse_a_name_when_any_of_its_addresses_is_internal() throws Exception {
        InetAddress[] answer = {InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.7")};
        SafeHttpClient client = SafeHttpClient.create(NetPolicy.DEFAULT, host -> answer);

        assertThatThrownBy(() -> client.check(URI.create("http://mixed.example/")))
                .isInstanceOfSatisfying(
                        FetchException.class, e -> assertThat(e.blocked()).isTrue())
                .hasMessageContaining("10.0.0.7")
                .hasMessageContaining("private");
    }

    @Test
    void should_keep_metadata_closed_under_a_broad_allowlist_and_open_it_only_when_named() {
        SafeHttpClient broad = SafeHttpClient.create(
                NetPolicy.builder().allowlist(List.of("169.254.0.0/16")).build());
        SafeHttpClient exact = SafeHttpClient.create(
                NetPolicy.builder().allowlist(List.of("169.254.169.254")).build());

        assertThatThrownBy(() -> broad.check(URI.create("http://169.254.169.254/")))
                .hasMessageContaining("metadata");
        exact.check(URI.create("http://169.254.169.254/"));
        broad.check(URI.create("http://169.254.1.1/"));
    }

    @Test
    void should_refuse_user_info_in_urls() {
        assertThatThrownBy(() -> SafeHttpClient.create(loopbackAllowed)
                        .check(site.uri("/").resolve("//u:p@127.0.0.1/")))
                .isInstanceOfSatisfying(
                        FetchException.class, e -> assertThat(e.blocked()).isTrue());
    }

    @Test
    void should_check_every_redirect_target_again() {
        site.redirect("/to-private", "http://10.0.0.1/admin");
        site.redirect("/to-other-loopback", "http://127.0.0.2:" + site.port() + "/x");
        SafeHttpClient client = SafeHttpClient.create(loopbackAllowed);

        assertThatThrownBy(() -> client.get(site.uri("/to-private")))
                .isInstanceOfSatisfying(
                        FetchException.class, e -> assertThat(e.blocked()).isTrue())
                .hasMessageContaining("10.0.0.1");
        assertThatThrownBy(() -> client.get(site.uri("/to-other-loopback")))
                .isInstanceOfSatisfying(
                        FetchException.class, e -> assertThat(e.blocked()).isTrue())
                .hasMessageContaining("127.0.0.2");
    }

    @Test
    void should_follow_allowed_redirects_and_report_the_final_uri() {
        site.redirect("/old", "/new").page("/new", "text/html", "<p>moved</p>");

        HttpResult result = SafeHttpClient.create(loopbackAllowed).get(site.uri("/old"));

        assertThat(result.finalUri()).isEqualTo(site.uri("/new"));
        assertThat(result.text()).isEqualTo("<p>moved</p>");
    }

    @Test
    void should_cap_the_number_of_redirects() {
        site.redirect("/loop", "/loop");

        assertThatThrownBy(() -> SafeHttpClient.create(loopbackAllowed).get(site.uri("/loop")))
                .isInstanceOfSatisfying(
                        FetchException.class,
                        e -> assertThat(e.kind()).isEqualTo(FetchException.Kind.TOO_MANY_REDIRECTS));
    }

    @Test
    void should_cap_the_response_size_with_and_without_a_content_length() {
        String big = "x".repeat(5_000);
        site.page("/sized", "text/plain", big);
        site.handle("/chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0); // 0 = chunked
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 10; i++) {
                    out.write(big.getBytes());
                }
            } catch (IOException closedByClient) {
                // expected: the client stops reading at the cap
            }
        });
        SafeHttpClient client = SafeHttpClient.create(
                loopbackAllowed.toBuilder().maxResponseBytes(1_000).build());

        for (String path : List.of("/sized", "/chunked")) {
            assertThatThrownBy(() -> client.get(site.uri(path)))
                    .isInstanceOfSatisfying(
                            FetchException.class, e -> assertThat(e.kind()).isEqualTo(FetchException.Kind.TOO_LARGE));
        }
    }

    @Test
    void should_give_up_on_a_server_that_does_not_answer_in_time() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        site.handle("/stall", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        SafeHttpClient client = SafeHttpClient.create(loopbackAllowed.toBuilder()
                .maxResponseBytes(1_000_000)
                .connectTimeout(Duration.ofSeconds(1))
                .totalTimeout(Duration.ofMillis(300))
                .build());
        try {
            assertThatThrownBy(() -> client.get(site.uri("/stall")))
                    .isInstanceOfSatisfying(
                            FetchException.class, e -> assertThat(e.kind()).isEqualTo(FetchException.Kind.TIMEOUT));
        } finally {
            release.countDown();
        }
    }

    @Test
    void should_connect_to_the_address_it_checked_without_resolving_again() throws Exception {
        site.page("/rebind", "text/plain", "checked address");
        AtomicInteger lookups = new AtomicInteger();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InetAddress internal = InetAddress.getByName("10.0.0.1");
        // A rebinding DNS server: harmless answer first, internal address on any later lookup.
        SafeHttpClient client = SafeHttpClient.create(
                loopbackAllowed, host -> new InetAddress[] {lookups.getAndIncrement() == 0 ? loopback : internal});

        HttpResult result = client.get(URI.create("http://rebind.example:" + site.port() + "/rebind"));

        assertThat(result.text()).isEqualTo("checked address");
        assertThat(lookups).hasValue(1);
    }

    @Test
    void should_honour_robots_txt() {
        site.page("/robots.txt", "text/plain", """
                User-agent: otherbot
                Disallow: /

                User-agent: *
                Disallow: /private
                Allow: /private/open
                Disallow: /*.pdf$
                """);
        SafeHttpClient client = SafeHttpClient.create(loopbackAllowed);

        assertThat(client.allowedByRobots(site.uri("/docs/a.html"))).isTrue();
        assertThat(client.allowedByRobots(site.uri("/private/secret"))).isFalse();
        assertThat(client.allowedByRobots(site.uri("/private/open/page"))).isTrue();
        assertThat(client.allowedByRobots(site.uri("/files/manual.pdf"))).isFalse();
        assertThat(client.allowedByRobots(site.uri("/files/manual.pdf.html"))).isTrue();
    }

    @Test
    void should_follow_the_group_naming_its_own_agent_and_allow_all_without_robots_txt() {
        site.page(
                "/robots.txt",
                "text/plain",
                "User-agent: SwitchboardBot\nDisallow: /no-bots\n\nUser-agent: *\nDisallow: /\n");
        SafeHttpClient client = SafeHttpClient.create(loopbackAllowed);
        LoopbackSite bare = new LoopbackSite();
        try {
            assertThat(client.allowedByRobots(site.uri("/page"))).isTrue();
            assertThat(client.allowedByRobots(site.uri("/no-bots/x"))).isFalse();
            assertThat(client.allowedByRobots(bare.uri("/anything"))).isTrue();
        } finally {
            bare.close();
        }
    }

    @Test
    void should_refuse_bad_allowlist_entries_with_a_message() {
        assertThatThrownBy(() ->
                        NetPolicy.builder().allowlist(List.of("intranet.local")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a host name");
        assertThatThrownBy(() ->
                        NetPolicy.builder().allowlist(List.of("10.0.0.0/33")).build())
                .hasMessageContaining("prefix");
    }

    @Test
    void should_send_method_headers_and_body() {
        site.handle("/echo", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes());
            LoopbackSite.send(
                    exchange,
                    201,
                    "text/plain",
                    exchange.getRequestMethod() + " "
                            + exchange.getRequestHeaders().getFirst("X-Token") + " " + body);
        });

        HttpResult result = SafeHttpClient.create(loopbackAllowed)
                .send(new HttpCall("POST", site.uri("/echo"), Map.of("X-Token", "t1"), "payload".getBytes()));

        assertThat(result.status()).isEqualTo(201);
        assertThat(result.text()).isEqualTo("POST t1 payload");
    }
}
