package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.admin.AdminApiServer.Reply;
import io.switchboard.admin.external.IdentityProvider;
import io.switchboard.admin.external.OidcIdentityProvider;
import io.switchboard.admin.external.WeChatIdentityProvider;
import io.switchboard.admin.external.WeComIdentityProvider;
import io.switchboard.runtime.access.AdminUser;
import io.switchboard.runtime.access.IdentityLink;
import io.switchboard.runtime.access.PasswordHasher;
import io.switchboard.runtime.access.Workspace;
import io.switchboard.runtime.access.WorkspaceRole;
import io.switchboard.runtime.net.NetPolicy;
import io.switchboard.runtime.net.SafeHttpClient;
import io.switchboard.runtime.security.Secret;
import io.switchboard.testkit.login.FakeOidcProvider;
import io.switchboard.testkit.login.FakeWeixinLogin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * OIDC, WeChat QR and WeCom logins end to end: a test "browser" follows the redirects between the admin
 * API and the loopback fakes of the providers, as a real browser would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExternalLoginRoutesTest {
    private static final SafeHttpClient HTTP = SafeHttpClient.create(NetPolicy.builder()
            .allowlist(List.of("127.0.0.1"))
            .connectTimeout(Duration.ofSeconds(2))
            .totalTimeout(Duration.ofSeconds(5))
            .maxRedirects(0)
            .build());

    private final HttpClient browser = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private FakeOidcProvider oidc;
    private FakeWeixinLogin weixin;
    private AdminApiServer server;

    @BeforeAll
    void start(@TempDir Path dir) {
        oidc = FakeOidcProvider.start("switchboard-console", "oidc-client-secret");
        weixin = FakeWeixinLogin.start("wx-app-1", "wx-secret", "ww-corp-1", "1000002", "corp-secret");
        List<IdentityProvider> providers = List.of(
                new OidcIdentityProvider(
                        new OidcIdentityProvider.Config(
                                "keycloak",
                                "Company SSO",
                                URI.create(oidc.issuer()),
                                "switchboard-console",
                                Secret.of("oidc-client-secret"),
                                null),
                        HTTP,
                        Clock.systemUTC()),
                new WeChatIdentityProvider(
                        new WeChatIdentityProvider.Config(
                                "wx-app-1",
                                Secret.of("wx-secret"),
                                URI.create(weixin.baseUrl()),
                                URI.create(weixin.baseUrl())),
                        HTTP),
                new WeComIdentityProvider(
                        new WeComIdentityProvider.Config(
                                "ww-corp-1",
                                "1000002",
                                Secret.of("corp-secret"),
                                URI.create(weixin.baseUrl()),
                                URI.create(weixin.baseUrl())),
                        HTTP,
                        Clock.systemUTC()));
        server = AdminApiServer.start(dir, providers);
        server.database
                .adminUsers()
                .upsert(new AdminUser("sso-user", PasswordHasher.hash("Sso-user password 2026"), Instant.now()));
        server.database.workspaces().putMember(Workspace.DEFAULT_ID, "sso-user", WorkspaceRole.VIEWER);
    }

    @AfterAll
    void stop() {
        server.close();
        oidc.close();
        weixin.close();
    }

    /** What the browser ends with: the last answer and, for a redirect to the console, its URL. */
    private record Landing(int status, String location, String body) {
        String ticket() {
            assertThat(location)
                    .as("redirected to the console login with a ticket: " + body)
                    .contains("/console/login?ticket=");
            return location.substring(location.indexOf("ticket=") + 7);
        }
    }

    /** Starts a login (or a link, with a token) and follows the redirects until the console or an error. */
    private Landing browse(String provider, String token) {
        Reply started = server.send(
                "POST",
                token == null ? "/auth/external/start" : "/auth/identities/external/start",
                "{\"provider\":\"" + provider + "\"}",
                token);
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        String url = started.json().get("authorizationUrl").asText();
        for (int hop = 0; hop < 5; hop++) {
            if (url.startsWith(AdminApiServer.PUBLIC_URL + "/console")) {
                return new Landing(302, url, "");
            }
            String target = url.startsWith(AdminApiServer.PUBLIC_URL + AdminApi.MOUNT_PATH)
                    ? server.base() + url.substring((AdminApiServer.PUBLIC_URL + AdminApi.MOUNT_PATH).length())
                    : url.replaceFirst("#.*$", "");
            HttpResponse<String> response = get(target);
            if (response.statusCode() != 302) {
                return new Landing(response.statusCode(), null, response.body());
            }
            url = response.headers().firstValue("location").orElseThrow();
        }
        throw new AssertionError("too many redirects");
    }

    private HttpResponse<String> get(String url) {
        try {
            return browser.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Reply exchange(String ticket) {
        return server.send("POST", "/auth/exchange", "{\"ticket\":\"" + ticket + "\"}", null);
    }

    private void link(String provider, String subject) {
        server.database.identityLinks().link(new IdentityLink(provider, subject, "sso-user", null, Instant.now()));
    }

    @Test
    void should_list_the_configured_ways_in_for_the_login_page() {
        Reply methods = server.send("GET", "/auth/methods", null, null);

        assertThat(methods.status()).isEqualTo(200);
        assertThat(methods.json().get("password").asBoolean()).isTrue();
        assertThat(methods.json().get("sms").asText()).isEqualTo("recording");
        assertThat(methods.json().findValuesAsText("key")).containsExactly("oidc:keycloak", "wechat", "wecom");
        assertThat(methods.json().findValuesAsText("displayName")).contains("Company SSO");
    }

    @Test
    void should_log_in_with_oidc_code_and_pkce_and_trade_the_ticket_once() {
        link("oidc:keycloak", "kc-subject-1");
        oidc.nextUser("kc-subject-1", "SSO User");

        Landing landing = browse("oidc:keycloak", null);
        Reply tokens = exchange(landing.ticket());

        assertThat(tokens.status()).isEqualTo(200);
        assertThat(server.send("GET", "/apps", null, tokens.json().get("token").asText())
                        .status())
                .isEqualTo(200);
        assertThat(exchange(landing.ticket()).status())
                .as("a ticket works once")
                .isEqualTo(401);
    }

    @Test
    void should_refuse_an_id_token_with_the_wrong_audience_nonce_issuer_expiry_or_signature() {
        link("oidc:keycloak", "kc-subject-2");
        oidc.nextUser("kc-subject-2", "Second");
        try {
            for (FakeOidcProvider.Fault fault : List.of(
                    FakeOidcProvider.Fault.WRONG_AUDIENCE,
                    FakeOidcProvider.Fault.WRONG_NONCE,
                    FakeOidcProvider.Fault.WRONG_ISSUER,
                    FakeOidcProvider.Fault.EXPIRED,
                    FakeOidcProvider.Fault.FOREIGN_KEY)) {
                oidc.misbehave(fault);
                Landing landing = browse("oidc:keycloak", null);
                assertThat(landing.status()).as(fault.name()).isEqualTo(401);
                assertThat(landing.body()).as(fault.name()).contains("login_refused", "ID token was refused");
            }
        } finally {
            oidc.misbehave(FakeOidcProvider.Fault.NONE);
        }
    }

    @Test
    void should_fetch_the_keys_again_when_the_provider_rotated_them() {
        link("oidc:keycloak", "kc-subject-3");
        oidc.nextUser("kc-subject-3", "Third");
        exchange(browse("oidc:keycloak", null).ticket()); // keys cached
        int fetched = oidc.jwksRequests();

        oidc.misbehave(FakeOidcProvider.Fault.ROTATED_KEY);
        try {
            Landing landing = browse("oidc:keycloak", null);

            assertThat(exchange(landing.ticket()).status()).isEqualTo(200);
            assertThat(oidc.jwksRequests()).isEqualTo(fetched + 1);
        } finally {
            oidc.misbehave(FakeOidcProvider.Fault.NONE);
        }
    }

    @Test
    void should_refuse_an_unknown_or_reused_state_and_a_cancelled_login() {
        HttpResponse<String> unknown = get(server.base() + ExternalLoginRoutes.CALLBACK + "?code=x&state=forged");
        HttpResponse<String> none = get(server.base() + ExternalLoginRoutes.CALLBACK + "?code=x");

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("invalid_state");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).contains("state");

        Reply started = server.send("POST", "/auth/external/start", "{\"provider\":\"wechat\"}", null);
        String state = URI.create(started.json().get("authorizationUrl").asText())
                .getQuery()
                .replaceAll(".*state=([^&#]+).*", "$1");
        HttpResponse<String> cancelled = get(server.base() + ExternalLoginRoutes.CALLBACK + "?state=" + state);
        HttpResponse<String> reused = get(server.base() + ExternalLoginRoutes.CALLBACK + "?code=x&state=" + state);
        assertThat(cancelled.statusCode()).isEqualTo(400);
        assertThat(cancelled.body()).contains("cancelled");
        assertThat(reused.statusCode()).isEqualTo(400);
        Reply unknownProvider = server.send("POST", "/auth/external/start", "{\"provider\":\"myspace\"}", null);
        assertThat(unknownProvider.status()).isEqualTo(400);
        assertThat(unknownProvider.json().at("/error/message").asText()).contains("myspace", "oidc:keycloak");
    }

    @Test
    void should_log_in_with_wechat_qr_by_unionid_and_refuse_an_unlinked_account() {
        link("wechat", "union-42");
        weixin.nextWeChatUser("openid-42", "union-42", "小王");

        Landing landing = browse("wechat", null);
        assertThat(exchange(landing.ticket()).status()).isEqualTo(200);

        weixin.nextWeChatUser("openid-43", null, "陌生人");
        Landing stranger = browse("wechat", null);
        assertThat(stranger.status()).isEqualTo(403);
        assertThat(stranger.body()).contains("not_linked");
    }

    @Test
    void should_log_in_with_wecom_and_renew_an_expired_corp_token_once() {
        link("wecom", "lisi");
        weixin.nextWeComUser("lisi");
        assertThat(exchange(browse("wecom", null).ticket()).status()).isEqualTo(200);
        int tokens = weixin.gettokenCalls();

        weixin.expireWeComTokens();
        weixin.nextWeComUser("lisi");
        assertThat(exchange(browse("wecom", null).ticket()).status()).isEqualTo(200);
        assertThat(weixin.gettokenCalls()).isEqualTo(tokens + 1);

        weixin.nextWeComUser(null);
        Landing visitor = browse("wecom", null);
        assertThat(visitor.status()).isEqualTo(401);
        assertThat(visitor.body()).contains("not a member");
    }

    @Test
    void should_link_an_account_while_logged_in_and_unlink_it() {
        String token = server.login();
        weixin.nextWeChatUser("openid-admin", "union-admin", "Admin on WeChat");

        Landing linked = browse("wechat", token);

        assertThat(linked.location()).endsWith("/console/?linked=wechat");
        Reply mine = server.send("GET", "/auth/identities", null, token);
        assertThat(mine.json().findValuesAsText("subject")).contains("union-admin");
        assertThat(mine.json().findValuesAsText("displayName")).contains("Admin on WeChat");
        weixin.nextWeChatUser("openid-admin", "union-admin", "Admin on WeChat");
        Reply loggedIn = exchange(browse("wechat", null).ticket());
        assertThat(loggedIn.status()).isEqualTo(200);

        assertThat(server.send("DELETE", "/auth/identities/wechat/union-admin", null, token)
                        .status())
                .isEqualTo(204);
        weixin.nextWeChatUser("openid-admin", "union-admin", "Admin on WeChat");
        assertThat(browse("wechat", null).status()).isEqualTo(403);
    }
}
