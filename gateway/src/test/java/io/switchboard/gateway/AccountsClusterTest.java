package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.config.LoginConfig;
import io.switchboard.testkit.login.FakeOidcProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accounts on two real gateway members (one Hazelcast cluster, one database) behind a load balancer that
 * sends each request where it likes: an OIDC login started on one member completes on the other, failed
 * logins on one member lock the account on the other, and a session ended on one member (logout, password
 * change, removal from the workspace) is refused by the other at once (issue 13, Found 3 and 4, Ways in).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountsClusterTest {
    /** What the members put in the links they hand out; the "load balancer" below maps it to a member. */
    private static final String PUBLIC_URL = "http://switchboard.test";

    private final HttpClient browser = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private FakeOidcProvider oidc;
    private Gateway first;
    private Gateway second;
    private HttpTestClient admin;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        oidc = FakeOidcProvider.start("switchboard", "oidc-secret");
        LoginConfig login = new LoginConfig(
                null,
                List.of(new LoginConfig.Oidc(
                        "keycloak", "Company SSO", oidc.issuer(), "switchboard", "oidc-secret", null)),
                null,
                null,
                "127.0.0.1");
        TestGateways.Cluster cluster = TestGateways.Cluster.create(dir);
        first = Gateway.start(TestGateways.config(dir, cluster, 0)
                .http(new GatewayConfig.Http("127.0.0.1", 0, PUBLIC_URL, 1))
                .login(login)
                .build());
        second = Gateway.start(TestGateways.config(dir, cluster, 1)
                .http(new GatewayConfig.Http("127.0.0.1", 0, PUBLIC_URL, 1))
                .login(login)
                .build());
        admin = on(first).login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
    }

    @AfterAll
    void stop() throws Exception {
        TestGateways.closeAll(second, first);
        if (oidc != null) {
            oidc.close();
        }
    }

    @Test
    void should_complete_an_oidc_login_started_on_one_member_on_the_other() {
        String user = newMember("sso");
        String subject = "sso-" + UUID.randomUUID();
        link(user, "oidc:keycloak", subject);
        oidc.nextUser(subject, "Ada");

        // Given a login started on the first member (state, nonce and PKCE verifier remembered there) ...
        HttpTestClient.Reply started =
                on(first).send("POST", "/admin/v1/auth/external/start", "{\"provider\":\"oidc:keycloak\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        HttpResponse<String> atProvider =
                get(started.json().get("authorizationUrl").asText());
        assertThat(atProvider.statusCode()).isEqualTo(302);
        String callback = atProvider.headers().firstValue("location").orElseThrow();
        assertThat(callback).startsWith(PUBLIC_URL + "/admin/v1/auth/external/callback?");

        // ... when the provider's redirect reaches the second member,
        HttpResponse<String> landed = get(callback.replace(PUBLIC_URL, base(second)));

        // then it completes there, and the ticket it hands out is traded once, on either member.
        assertThat(landed.statusCode()).as(landed.body()).isEqualTo(302);
        String console = landed.headers().firstValue("location").orElseThrow();
        assertThat(console).contains("/login?ticket=");
        String ticket = console.substring(console.indexOf("ticket=") + 7);
        HttpTestClient.Reply traded =
                on(first).send("POST", "/admin/v1/auth/exchange", "{\"ticket\":\"" + ticket + "\"}");
        assertThat(traded.status()).as(traded.body()).isEqualTo(200);
        assertThat(on(second)
                        .send("POST", "/admin/v1/auth/exchange", "{\"ticket\":\"" + ticket + "\"}")
                        .status())
                .as("a ticket is used once across the cluster")
                .isEqualTo(401);
        String token = traded.json().get("token").asText();
        assertThat(on(second).bearer(token).send("GET", "/admin/v1/apps", null).status())
                .isEqualTo(200);
        assertThat(get(callback.replace(PUBLIC_URL, base(first))).statusCode())
                .as("the state was used on the other member")
                .isEqualTo(400);
        assertThat(oidc.tokenRequests()).isEqualTo(1);
    }

    @Test
    void should_lock_an_account_on_every_member_after_failures_on_one() {
        String user = newMember("locked");
        // Five failures are free; the sixth locks the account for 1 s. They alternate between the members, so
        // the lock needs both members' counts.
        for (int i = 0; i < 6; i++) {
            assertThat(login(i % 2 == 0 ? first : second, user, "wrong password " + i)
                            .status())
                    .isEqualTo(401);
        }

        HttpResponse<String> locked = loginResponse(first, user, PASSWORD);

        assertThat(locked.statusCode())
                .as("the right password on the other member during the lock: " + locked.body())
                .isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(admin.send("GET", "/admin/v1/audit?action=login.locked&actor=" + user, null)
                        .body())
                .contains(user);
    }

    @Test
    void should_refuse_on_one_member_a_session_ended_on_the_other() {
        String user = newMember("ended");
        HttpTestClient.Reply loggedIn = login(first, user, PASSWORD);
        String token = loggedIn.json().get("token").asText();
        String refresh = loggedIn.json().get("refreshToken").asText();
        assertThat(on(second).bearer(token).send("GET", "/admin/v1/apps", null).status())
                .isEqualTo(200);

        assertThat(on(first)
                        .bearer(token)
                        .send("POST", "/admin/v1/auth/logout", null)
                        .status())
                .isEqualTo(204);

        assertThat(on(second).bearer(token).send("GET", "/admin/v1/apps", null).status())
                .as("logged out on the first member")
                .isEqualTo(401);
        assertThat(on(second)
                        .send("POST", "/admin/v1/auth/refresh", "{\"refreshToken\":\"" + refresh + "\"}")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void should_refuse_on_one_member_the_tokens_of_before_a_password_change_on_the_other() {
        String user = newMember("changed");
        HttpTestClient.Reply loggedIn = login(second, user, PASSWORD);
        String before = loggedIn.json().get("token").asText();
        String otherDevice = login(first, user, PASSWORD).json().get("token").asText();

        HttpTestClient.Reply changed = on(first)
                .bearer(before)
                .send(
                        "POST",
                        "/admin/v1/auth/password",
                        "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"Orbit-Quill 2027 zebra\"}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);

        for (String old : List.of(before, otherDevice)) {
            assertThat(on(second)
                            .bearer(old)
                            .send("GET", "/admin/v1/apps", null)
                            .status())
                    .isEqualTo(401);
        }
        String fresh = changed.json().get("token").asText();
        assertThat(on(second).bearer(fresh).send("GET", "/admin/v1/apps", null).status())
                .isEqualTo(200);
        assertThat(login(second, user, PASSWORD).status()).isEqualTo(401);
    }

    @Test
    void should_refuse_on_one_member_a_member_removed_on_the_other() {
        String user = newMember("removed");
        String token = login(second, user, PASSWORD).json().get("token").asText();
        assertThat(on(second).bearer(token).send("GET", "/admin/v1/apps", null).status())
                .isEqualTo(200);

        assertThat(admin.send("DELETE", "/admin/v1/workspaces/default/members/" + user, null)
                        .status())
                .isEqualTo(204);

        assertThat(on(second).bearer(token).send("GET", "/admin/v1/apps", null).status())
                .as("no member of the workspace any more, with the same token on the other member")
                .isEqualTo(404);
    }

    private static final String PASSWORD = "Member-Pass 2026 kite";

    /** A new user who joined the default workspace as a viewer (invitation by e-mail, account opened on B). */
    private String newMember(String prefix) {
        String user = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        HttpTestClient.Reply invite = admin.send(
                "POST",
                "/admin/v1/workspaces/default/invites",
                "{\"email\":\"" + user + "@example.com\",\"role\":\"viewer\"}");
        assertThat(invite.status()).as(invite.body()).isEqualTo(201);
        HttpTestClient.Reply joined = on(second)
                .send(
                        "POST",
                        "/admin/v1/auth/invites/accept",
                        "{\"token\":\"" + invite.json().get("token").asText() + "\",\"username\":\"" + user
                                + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(joined.status()).as(joined.body()).isEqualTo(200);
        return user;
    }

    private void link(String user, String provider, String subject) {
        HttpTestClient.Reply linked = admin.send(
                "POST",
                "/admin/v1/identities",
                "{\"username\":\"" + user + "\",\"provider\":\"" + provider + "\",\"subject\":\"" + subject + "\"}");
        assertThat(linked.status()).as(linked.body()).isEqualTo(201);
    }

    private static HttpTestClient.Reply login(Gateway node, String user, String password) {
        return on(node).send(
                        "POST",
                        "/admin/v1/auth/login",
                        "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
    }

    private HttpResponse<String> loginResponse(Gateway node, String user, String password) {
        return send(HttpRequest.newBuilder(URI.create(base(node) + "/admin/v1/auth/login"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}")));
    }

    private static HttpTestClient on(Gateway node) {
        return new HttpTestClient(base(node));
    }

    private static String base(Gateway node) {
        return "http://127.0.0.1:" + node.port();
    }

    private HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return browser.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
