package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.gateway.config.WeixinFamily;
import io.switchboard.testkit.weixin.FakeIlink;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The personal-WeChat bot's QR login through the admin API of a real gateway, against the fake iLink API on
 * loopback: started, scanned, confirmed into one binding; and when the iLink API cannot be reached the
 * start is a 502 naming it, never a 500 (issue 13, Found 7: schemathesis's admin pass found the 500).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IlinkLoginEndToEndTest {
    private static final String LOGINS = "/admin/v1/apps/" + TestApps.APP + "/channels/logins";

    private FakeIlink ilink;
    private Gateway gateway;
    private HttpTestClient admin;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        ilink = FakeIlink.start("ilink-login-bot-token-0123", 200);
        gateway = Gateway.start(TestGateways.config(dir, TestGateways.Cluster.create(dir), 0)
                .wechatIlink(new WeixinFamily.Ilink(
                        ilink.baseUrl(),
                        ilink.cdnBaseUrl(),
                        null,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        null,
                        null,
                        0,
                        null))
                .build());
        admin = new HttpTestClient("http://127.0.0.1:" + gateway.port())
                .login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
    }

    @AfterAll
    void stop() throws Exception {
        gateway.close();
        ilink.close();
    }

    @Test
    void should_start_poll_and_confirm_a_login_into_one_binding_then_answer_502_when_ilink_is_gone() {
        // given a login started through the admin API
        HttpTestClient.Reply started = admin.send("POST", LOGINS, "{\"type\":\"wechat-ilink\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String loginId = started.json().get("loginId").asText();
        assertThat(loginId).isEqualTo(ilink.lastQrCode());
        assertThat(started.json().get("qrCodeUrl").asText()).endsWith(loginId);
        String poll = LOGINS + "/" + loginId + "?type=wechat-ilink";
        assertThat(admin.send("GET", poll, null).json().get("status").asText()).isEqualTo("waiting");

        // when the owner scans and confirms on the phone
        ilink.scan(loginId);
        assertThat(admin.send("GET", poll, null).json().get("status").asText()).isEqualTo("scanned");
        ilink.confirm(loginId);
        HttpTestClient.Reply confirmed = admin.send("GET", poll, null);

        // then the binding exists, its token never shown, and a repeated poll names the same one
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.json().get("status").asText()).isEqualTo("confirmed");
        assertThat(confirmed.body()).doesNotContain("ilink-login-bot-token");
        String bindingId = confirmed.json().get("bindingId").asText();
        assertThat(admin.send("GET", poll, null).json().get("bindingId").asText())
                .isEqualTo(bindingId);

        // and once the iLink API is gone, starting a login is the platform's failure, not the gateway's
        ilink.close();
        HttpTestClient.Reply unreachable = admin.send("POST", LOGINS, "{\"type\":\"wechat-ilink\"}");
        assertThat(unreachable.status()).as(unreachable.body()).isEqualTo(502);
        assertThat(unreachable.json().at("/error/code").asText()).isEqualTo("login_unavailable");
        assertThat(unreachable.body()).contains("wechat-ilink login service");
    }
}
