package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.gateway.config.LoginConfig;
import io.switchboard.testkit.login.FakeOidcProvider;
import io.switchboard.testkit.sms.FakeTencentSms;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code login} section wired into a whole gateway: the SMS provider and an OIDC provider from config. */
class WaysInGatewayTest {
    @Test
    void should_offer_the_configured_ways_in_and_log_in_by_sms_through_tencent_cloud(@TempDir Path dir)
            throws Exception {
        try (FakeTencentSms tencent = FakeTencentSms.start("AKID-gw", "gw-secret", "1400000042");
                FakeOidcProvider oidc = FakeOidcProvider.start("switchboard", "oidc-secret")) {
            LoginConfig login = new LoginConfig(
                    new LoginConfig.Sms(
                            "tencent",
                            null,
                            null,
                            null,
                            null,
                            null,
                            new LoginConfig.Tencent(
                                    "AKID-gw",
                                    "gw-secret",
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
            try (Gateway gateway = Gateway.start(
                    TestGateways.config(dir, cluster, 0).login(login).build())) {
                HttpTestClient anonymous = new HttpTestClient("http://127.0.0.1:" + gateway.port());
                HttpTestClient admin = new HttpTestClient("http://127.0.0.1:" + gateway.port())
                        .login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);

                HttpTestClient.Reply methods = anonymous.send("GET", "/admin/v1/auth/methods", null);
                assertThat(methods.status()).isEqualTo(200);
                assertThat(methods.json().get("sms").asText()).isEqualTo("tencent");
                assertThat(methods.json().findValuesAsText("key")).containsExactly("oidc:keycloak");
                HttpTestClient.Reply start =
                        anonymous.send("POST", "/admin/v1/auth/external/start", "{\"provider\":\"oidc:keycloak\"}");
                assertThat(start.status()).isEqualTo(200);
                assertThat(start.json().get("authorizationUrl").asText())
                        .startsWith(oidc.issuer() + "/authorize")
                        .contains("code_challenge_method=S256", "nonce=", "state=");

                String phone = "+8613512345678";
                assertThat(admin.send(
                                        "POST",
                                        "/admin/v1/identities",
                                        "{\"username\":\"" + TestGateways.ADMIN
                                                + "\",\"provider\":\"phone\",\"subject\":\"" + phone + "\"}")
                                .status())
                        .isEqualTo(201);
                assertThat(anonymous
                                .send("POST", "/admin/v1/auth/sms/send", "{\"phone\":\"" + phone + "\"}")
                                .status())
                        .isEqualTo(202);
                HttpTestClient.Reply loggedIn = anonymous.send(
                        "POST",
                        "/admin/v1/auth/sms/login",
                        "{\"phone\":\"" + phone + "\",\"code\":\"" + tencent.lastCodeTo(phone) + "\"}");
                assertThat(loggedIn.status()).isEqualTo(200);
                assertThat(loggedIn.json().get("token").asText()).isNotBlank();
                assertThat(tencent.refused()).isZero();
            }
        }
    }
}
