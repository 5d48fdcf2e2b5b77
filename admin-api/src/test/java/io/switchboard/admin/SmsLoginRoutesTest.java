package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.admin.AdminApiServer.Reply;
import io.switchboard.admin.sms.TencentSmsSender;
import io.switchboard.runtime.access.AdminUser;
import io.switchboard.runtime.access.PasswordHasher;
import io.switchboard.runtime.access.Workspace;
import io.switchboard.runtime.access.WorkspaceRole;
import io.switchboard.runtime.audit.AuditQuery;
import io.switchboard.runtime.net.NetPolicy;
import io.switchboard.runtime.net.SafeHttpClient;
import io.switchboard.runtime.security.Secret;
import io.switchboard.testkit.sms.FakeTencentSms;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Phone number + SMS code end to end: link a number while logged in, then log in with a code. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmsLoginRoutesTest {
    private static final String PASSWORD = "Phone-user password 2026";
    private static final AtomicInteger NUMBERS = new AtomicInteger(10_000_000);
    private AdminApiServer server;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = AdminApiServer.start(dir);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private static String newPhone() {
        return "+86138" + NUMBERS.incrementAndGet();
    }

    /** A new admin with {@code phone} linked through the SMS flow; returns the admin's token. */
    private String adminWithPhone(String name, String phone) {
        server.database.adminUsers().upsert(new AdminUser(name, PasswordHasher.hash(PASSWORD), Instant.now()));
        server.database.workspaces().putMember(Workspace.DEFAULT_ID, name, WorkspaceRole.VIEWER);
        String token = server.send(
                        "POST",
                        "/auth/login",
                        "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}",
                        null)
                .json()
                .get("token")
                .asText();
        Reply send = server.send("POST", "/auth/identities/phone/send", "{\"phone\":\"" + phone + "\"}", token);
        assertThat(send.status()).isEqualTo(202);
        Reply link = server.send(
                "POST",
                "/auth/identities/phone",
                "{\"phone\":\"" + phone + "\",\"code\":\"" + server.sms.lastCodeTo(phone) + "\"}",
                token);
        assertThat(link.status()).isEqualTo(201);
        server.clock.advance(Duration.ofMinutes(2)); // past the resend interval
        return token;
    }

    private Reply sendCode(String phone) {
        return server.send("POST", "/auth/sms/send", "{\"phone\":\"" + phone + "\"}", null);
    }

    private Reply login(String phone, String code) {
        return server.send("POST", "/auth/sms/login", "{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}", null);
    }

    @Test
    void should_log_in_with_the_code_sent_to_a_linked_number_once() {
        String phone = newPhone();
        String token = adminWithPhone("sms-alice", phone);

        Reply sent = sendCode(phone);
        assertThat(sent.status()).isEqualTo(202);
        assertThat(sent.json().get("expiresInSeconds").asInt()).isEqualTo(300);
        String code = server.sms.lastCodeTo(phone);
        assertThat(code).matches("\\d{6}");

        Reply loggedIn = login(phone, code);
        assertThat(loggedIn.status()).isEqualTo(200);
        assertThat(server.lastHeaders().firstValue("cache-control")).contains("no-store");
        String smsToken = loggedIn.json().get("token").asText();
        assertThat(server.send("GET", "/apps", null, smsToken).status()).isEqualTo(200);
        assertThat(AuthRoutesTest.sessionOf(smsToken)).isNotEqualTo(AuthRoutesTest.sessionOf(token));
        Reply again = login(phone, code);
        assertThat(again.status()).as("single use").isEqualTo(401);
        assertThat(again.json().at("/error/code").asText()).isEqualTo("invalid_code");
        Reply mine = server.send("GET", "/auth/identities", null, smsToken);
        assertThat(mine.json().at("/items/0/provider").asText()).isEqualTo("phone");
        assertThat(mine.json().at("/items/0/subject").asText()).isEqualTo(phone);
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(server
                                .database
                                .audit()
                                .query(new AuditQuery(null, "sms-alice", null, null, null, null, null, 0, 50))
                                .stream()
                                .map(e -> e.action())
                                .toList())
                        .contains("identity.link", "login.sms"));
    }

    @Test
    void should_refuse_an_expired_code_and_burn_one_after_five_wrong_answers() {
        String phone = newPhone();
        adminWithPhone("sms-bob", phone);

        sendCode(phone);
        String expired = server.sms.lastCodeTo(phone);
        server.clock.advance(Duration.ofMinutes(6));
        assertThat(login(phone, expired).status()).isEqualTo(401);

        sendCode(phone);
        String code = server.sms.lastCodeTo(phone);
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            assertThat(login(phone, wrong).status()).isEqualTo(401);
        }
        Reply afterGuesses = login(phone, code);
        assertThat(afterGuesses.status()).as("burnt, or the account is locked").isIn(401, 429);
    }

    @Test
    void should_limit_codes_per_number_and_answer_429_with_retry_after() {
        String phone = newPhone();
        adminWithPhone("sms-carol", phone);

        assertThat(sendCode(phone).status()).isEqualTo(202);
        Reply tooSoon = sendCode(phone);
        assertThat(tooSoon.status()).isEqualTo(429);
        assertThat(tooSoon.json().at("/error/message").asText()).contains("a moment ago");
        assertThat(server.lastHeaders().firstValue("retry-after")).isPresent();
        int sent = server.sms.count();

        for (int i = 0; i < 3; i++) {
            server.clock.advance(Duration.ofMinutes(2));
            assertThat(sendCode(phone).status()).isEqualTo(202);
        }
        server.clock.advance(Duration.ofMinutes(2));
        Reply hourly = sendCode(phone);
        assertThat(hourly.status())
                .as("the link code and four login codes fill the hour")
                .isEqualTo(429);
        assertThat(hourly.json().at("/error/message").asText()).contains("to this number");
        assertThat(server.sms.count()).isEqualTo(sent + 3);
    }

    @Test
    void should_answer_the_same_for_an_unknown_number_and_send_nothing() {
        int before = server.sms.count();

        Reply unknown = sendCode(newPhone());

        assertThat(unknown.status()).isEqualTo(202);
        assertThat(server.sms.count()).isEqualTo(before);
        assertThat(login(newPhone(), "123456").status()).isEqualTo(401);
    }

    @Test
    void should_refuse_bad_input_with_400_naming_the_field() {
        Reply notAPhone = sendCode("call me maybe");
        Reply noCode = server.send("POST", "/auth/sms/login", "{\"phone\":\"+8613800138000\"}", null);
        Reply letters = login("+8613800138000", "abcdef");
        Reply extra = server.send("POST", "/auth/sms/send", "{\"phone\":\"+8613800138000\",\"x\":1}", null);

        assertThat(notAPhone.status()).isEqualTo(400);
        assertThat(notAPhone.json().at("/error/message").asText()).contains("phone", "E.164");
        assertThat(noCode.status()).isEqualTo(400);
        assertThat(noCode.json().at("/error/message").asText()).contains("code");
        assertThat(letters.status()).isEqualTo(400);
        assertThat(extra.status()).isEqualTo(400);
    }

    @Test
    void should_let_an_admin_link_and_unlink_a_number_of_another_admin() {
        String phone = newPhone();
        server.database.adminUsers().upsert(new AdminUser("sms-dave", PasswordHasher.hash(PASSWORD), Instant.now()));
        String admin = server.login();

        Reply linked = server.send(
                "POST",
                "/identities",
                "{\"username\":\"sms-dave\",\"provider\":\"phone\",\"subject\":\"" + phone + "\"}",
                admin);
        Reply twice = server.send(
                "POST",
                "/identities",
                "{\"username\":\"admin\",\"provider\":\"phone\",\"subject\":\"" + phone + "\"}",
                admin);
        Reply noUser = server.send(
                "POST",
                "/identities",
                "{\"username\":\"nobody\",\"provider\":\"phone\",\"subject\":\"+8613000000000\"}",
                admin);
        Reply badProvider = server.send(
                "POST", "/identities", "{\"username\":\"sms-dave\",\"provider\":\"myspace\",\"subject\":\"x\"}", admin);
        Reply list = server.send("GET", "/identities?username=sms-dave", null, admin);

        assertThat(linked.status()).isEqualTo(201);
        assertThat(twice.status()).isEqualTo(409);
        assertThat(noUser.status()).isEqualTo(400);
        assertThat(badProvider.status()).isEqualTo(400);
        assertThat(badProvider.json().at("/error/message").asText()).contains("provider");
        assertThat(list.json().get("items")).hasSize(1);
        sendCode(phone);
        assertThat(login(phone, server.sms.lastCodeTo(phone)).status()).isEqualTo(200);

        String encoded = java.net.URLEncoder.encode(phone, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(server.send("DELETE", "/identities/phone/" + encoded, null, admin)
                        .status())
                .isEqualTo(204);
        assertThat(server.send("DELETE", "/identities/phone/" + encoded, null, admin)
                        .status())
                .isEqualTo(404);
        server.clock.advance(Duration.ofMinutes(2));
        int before = server.sms.count();
        sendCode(phone);
        assertThat(server.sms.count()).as("an unlinked number gets no code").isEqualTo(before);
    }

    @Test
    void should_deliver_the_code_through_tencent_cloud_sms_end_to_end() {
        try (FakeTencentSms tencent = FakeTencentSms.start("AKID-e2e", "e2e-secret", "1400000009")) {
            server.sms.forwardTo(new TencentSmsSender(
                    new TencentSmsSender.Config(
                            "AKID-e2e",
                            Secret.of("e2e-secret"),
                            "1400000009",
                            "Switchboard",
                            "300001",
                            null,
                            URI.create(tencent.endpoint())),
                    SafeHttpClient.create(
                            NetPolicy.builder().allowlist(List.of("127.0.0.1")).build()),
                    Clock.systemUTC()));
            try {
                String phone = newPhone();
                adminWithPhone("sms-erin", phone);

                assertThat(sendCode(phone).status()).isEqualTo(202);

                assertThat(login(phone, tencent.lastCodeTo(phone)).status()).isEqualTo(200);
                assertThat(tencent.refused()).isZero();
            } finally {
                server.sms.forwardTo(null);
            }
        }
    }
}
