package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.admin.AdminApiServer.Reply;
import io.switchboard.runtime.security.Secret;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthRoutesTest {
    private AdminApiServer server;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = AdminApiServer.start(dir);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void should_issue_a_token_that_opens_the_other_routes() {
        Reply login = server.send(
                "POST",
                "/auth/login",
                "{\"username\":\"admin\",\"password\":\"" + AdminApiServer.PASSWORD + "\"}",
                null);

        assertThat(login.status()).isEqualTo(200);
        Instant expiresAt = Instant.parse(login.json().get("expiresAt").asText());
        assertThat(expiresAt)
                .as("a short access token")
                .isBetween(
                        Instant.now().plus(Duration.ofMinutes(14)),
                        Instant.now().plus(Duration.ofMinutes(16)));
        assertThat(Instant.parse(login.json().get("refreshExpiresAt").asText()))
                .as("the session lasts security.tokenTtl")
                .isBetween(
                        Instant.now().plus(Duration.ofMinutes(59)),
                        Instant.now().plus(Duration.ofMinutes(61)));
        assertThat(login.json().get("refreshToken").asText()).isNotBlank();
        Reply apps = server.send("GET", "/apps", null, login.json().get("token").asText());
        assertThat(apps.status()).isEqualTo(200);
    }

    @Test
    void should_refuse_wrong_password_and_unknown_user_alike() {
        Reply wrongPassword =
                server.send("POST", "/auth/login", "{\"username\":\"admin\",\"password\":\"not the password\"}", null);
        Reply unknownUser = server.send(
                "POST",
                "/auth/login",
                "{\"username\":\"mallory\",\"password\":\"" + AdminApiServer.PASSWORD + "\"}",
                null);

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownUser.status()).isEqualTo(401);
        assertThat(wrongPassword.json().at("/error/message").asText())
                .isEqualTo(unknownUser.json().at("/error/message").asText())
                .isNotBlank();
    }

    @Test
    void should_refuse_requests_without_a_token() {
        Reply reply = server.send("GET", "/apps", null, null);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.json().at("/error/code").asText()).isEqualTo("unauthorized");
    }

    @Test
    void should_refuse_an_expired_token_but_accept_a_fresh_one_forged_alike_for_a_live_session() {
        JWTAuth signer = AuthRoutes.jwtAuth(
                server.vertx,
                AdminApiConfig.builder()
                        .jwtSecret(Secret.of(AdminApiServer.JWT_SECRET))
                        .build());
        long now = Instant.now().getEpochSecond();

        String session = sessionOf(server.login());
        String expired = signer.generateToken(
                claims(now - 7200, now - 60).put("sid", session), new JWTOptions().setNoTimestamp(true));
        String fresh = signer.generateToken(
                claims(now - 60, now + 600).put("sid", session), new JWTOptions().setNoTimestamp(true));
        String noSession = signer.generateToken(claims(now - 60, now + 600), new JWTOptions().setNoTimestamp(true));
        String unknownUser = signer.generateToken(
                claims(now - 60, now + 600).put("sid", session).put("sub", "mallory"),
                new JWTOptions().setNoTimestamp(true));

        assertThat(server.send("GET", "/apps", null, expired).status()).isEqualTo(401);
        assertThat(server.send("GET", "/apps", null, fresh).status()).isEqualTo(200);
        assertThat(server.send("GET", "/apps", null, noSession).status()).isEqualTo(401);
        assertThat(server.send("GET", "/apps", null, unknownUser).status())
                .as("a token for an unknown user is refused")
                .isEqualTo(401);
    }

    @Test
    void should_refuse_a_tampered_token_and_one_signed_with_another_secret() {
        String token = server.login();
        String[] parts = token.split("\\.");
        String otherSubject = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(new String(java.util.Base64.getUrlDecoder().decode(parts[1]))
                        .replace("\"admin\"", "\"root\"")
                        .getBytes());
        String tampered = parts[0] + "." + otherSubject + "." + parts[2];
        String foreign = AuthRoutes.jwtAuth(
                        server.vertx,
                        AdminApiConfig.builder()
                                .jwtSecret(Secret.of("another-secret-of-sufficient-length-987654321"))
                                .build())
                .generateToken(
                        claims(Instant.now().getEpochSecond(), Instant.now().getEpochSecond() + 600),
                        new JWTOptions().setNoTimestamp(true));

        assertThat(server.send("GET", "/apps", null, tampered).status()).isEqualTo(401);
        assertThat(server.send("GET", "/apps", null, foreign).status()).isEqualTo(401);
        assertThat(server.sendWithAuthorization("GET", "/apps", null, "Bearer").status())
                .isEqualTo(401);
        assertThat(server.sendWithAuthorization("GET", "/apps", null, "Basic YWRtaW46YWRtaW4=")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void should_change_the_password_of_the_logged_in_admin() {
        String token = server.login();
        String newPassword = "a brand new long password";

        Reply tooShort = server.send(
                "POST",
                "/auth/password",
                "{\"currentPassword\":\"" + AdminApiServer.PASSWORD + "\",\"newPassword\":\"short\"}",
                token);
        Reply wrongCurrent = server.send(
                "POST",
                "/auth/password",
                "{\"currentPassword\":\"wrong\",\"newPassword\":\"" + newPassword + "\"}",
                token);
        Reply changed = server.send(
                "POST",
                "/auth/password",
                "{\"currentPassword\":\"" + AdminApiServer.PASSWORD + "\",\"newPassword\":\"" + newPassword + "\"}",
                token);

        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.json().at("/error/message").asText()).contains("newPassword");
        assertThat(wrongCurrent.status()).isEqualTo(400);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(server.send("GET", "/apps", null, token).status())
                .as("tokens issued before the change stop working")
                .isEqualTo(401);
        String renewed = changed.json().get("token").asText();
        assertThat(server.send("GET", "/apps", null, renewed).status()).isEqualTo(200);
        assertThat(server.send(
                                "POST",
                                "/auth/login",
                                "{\"username\":\"admin\",\"password\":\"" + newPassword + "\"}",
                                null)
                        .status())
                .isEqualTo(200);
        assertThat(server.send(
                                "POST",
                                "/auth/login",
                                "{\"username\":\"admin\",\"password\":\"" + AdminApiServer.PASSWORD + "\"}",
                                null)
                        .status())
                .isEqualTo(401);
        // put it back for the other tests of this class
        server.send(
                "POST",
                "/auth/password",
                "{\"currentPassword\":\"" + newPassword + "\",\"newPassword\":\"" + AdminApiServer.PASSWORD + "\"}",
                renewed);
    }

    @Test
    void should_refuse_a_weak_new_password_and_the_current_one_naming_the_rule() {
        String token = server.login();

        Reply common = server.send(
                "POST",
                "/auth/password",
                "{\"currentPassword\":\"" + AdminApiServer.PASSWORD + "\",\"newPassword\":\"Password12345\"}",
                token);
        Reply oneClass = server.send(
                "POST",
                "/auth/password",
                "{\"currentPassword\":\"" + AdminApiServer.PASSWORD + "\",\"newPassword\":\"abcdefghijkmn\"}",
                token);
        Reply same = server.send(
                "POST",
                "/auth/password",
                "{\"currentPassword\":\"" + AdminApiServer.PASSWORD + "\",\"newPassword\":\"" + AdminApiServer.PASSWORD
                        + "\"}",
                token);

        assertThat(common.status()).isEqualTo(400);
        assertThat(common.json().at("/error/code").asText()).isEqualTo("weak_password");
        assertThat(common.json().at("/error/message").asText()).contains("newPassword", "commonly used");
        assertThat(oneClass.status()).isEqualTo(400);
        assertThat(oneClass.json().at("/error/message").asText()).contains("three of");
        assertThat(same.status()).isEqualTo(400);
        assertThat(same.json().at("/error/code").asText()).isEqualTo("password_reused");
        assertThat(server.send("GET", "/apps", null, token).status())
                .as("a refused change ends no session")
                .isEqualTo(200);
    }

    /** The session id in an access token's payload. */
    static String sessionOf(String token) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        return new JsonObject(payload).getString("sid");
    }

    private static JsonObject claims(long issuedAt, long expiresAt) {
        return new JsonObject()
                .put("sub", AdminApiServer.ADMIN)
                .put("iss", AuthRoutes.ISSUER)
                .put("aud", AuthRoutes.AUDIENCE)
                .put("iat", issuedAt)
                .put("exp", expiresAt);
    }
}
