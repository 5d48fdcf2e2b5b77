package io.switchboard.admin.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.runtime.net.NetPolicy;
import io.switchboard.runtime.net.SafeHttpClient;
import io.switchboard.runtime.security.Secret;
import io.switchboard.testkit.sms.FakeAliyunSms;
import io.switchboard.testkit.sms.FakeTencentSms;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The SMS adapters against loopback fakes of Alibaba Cloud SMS and Tencent Cloud SMS that check signatures. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmsSenderTest {
    private static final SafeHttpClient HTTP = SafeHttpClient.create(NetPolicy.builder()
            .allowlist(List.of("127.0.0.1"))
            .connectTimeout(Duration.ofSeconds(2))
            .totalTimeout(Duration.ofSeconds(5))
            .build());

    private FakeAliyunSms aliyun;
    private FakeTencentSms tencent;

    @BeforeAll
    void start() {
        aliyun = FakeAliyunSms.start("LTAI-test-id", "aliyun-test-secret");
        tencent = FakeTencentSms.start("AKID-test-id", "tencent-test-secret", "1400000001");
    }

    @AfterAll
    void stop() {
        aliyun.close();
        tencent.close();
    }

    private AliyunSmsSender aliyun(String secret) {
        return new AliyunSmsSender(
                new AliyunSmsSender.Config(
                        "LTAI-test-id", Secret.of(secret), "Switchboard", "SMS_100001", URI.create(aliyun.endpoint())),
                HTTP,
                Clock.systemUTC());
    }

    private TencentSmsSender tencent(String secret, Clock clock) {
        return new TencentSmsSender(
                new TencentSmsSender.Config(
                        "AKID-test-id",
                        Secret.of(secret),
                        "1400000001",
                        "Switchboard",
                        "200001",
                        null,
                        URI.create(tencent.endpoint())),
                HTTP,
                clock);
    }

    @Test
    void should_sign_like_the_alibaba_cloud_documentation_example() {
        // The worked example of RPC signature version 1.0 in Alibaba Cloud's documentation.
        Map<String, String> params = new TreeMap<>(Map.of(
                "AccessKeyId", "testid",
                "Action", "DescribeRegions",
                "Format", "XML",
                "SignatureMethod", "HMAC-SHA1",
                "SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
                "SignatureVersion", "1.0",
                "Timestamp", "2016-02-23T12:46:24Z",
                "Version", "2014-05-26"));

        assertThat(AliyunSmsSender.signature("GET", params, Secret.of("testsecret")))
                .isEqualTo("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
    }

    @Test
    void should_send_through_alibaba_cloud_with_a_signature_the_fake_accepts() {
        aliyun("aliyun-test-secret").send("+8613800138000", "123456", 5);
        aliyun("aliyun-test-secret").send("+85291234567", "654321", 5);

        assertThat(aliyun.messages()).hasSize(2);
        assertThat(aliyun.messages().get(0).phone())
                .as("mainland numbers without +86")
                .isEqualTo("13800138000");
        assertThat(aliyun.messages().get(0).template()).isEqualTo("SMS_100001");
        assertThat(aliyun.lastCodeTo("13800138000")).isEqualTo("123456");
        assertThat(aliyun.lastCodeTo("85291234567")).isEqualTo("654321");
    }

    @Test
    void should_report_alibaba_cloud_refusals_without_the_secret() {
        int refusedBefore = aliyun.refused();

        assertThatThrownBy(() -> aliyun("a-wrong-secret").send("+8613800138000", "123456", 5))
                .isInstanceOf(SmsException.class)
                .hasMessageContaining("SignatureDoesNotMatch")
                .hasMessageNotContaining("a-wrong-secret")
                .satisfies(e -> assertThat(((SmsException) e).retriable()).isFalse());
        assertThat(aliyun.refused()).isEqualTo(refusedBefore + 1);

        aliyun.failWith("isv.BUSINESS_LIMIT_CONTROL");
        try {
            assertThatThrownBy(() -> aliyun("aliyun-test-secret").send("+8613800138000", "123456", 5))
                    .isInstanceOf(SmsException.class)
                    .satisfies(e -> assertThat(((SmsException) e).retriable()).isTrue());
        } finally {
            aliyun.failWith(null);
        }
    }

    @Test
    void should_send_through_tencent_cloud_with_a_tc3_signature_the_fake_accepts() {
        tencent("tencent-test-secret", Clock.systemUTC()).send("+8613900139000", "246810", 5);

        assertThat(tencent.messages()).hasSize(1);
        assertThat(tencent.messages().get(0).phone()).isEqualTo("+8613900139000");
        assertThat(tencent.messages().get(0).params()).containsExactly("246810", "5");
        assertThat(tencent.messages().get(0).signName()).isEqualTo("Switchboard");
    }

    @Test
    void should_report_tencent_cloud_refusals_of_a_bad_or_stale_signature() {
        assertThatThrownBy(() -> tencent("wrong-key", Clock.systemUTC()).send("+8613900139000", "1", 5))
                .isInstanceOf(SmsException.class)
                .hasMessageContaining("AuthFailure.SignatureFailure")
                .hasMessageNotContaining("wrong-key");
        Clock stale = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10));
        assertThatThrownBy(() -> tencent("tencent-test-secret", stale).send("+8613900139000", "1", 5))
                .isInstanceOf(SmsException.class)
                .hasMessageContaining("AuthFailure.SignatureExpire");
        tencent.failWith("LimitExceeded.PhoneNumberDailyLimit");
        try {
            assertThatThrownBy(() ->
                            tencent("tencent-test-secret", Clock.systemUTC()).send("+8613900139000", "1", 5))
                    .isInstanceOf(SmsException.class)
                    .satisfies(e -> assertThat(((SmsException) e).retriable()).isTrue());
        } finally {
            tencent.failWith(null);
        }
    }

    @Test
    void should_refuse_an_endpoint_the_ssrf_guard_forbids() {
        SafeHttpClient strict = SafeHttpClient.create(NetPolicy.DEFAULT);
        TencentSmsSender sender = new TencentSmsSender(
                new TencentSmsSender.Config(
                        "AKID-test-id", Secret.of("k"), "1400000001", "S", "1", null, URI.create(tencent.endpoint())),
                strict,
                Clock.systemUTC());

        assertThatThrownBy(() -> sender.send("+8613900139000", "1", 5))
                .isInstanceOf(SmsException.class)
                .hasMessageContaining("could not be reached");
        assertThat(tencent.messages())
                .noneMatch(m -> m.params().get(0).equals("1") && m.phone().isEmpty());
    }

    @Test
    void should_normalize_phone_numbers_to_e164() {
        assertThat(SmsPhone.normalize("138 0013 8000")).contains("+8613800138000");
        assertThat(SmsPhone.normalize("+1 (415) 555-0100")).contains("+14155550100");
        assertThat(SmsPhone.normalize("12345")).isEmpty();
        assertThat(SmsPhone.normalize("+86abc")).isEmpty();
        assertThat(SmsPhone.masked("+8613800138000")).isEqualTo("+86138****8000");
    }
}
