package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.config.LoginConfig;
import io.switchboard.testkit.login.FakeOidcProvider;
import io.switchboard.testkit.sms.FakeTencentSms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's login page in real headless Chromium ({@code console/e2e/login.spec.ts}, Playwright)
 * against a gateway whose {@code login} section offers SMS codes through the fake Tencent Cloud SMS and
 * single sign-on through the fake OIDC provider: a wrong and a right password, a phone number with a
 * wrong and the right SMS code, the SSO button's round trip, and the TOTP second step. The spec reads the
 * SMS code the fake received from a small loopback inbox this test serves.
 */
class LoginBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CONSOLE = Path.of("../console").toAbsolutePath().normalize();
    private static final Path RUNNER = CONSOLE.resolve("node_modules/@playwright/test/cli.js");
    private static final String PHONE = "+8613512345678";

    @Test
    void should_sign_in_by_password_sms_code_single_sign_on_and_totp_in_the_browser(@TempDir Path dir)
            throws Exception {
        boolean ci = System.getenv("CI") != null;
        if (!ci) {
            assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed");
            assumeTrue(Files.exists(RUNNER), "the console's npm packages are not installed (build the console module)");
        }
        assertThat(CHROMIUM).as("CI must have /usr/bin/chromium").isExecutable();
        assertThat(RUNNER).as("the console module installs @playwright/test").exists();

        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        try (FakeTencentSms tencent = FakeTencentSms.start("AKID-ui", "ui-secret", "1400000042");
                FakeOidcProvider oidc = FakeOidcProvider.start("switchboard", "oidc-secret")) {
            oidc.nextUser("sso-ada", "Ada");
            LoginConfig login = new LoginConfig(
                    new LoginConfig.Sms(
                            "tencent",
                            null,
                            null,
                            null,
                            null,
                            null,
                            new LoginConfig.Tencent(
                                    "AKID-ui",
                                    "ui-secret",
                                    "1400000042",
                                    "Switchboard",
                                    "400001",
                                    null,
                                    tencent.endpoint())),
                    List.of(new LoginConfig.Oidc(
                            "keycloak", "Company SSO", oidc.issuer(), "switchboard", "oidc-secret", null)),
                    null,
                    null,
                    "127.0.0.1");
            TestGateways.Cluster cluster = TestGateways.Cluster.create(dir);
            HttpServer inbox = smsInbox(tencent);
            try (Gateway gateway = Gateway.start(TestGateways.config(dir, cluster, 0)
                    .http(new GatewayConfig.Http("127.0.0.1", port, base, 1))
                    .login(login)
                    .build())) {
                HttpTestClient admin = new HttpTestClient(base).login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
                link(admin, "phone", PHONE);
                link(admin, "oidc:keycloak", "sso-ada");

                Path log = CONSOLE.resolve("target/login-e2e.log");
                Files.createDirectories(log.getParent());
                ProcessBuilder playwright = new ProcessBuilder(
                                "node", RUNNER.toString(), "test", "-c", "e2e/playwright.config.ts", "--project=login")
                        .directory(CONSOLE.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                playwright.environment().put("SWITCHBOARD_URL", base);
                playwright.environment().put("SWITCHBOARD_ADMIN_PASSWORD", TestGateways.ADMIN_PASSWORD);
                playwright.environment().put("LOGIN_PHONE", PHONE);
                playwright
                        .environment()
                        .put(
                                "SMS_INBOX_URL",
                                "http://127.0.0.1:" + inbox.getAddress().getPort());
                playwright.environment().put("OIDC_DISPLAY_NAME", "Company SSO");
                playwright
                        .environment()
                        .put(
                                "PLAYWRIGHT_BROWSERS_PATH",
                                dir.resolve("no-browser-downloads").toString());
                Process process = playwright.start();
                boolean finished = process.waitFor(10, TimeUnit.MINUTES);
                if (!finished) {
                    process.destroyForcibly();
                }
                List<String> lines = Files.readAllLines(log);
                System.out.println(String.join(System.lineSeparator(), lines));
                assertThat(finished)
                        .as("the Playwright run finished within 10 minutes")
                        .isTrue();
                assertThat(process.exitValue())
                        .as("Playwright failed; its output:%n%s", tail(lines))
                        .isZero();
                assertThat(tencent.refused()).isZero();
                assertThat(oidc.tokenRequests()).isEqualTo(1);
            } finally {
                inbox.stop(0);
            }
        }
    }

    private static void link(HttpTestClient admin, String provider, String subject) {
        HttpTestClient.Reply linked = admin.send(
                "POST",
                "/admin/v1/identities",
                "{\"username\":\"" + TestGateways.ADMIN + "\",\"provider\":\"" + provider + "\",\"subject\":\""
                        + subject + "\"}");
        assertThat(linked.status()).as(linked.body()).isEqualTo(201);
    }

    /** {@code GET /code?phone=...}: the last code the fake SMS provider was asked to send to that number. */
    private static HttpServer smsInbox(FakeTencentSms tencent) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/code", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            String phone =
                    query == null ? "" : URLDecoder.decode(query.replaceFirst("^phone=", ""), StandardCharsets.UTF_8);
            String code = tencent.lastCodeTo(phone);
            byte[] body = (code == null ? "" : code).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code == null ? 404 : 200, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
