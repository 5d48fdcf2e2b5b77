package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.config.LoginConfig;
import io.switchboard.testkit.login.FakeOidcProvider;
import io.switchboard.testkit.login.FakeWeixinLogin;
import io.switchboard.testkit.sms.FakeTencentSms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's login page in real headless Chromium ({@code console/e2e/login.spec.ts}, Playwright)
 * against a gateway whose {@code login} section offers SMS codes through the fake Tencent Cloud SMS and
 * single sign-on through the fake OIDC provider, WeChat QR and WeCom web login through the fake WeChat
 * login: a wrong and a right password, a phone number with a wrong and the right SMS code, the SSO, WeChat
 * and WeCom buttons' round trips, and the TOTP second step. The spec reads the
 * SMS code the fake received from a small loopback inbox this test serves.
 */
class LoginBrowserTest {
    private static final String PHONE = "+8613512345678";

    @Test
    void should_sign_in_by_password_sms_code_single_sign_on_and_totp_in_the_browser(@TempDir Path dir)
            throws Exception {
        PlaywrightRun.requireBrowser();

        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        try (FakeTencentSms tencent = FakeTencentSms.start("AKID-ui", "ui-secret", "1400000042");
                FakeOidcProvider oidc = FakeOidcProvider.start("switchboard", "oidc-secret");
                FakeWeixinLogin weixin =
                        FakeWeixinLogin.start("wx-ui-app", "wx-ui-secret", "ww-ui-corp", "1000009", "corp-ui-secret")) {
            oidc.nextUser("sso-ada", "Ada");
            weixin.nextWeChatUser("openid-ui", "union-ui-admin", "管理员");
            weixin.nextWeComUser("ui-staff");
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
                    new LoginConfig.WeChat("wx-ui-app", "wx-ui-secret", weixin.baseUrl(), weixin.baseUrl()),
                    new LoginConfig.WeCom(
                            "ww-ui-corp", "1000009", "corp-ui-secret", weixin.baseUrl(), weixin.baseUrl()),
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
                link(admin, "wechat", "union-ui-admin");
                link(admin, "wecom", "ui-staff");

                PlaywrightRun.run(
                        "login",
                        Map.of(
                                "SWITCHBOARD_URL",
                                base,
                                "SWITCHBOARD_ADMIN_PASSWORD",
                                TestGateways.ADMIN_PASSWORD,
                                "LOGIN_PHONE",
                                PHONE,
                                "SMS_INBOX_URL",
                                "http://127.0.0.1:" + inbox.getAddress().getPort(),
                                "OIDC_DISPLAY_NAME",
                                "Company SSO"),
                        "login-e2e.log",
                        10,
                        dir);
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
}
