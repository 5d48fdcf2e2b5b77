package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.admin.AdminApiServer.Reply;
import io.switchboard.admin.access.TotpService;
import io.switchboard.runtime.access.AdminUser;
import io.switchboard.runtime.access.PasswordHasher;
import io.switchboard.runtime.access.Workspace;
import io.switchboard.runtime.access.WorkspaceRole;
import io.switchboard.runtime.audit.AuditQuery;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Two-factor login end to end: enrol, confirm, log in with a code or a recovery code, disable. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TotpRoutesTest {
    private static final String PASSWORD = "Totp-user password 2026";
    private AdminApiServer server;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = AdminApiServer.start(dir);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private String newAdmin(String name) {
        server.database.adminUsers().upsert(new AdminUser(name, PasswordHasher.hash(PASSWORD), Instant.now()));
        server.database.workspaces().putMember(Workspace.DEFAULT_ID, name, WorkspaceRole.VIEWER);
        return name;
    }

    private Reply login(String user, String code) {
        String body = "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\""
                + (code == null ? "" : ",\"code\":\"" + code + "\"") + "}";
        return server.send("POST", "/auth/login", body, null);
    }

    private String codeNow(String secret) {
        return TotpService.codeAt(secret, TotpService.stepAt(server.clock.millis()));
    }

    /** Enrols {@code user}; returns the secret and the recovery codes. */
    private List<String> enrol(String user, String token) {
        Reply begin = server.send("POST", "/auth/totp", "{\"password\":\"" + PASSWORD + "\"}", token);
        assertThat(begin.status()).isEqualTo(200);
        String secret = begin.json().get("secret").asText();
        Reply confirm = server.send("POST", "/auth/totp/confirm", "{\"code\":\"" + codeNow(secret) + "\"}", token);
        assertThat(confirm.status()).isEqualTo(200);
        List<String> result = new ArrayList<>(List.of(secret));
        confirm.json().get("recoveryCodes").forEach(code -> result.add(code.asText()));
        return result;
    }

    @Test
    void should_offer_an_otpauth_uri_and_a_png_qr_code_and_enable_only_after_a_first_code() {
        String user = newAdmin("enrolling");
        String token = login(user, null).json().get("token").asText();

        Reply wrongPassword = server.send("POST", "/auth/totp", "{\"password\":\"nope\"}", token);
        Reply begin = server.send("POST", "/auth/totp", "{\"password\":\"" + PASSWORD + "\"}", token);

        assertThat(wrongPassword.status()).isEqualTo(400);
        assertThat(wrongPassword.json().at("/error/message").asText()).contains("password");
        assertThat(begin.status()).isEqualTo(200);
        assertThat(server.lastHeaders().firstValue("cache-control")).contains("no-store");
        String secret = begin.json().get("secret").asText();
        URI otpauth = URI.create(begin.json().get("otpauthUri").asText());
        assertThat(otpauth.getScheme()).isEqualTo("otpauth");
        assertThat(otpauth.getHost()).isEqualTo("totp");
        assertThat(otpauth.getQuery()).contains("secret=" + secret, "issuer=Switchboard", "digits=6", "period=30");
        String qr = begin.json().get("qrCode").asText();
        assertThat(qr).startsWith("data:image/png;base64,");
        byte[] png = Base64.getDecoder().decode(qr.substring(qr.indexOf(',') + 1));
        assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("PNG");
        assertThat(status(token).get("pending").asBoolean()).isTrue();
        assertThat(login(user, null).status()).as("pending is not enabled").isEqualTo(200);

        Reply wrongCode = server.send("POST", "/auth/totp/confirm", "{\"code\":\"000000\"}", token);
        assertThat(wrongCode.status()).isEqualTo(400);
        assertThat(wrongCode.json().at("/error/code").asText()).isEqualTo("invalid_code");
        Reply confirm = server.send("POST", "/auth/totp/confirm", "{\"code\":\"" + codeNow(secret) + "\"}", token);
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.json().get("recoveryCodes")).hasSize(TotpService.RECOVERY_CODES);
        JsonNode status = status(token);
        assertThat(status.get("enabled").asBoolean()).isTrue();
        assertThat(status.get("unusedRecoveryCodes").asInt()).isEqualTo(10);
        assertThat(server.send("POST", "/auth/totp", "{\"password\":\"" + PASSWORD + "\"}", token)
                        .status())
                .as("enrolling again needs disabling first")
                .isEqualTo(409);
    }

    @Test
    void should_ask_for_the_code_after_the_password_and_accept_each_code_once() {
        String user = newAdmin("two-factor");
        String secret =
                enrol(user, login(user, null).json().get("token").asText()).get(0);

        Reply withoutCode = login(user, null);
        assertThat(withoutCode.status()).isEqualTo(401);
        assertThat(withoutCode.json().at("/error/code").asText()).isEqualTo("code_required");
        assertThat(withoutCode.json().has("token")).isFalse();
        assertThat(login(user, "123456x").status()).isEqualTo(401);

        server.clock.advance(Duration.ofSeconds(30));
        String code = codeNow(secret);
        Reply withCode = login(user, code);
        assertThat(withCode.status()).isEqualTo(200);
        assertThat(server.send(
                                "GET",
                                "/apps",
                                null,
                                withCode.json().get("token").asText())
                        .status())
                .isEqualTo(200);
        Reply replay = login(user, code);
        assertThat(replay.status()).as("a code is used once").isEqualTo(401);
        assertThat(replay.json().at("/error/code").asText()).isEqualTo("invalid_code");

        server.clock.advance(Duration.ofSeconds(30));
        assertThat(login(user, codeNow(secret)).status())
                .as("the next step's code")
                .isEqualTo(200);
        server.clock.advance(Duration.ofSeconds(30));
        String old = TotpService.codeAt(secret, TotpService.stepAt(server.clock.millis()) - 3);
        assertThat(login(user, old).status()).as("a code of 90 s ago").isEqualTo(401);
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(server
                                .database
                                .audit()
                                .query(new AuditQuery(null, user, null, null, null, null, null, 0, 50))
                                .stream()
                                .map(e -> e.action())
                                .toList())
                        .contains("totp.enrol", "totp.enable", "login.code_required", "login.code_failed", "login"));
    }

    @Test
    void should_let_a_recovery_code_in_once_and_disable_with_password_and_code() {
        String user = newAdmin("lost-phone");
        List<String> enrolled =
                enrol(user, login(user, null).json().get("token").asText());
        String secret = enrolled.get(0);
        String recovery = enrolled.get(1);

        Reply first = login(user, recovery);
        Reply again = login(user, recovery);

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(401);
        String token = first.json().get("token").asText();
        assertThat(status(token).get("unusedRecoveryCodes").asInt()).isEqualTo(9);

        server.clock.advance(Duration.ofSeconds(30));
        Reply renewed =
                server.send("POST", "/auth/totp/recovery-codes", "{\"code\":\"" + codeNow(secret) + "\"}", token);
        assertThat(renewed.status()).isEqualTo(200);
        assertThat(login(user, enrolled.get(2)).status())
                .as("old recovery codes are gone")
                .isEqualTo(401);

        Reply noCode = server.send("POST", "/auth/totp/disable", "{\"password\":\"" + PASSWORD + "\"}", token);
        assertThat(noCode.status()).isEqualTo(400);
        assertThat(noCode.json().at("/error/message").asText()).contains("code");
        server.clock.advance(Duration.ofSeconds(30));
        Reply disabled = server.send(
                "POST",
                "/auth/totp/disable",
                "{\"password\":\"" + PASSWORD + "\",\"code\":\"" + codeNow(secret) + "\"}",
                token);
        assertThat(disabled.status()).isEqualTo(204);
        assertThat(login(user, null).status()).isEqualTo(200);
    }

    private JsonNode status(String token) {
        Reply reply = server.send("GET", "/auth/totp", null, token);
        assertThat(reply.status()).isEqualTo(200);
        return reply.json();
    }
}
