package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.admin.AdminApiServer.Reply;
import io.switchboard.runtime.access.AdminUser;
import io.switchboard.runtime.access.IdentityLink;
import io.switchboard.runtime.access.PasswordHasher;
import io.switchboard.runtime.access.Workspace;
import io.switchboard.runtime.access.WorkspaceRole;
import io.switchboard.testkit.login.FakeOidcProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * OIDC providers managed through the admin API (issue 13, Ways in): CRUD with the client secret masked,
 * 400s naming the field, the SSRF guard on the issuer, the audit trail, and logins through a provider
 * added, changed and removed while the server runs (the loopback {@link FakeOidcProvider}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcProviderRoutesTest {
    private static final String SECRET = "managed-oidc-client-secret-2026";

    private final HttpClient browser = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private FakeOidcProvider oidc;
    private AdminApiServer server;
    private String token;

    @BeforeAll
    void start(@TempDir Path dir) {
        oidc = FakeOidcProvider.start("managed-client", SECRET);
        server = AdminApiServer.start(dir);
        token = server.login();
        server.database
                .adminUsers()
                .upsert(new AdminUser("sso-member", PasswordHasher.hash("Sso-member password 2026"), Instant.now()));
        server.database.workspaces().putMember(Workspace.DEFAULT_ID, "sso-member", WorkspaceRole.VIEWER);
    }

    @AfterAll
    void stop() {
        server.close();
        oidc.close();
    }

    private String body(String id, String secret) {
        return "{\"id\":\"" + id + "\",\"displayName\":\"Managed SSO\",\"issuer\":\"" + oidc.issuer()
                + "\",\"clientId\":\"managed-client\"" + (secret == null ? "" : ",\"clientSecret\":\"" + secret + "\"")
                + ",\"scopes\":[\"openid\",\"email\"]}";
    }

    @Test
    void should_create_read_replace_and_delete_a_provider_without_ever_showing_its_secret() {
        Reply created = server.send("POST", "/oidc-providers", body("crud", SECRET), token);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(SECRET);
        JsonNode view = created.json();
        assertThat(view.get("key").asText()).isEqualTo("oidc:crud");
        assertThat(view.get("clientSecretSet").asBoolean()).isTrue();
        assertThat(view.get("clientSecretHint").asText()).isEqualTo("…2026");
        assertThat(view.get("enabled").asBoolean()).isTrue();
        assertThat(view.get("version").asLong()).isEqualTo(1);
        assertThat(view.get("redirectUri").asText())
                .isEqualTo(AdminApiServer.PUBLIC_URL + "/admin/v1/auth/external/callback");
        assertThat(server.send("POST", "/oidc-providers", body("crud", SECRET), token)
                        .status())
                .as("the id is taken")
                .isEqualTo(409);

        Reply list = server.send("GET", "/oidc-providers", null, token);
        assertThat(list.json().get("items").findValuesAsText("id")).contains("crud");
        assertThat(list.body()).doesNotContain(SECRET);

        Reply replaced = server.send(
                "PUT", "/oidc-providers/crud", body("crud", null).replace("Managed SSO", "Renamed SSO"), token);
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.json().get("displayName").asText()).isEqualTo("Renamed SSO");
        assertThat(replaced.json().get("version").asLong()).isEqualTo(2);
        assertThat(server.database
                        .oidcProviders()
                        .find("crud")
                        .orElseThrow()
                        .clientSecret()
                        .reveal())
                .as("a replace without clientSecret keeps the stored one")
                .isEqualTo(SECRET);
        assertThat(server.send("PUT", "/oidc-providers/crud", body("other", null), token)
                        .status())
                .as("no renaming")
                .isEqualTo(400);
        assertThat(server.send("PUT", "/oidc-providers/missing", body("missing", null), token)
                        .status())
                .isEqualTo(404);

        assertThat(server.send("DELETE", "/oidc-providers/crud", null, token).status())
                .isEqualTo(204);
        assertThat(server.send("GET", "/oidc-providers/crud", null, token).status())
                .isEqualTo(404);
        assertThat(server.send("DELETE", "/oidc-providers/crud", null, token).status())
                .isEqualTo(404);
    }

    @Test
    void should_refuse_a_bad_body_with_a_400_naming_the_field() {
        String good = body("valid", SECRET);
        for (var bad : List.of(
                List.of(good.replace("\"valid\"", "\"Not Valid\""), "id"),
                List.of(good.replace("\"id\":\"valid\",", ""), "id is required"),
                List.of(good.replace(oidc.issuer(), "ftp://sso.example.com"), "issuer"),
                List.of(good.replace(oidc.issuer(), oidc.issuer() + "?x=1"), "issuer"),
                List.of(good.replace("\"managed-client\"", "\"\""), "clientId"),
                List.of(body("valid", null), "clientSecret is required"),
                List.of(good.replace(SECRET, "has space"), "clientSecret"),
                List.of(good.replace("\"email\"", "\"openid\""), "scopes"),
                List.of(good.replace("\"email\"", "\"bad scope\""), "scopes"),
                List.of(good.replace("\"Managed SSO\"", "\"\""), "displayName"),
                List.of(good.replace("Managed SSO", "Managed\\u0007SSO"), "displayName"),
                List.of(good.replace("{", "{\"extra\":1,"), "extra"))) {
            Reply reply = server.send("POST", "/oidc-providers", bad.get(0), token);

            assertThat(reply.status()).as(bad.get(0) + " -> " + reply.body()).isEqualTo(400);
            assertThat(reply.body()).as(bad.get(0)).contains(bad.get(1));
        }
        assertThat(server.database.oidcProviders().find("valid")).isEmpty();
    }

    @Test
    void should_refuse_an_issuer_the_ssrf_guard_refuses() {
        Reply reply = server.send(
                "POST",
                "/oidc-providers",
                body("metadata", SECRET).replace(oidc.issuer(), "http://169.254.169.254/latest"),
                token);

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.body()).contains("issuer");
        assertThat(server.database.oidcProviders().find("metadata")).isEmpty();
    }

    @Test
    void should_fetch_the_discovery_document_through_the_guard() {
        assertThat(server.send("POST", "/oidc-providers", body("disco", SECRET), token)
                        .status())
                .isEqualTo(201);

        Reply found = server.send("POST", "/oidc-providers/disco/discovery", null, token);

        assertThat(found.status()).as(found.body()).isEqualTo(200);
        assertThat(found.json().get("issuer").asText()).isEqualTo(oidc.issuer());
        assertThat(found.json().get("jwksUri").asText()).startsWith("http://127.0.0.1:");
        server.send(
                "PUT",
                "/oidc-providers/disco",
                body("disco", null).replace(oidc.issuer(), oidc.issuer() + "/elsewhere"),
                token);
        Reply broken = server.send("POST", "/oidc-providers/disco/discovery", null, token);
        assertThat(broken.status()).as(broken.body()).isEqualTo(502);
    }

    @Test
    void should_audit_every_change_with_the_secret_masked() {
        server.send("POST", "/oidc-providers", body("audited", SECRET), token);
        server.send("PUT", "/oidc-providers/audited", body("audited", "another-secret-value-1234"), token);
        server.send("DELETE", "/oidc-providers/audited", null, token);

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(server.send("GET", "/audit?resource=oidc-providers", null, token)
                                .json()
                                .get("items")
                                .findValuesAsText("resourceId"))
                        .filteredOn("audited"::equals)
                        .hasSize(3));
        Reply audit = server.send("GET", "/audit?resource=oidc-providers", null, token);
        assertThat(audit.json().get("items").findValuesAsText("action")).contains("create", "update", "delete");
        assertThat(audit.body()).doesNotContain(SECRET).doesNotContain("another-secret-value-1234");
    }

    @Test
    void should_log_in_through_a_provider_added_while_running_and_stop_when_it_is_disabled() {
        assertThat(server.send("GET", "/auth/methods", null, null).json().findValuesAsText("key"))
                .doesNotContain("oidc:live");
        assertThat(server.send("POST", "/oidc-providers", body("live", SECRET), token)
                        .status())
                .isEqualTo(201);
        assertThat(server.send("GET", "/auth/methods", null, null).json().findValuesAsText("key"))
                .contains("oidc:live");
        server.database
                .identityLinks()
                .link(new IdentityLink("oidc:live", "live-subject", "sso-member", null, Instant.now()));
        oidc.nextUser("live-subject", "Live User");

        String location = browse("oidc:live");
        assertThat(location).contains("/console/login?ticket=");
        Reply tokens = server.send(
                "POST",
                "/auth/exchange",
                "{\"ticket\":\"" + location.substring(location.indexOf("ticket=") + 7) + "\"}",
                null);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);

        // A wrong secret set through the API is used by the next login: the fake refuses the client.
        server.send("PUT", "/oidc-providers/live", body("live", "a-wrong-secret"), token);
        assertThat(browse("oidc:live"))
                .as("the token endpoint refuses the client")
                .startsWith("HTTP 401");

        server.send("PUT", "/oidc-providers/live", body("live", SECRET).replace("}", ",\"enabled\":false}"), token);
        assertThat(server.send("GET", "/auth/methods", null, null).json().findValuesAsText("key"))
                .doesNotContain("oidc:live");
        assertThat(server.send("POST", "/auth/external/start", "{\"provider\":\"oidc:live\"}", null)
                        .status())
                .isEqualTo(400);
    }

    /** Starts a login and follows the redirects: the console URL, or {@code HTTP <status> <body>}. */
    private String browse(String provider) {
        Reply started = server.send("POST", "/auth/external/start", "{\"provider\":\"" + provider + "\"}", null);
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        String url = started.json().get("authorizationUrl").asText();
        for (int hop = 0; hop < 5; hop++) {
            if (url.startsWith(AdminApiServer.PUBLIC_URL + "/console")) {
                return url;
            }
            String target = url.startsWith(AdminApiServer.PUBLIC_URL + AdminApi.MOUNT_PATH)
                    ? server.base() + url.substring((AdminApiServer.PUBLIC_URL + AdminApi.MOUNT_PATH).length())
                    : url;
            HttpResponse<String> response = get(target);
            if (response.statusCode() != 302) {
                return "HTTP " + response.statusCode() + " " + response.body();
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
}
