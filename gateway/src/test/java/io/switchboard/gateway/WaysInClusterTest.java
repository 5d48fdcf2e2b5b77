package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.gateway.config.LoginConfig;
import io.switchboard.testkit.sms.FakeAliyunSms;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SMS codes on two members: the send limits are the cluster's, and a code sent by one member logs in on the other. */
class WaysInClusterTest {
    @Test
    void should_limit_sms_codes_across_the_cluster_and_accept_a_code_on_another_member(@TempDir Path dir)
            throws Exception {
        try (FakeAliyunSms aliyun = FakeAliyunSms.start("LTAI-cluster", "cluster-secret")) {
            LoginConfig login = new LoginConfig(
                    new LoginConfig.Sms(
                            "aliyun",
                            null,
                            null,
                            null,
                            null,
                            new LoginConfig.Aliyun(
                                    "LTAI-cluster", "cluster-secret", "Switchboard", "SMS_900001", aliyun.endpoint()),
                            null),
                    List.of(),
                    null,
                    null,
                    "127.0.0.1");
            TestGateways.Cluster cluster = TestGateways.Cluster.create(dir);
            Gateway first = null;
            Gateway second = null;
            try {
                first = Gateway.start(
                        TestGateways.config(dir, cluster, 0).login(login).build());
                second = Gateway.start(
                        TestGateways.config(dir, cluster, 1).login(login).build());
                HttpTestClient a = new HttpTestClient("http://127.0.0.1:" + first.port());
                HttpTestClient b = new HttpTestClient("http://127.0.0.1:" + second.port());
                String phone = "+8613711112222";
                HttpTestClient admin = new HttpTestClient("http://127.0.0.1:" + first.port())
                        .login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
                assertThat(admin.send(
                                        "POST",
                                        "/admin/v1/identities",
                                        "{\"username\":\"" + TestGateways.ADMIN
                                                + "\",\"provider\":\"phone\",\"subject\":\"" + phone + "\"}")
                                .status())
                        .isEqualTo(201);

                String body = "{\"phone\":\"" + phone + "\"}";
                assertThat(a.send("POST", "/admin/v1/auth/sms/send", body).status())
                        .isEqualTo(202);
                HttpTestClient.Reply again = b.send("POST", "/admin/v1/auth/sms/send", body);

                assertThat(again.status())
                        .as("the other member knows a code went out a moment ago")
                        .isEqualTo(429);
                assertThat(aliyun.messages()).hasSize(1);
                HttpTestClient.Reply loggedIn = b.send(
                        "POST",
                        "/admin/v1/auth/sms/login",
                        "{\"phone\":\"" + phone + "\",\"code\":\"" + aliyun.lastCodeTo("13711112222") + "\"}");
                assertThat(loggedIn.status()).isEqualTo(200);
                assertThat(a.send(
                                        "POST",
                                        "/admin/v1/auth/sms/login",
                                        "{\"phone\":\"" + phone + "\",\"code\":\"" + aliyun.lastCodeTo("13711112222")
                                                + "\"}")
                                .status())
                        .as("used once, on any member")
                        .isEqualTo(401);
            } finally {
                TestGateways.closeAll(second, first);
            }
        }
    }
}
