package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.channels.ilink.WeChatIlinkChannel;
import io.switchboard.channels.ilink.WeChatIlinkOptions;
import io.switchboard.channels.wechatkf.WeChatKfChannel;
import io.switchboard.channels.wechatkf.WeChatKfOptions;
import io.switchboard.channels.wecomaibot.WeComAiBotChannel;
import io.switchboard.channels.wecomaibot.WeComAiBotOptions;
import io.switchboard.testkit.FakeWeComAiBot;
import io.switchboard.testkit.weixin.FakeIlink;
import io.switchboard.testkit.weixin.FakeWeChatKf;
import io.switchboard.testkit.weixin.WeixinCrypto;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The WeChat family's lease holders killed on real Hazelcast: two embedded members joined over TCP-IP
 * on loopback, one H2 database. The WeCom AI bot's holder dies mid-stream; the customer-service and
 * iLink pollers die between claiming a batch and committing its cursor. Every message is answered
 * exactly once, by the survivor, and the survivor goes on from the committed cursor.
 */
class WeixinFamilyClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration LEASE = Duration.ofSeconds(1);
    private static final Duration GRACE = Duration.ofMillis(1500);
    private static final String BINDING = "wxf-1";

    private WeixinFamilyMembers members;
    private AutoCloseable fake;

    @AfterEach
    void close() throws Exception {
        if (members != null) {
            members.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void should_answer_once_when_the_ai_bots_connection_holder_dies_mid_stream() {
        FakeWeComAiBot wecom = FakeWeComAiBot.start(0, true).addBot("aibWxf", "wxf-secret-0123456789");
        fake = wecom;
        WeComAiBotOptions options = WeComAiBotOptions.builder()
                .wsUrl(wecom.wsUrl())
                .leaseTtl(LEASE)
                .recoveryGrace(GRACE)
                .reconnectBackoff(Duration.ofMillis(100))
                .streamInterval(Duration.ZERO)
                .chatPushInterval(Duration.ZERO)
                .botPushesPerSecond(1000)
                .build();
        members = new WeixinFamilyMembers()
                .start(
                        i -> WeComAiBotChannel.create(options),
                        BINDING,
                        new JsonObject().put("botId", "aibWxf").put("secret", "wxf-secret-0123456789"),
                        200);
        String lease = "wecom-aibot:" + BINDING;
        int holder = await().atMost(WAIT).until(() -> members.holder(lease), h -> h >= 0);
        await().atMost(WAIT).until(() -> wecom.subscribed("aibWxf"));

        String reqId = wecom.pushText("aibWxf", "wxf-m1", "lisi", "tell me about the cluster");
        await().atMost(WAIT).until(() -> {
            FakeWeComAiBot.Stream s = wecom.streams().get(reqId);
            return s != null && s.frames().size() >= 2;
        });
        members.kill(members.member(holder));

        await().atMost(WAIT).until(() -> members.holder(lease) == 1 - holder);
        await().atMost(WAIT).until(() -> "1".equals(members.durable("wecom-aibot-msg:" + BINDING + ":wxf-m1")));
        assertThat(wecom.streams().get(reqId).finished())
                .as("the dead member's stream")
                .isFalse();
        assertThat(wecom.pushes())
                .extracting(FakeWeComAiBot.Push::content)
                .containsExactly("echo: tell me about the cluster");

        String next = wecom.pushText("aibWxf", "wxf-m2", "lisi", "and now?");
        await().atMost(WAIT).until(() -> wecom.finishedStreams("wxf-m2").size() == 1);
        assertThat(wecom.streams().get(next).content()).isEqualTo("echo: and now?");
        assertThat(wecom.finishedAnswers()).isEqualTo(2);
    }

    @Test
    void should_answer_a_batch_once_when_the_customer_service_poller_dies_before_its_cursor() {
        FakeWeChatKf wecom = FakeWeChatKf.start("wwwxf01", "wxf-kf-secret-0123");
        fake = wecom;
        WeChatKfOptions options = WeChatKfOptions.builder()
                .apiBaseUrl(wecom.apiBaseUrl())
                .leaseTtl(LEASE)
                .recoveryGrace(GRACE)
                .pollInterval(Duration.ofMillis(200))
                .retryBackoff(Duration.ofMillis(100))
                .sendInterval(Duration.ZERO)
                .build();
        members = new WeixinFamilyMembers()
                .start(
                        i -> WeChatKfChannel.create(options),
                        BINDING,
                        new JsonObject()
                                .put("corpId", "wwwxf01")
                                .put("secret", "wxf-kf-secret-0123")
                                .put("token", "wxftoken")
                                .put("encodingAesKey", WeixinCrypto.newEncodingAesKey()),
                        20);
        String lease = "wechat-kf:" + BINDING;
        await().atMost(WAIT).until(() -> members.holder(lease), h -> h >= 0);
        await().atMost(WAIT).until(() -> !wecom.syncs().isEmpty());

        // Dies committing the cursor past a message: after the batch's claims, before the cursor.
        members.dieAtWrite((key, value) -> key.startsWith("wechat-kf-cursor:") && !value.equals("c0"));
        List<String> batch = List.of(
                wecom.customerSays("wkWxf", "wmA", "first"),
                wecom.customerSays("wkWxf", "wmB", "second"),
                wecom.customerSays("wkWxf", "wmC", "third"));
        WeixinFamilyMembers.Member dying = awaitDeath();
        members.kill(dying);

        for (String msgid : batch) {
            await().atMost(WAIT).until(() -> "1".equals(members.durable("wechat-kf-msg:" + BINDING + ":" + msgid)));
        }
        // Read until found: on a loaded machine a renewal can come late and the lease lapse briefly.
        await().atMost(WAIT).until(() -> members.holder(lease) == 1 - dying.index);
        assertThat(perUser(wecom.sent(), FakeWeChatKf.Sent::externalUserId))
                .isEqualTo(Map.of("wmA", 1L, "wmB", 1L, "wmC", 1L));

        // The survivor committed the batch's cursor: a new message once, the batch not again.
        String later = wecom.customerSays("wkWxf", "wmA", "later");
        await().atMost(WAIT).until(() -> "1".equals(members.durable("wechat-kf-msg:" + BINDING + ":" + later)));
        assertThat(wecom.sent())
                .extracting(FakeWeChatKf.Sent::content)
                .containsExactlyInAnyOrder("echo: first", "echo: second", "echo: third", "echo: later");
    }

    @Test
    void should_answer_a_batch_once_when_the_ilink_poller_dies_before_its_buf() {
        FakeIlink wechat = FakeIlink.start("wxf-bot-token-0123456789", 300);
        fake = wechat;
        WeChatIlinkOptions options = WeChatIlinkOptions.builder()
                .apiBaseUrl(wechat.baseUrl())
                .cdnBaseUrl(wechat.cdnBaseUrl())
                .leaseTtl(LEASE)
                .recoveryGrace(GRACE)
                .longPollTimeout(Duration.ofSeconds(1))
                .retryBackoff(Duration.ofMillis(100))
                .botMessagesPerSecond(1000)
                .userInterval(Duration.ZERO)
                .build();
        members = new WeixinFamilyMembers()
                .start(
                        i -> WeChatIlinkChannel.create(options),
                        BINDING,
                        new JsonObject().put("botToken", "wxf-bot-token-0123456789"),
                        20);
        String lease = "wechat-ilink:" + BINDING;
        await().atMost(WAIT).until(() -> members.holder(lease), h -> h >= 0);

        // Dies committing a buf past a message (the fake's buf is base64 of the count read; "MA==" = 0).
        members.dieAtWrite((key, value) -> key.startsWith("wechat-ilink-buf:") && !value.equals("MA=="));
        List<String> batch = List.of(
                wechat.userSays("a@im.wechat", "first"),
                wechat.userSays("b@im.wechat", "second"),
                wechat.userSays("c@im.wechat", "third"));
        WeixinFamilyMembers.Member dying = awaitDeath();
        members.kill(dying);

        for (String id : batch) {
            await().atMost(WAIT).until(() -> "1".equals(members.durable("wechat-ilink-msg:" + BINDING + ":" + id)));
        }
        // Read until found: on a loaded machine a renewal can come late and the lease lapse briefly.
        await().atMost(WAIT).until(() -> members.holder(lease) == 1 - dying.index);
        assertThat(perUser(wechat.sent(), FakeIlink.Sent::toUserId))
                .isEqualTo(Map.of("a@im.wechat", 1L, "b@im.wechat", 1L, "c@im.wechat", 1L));

        String later = wechat.userSays("a@im.wechat", "later");
        await().atMost(WAIT).until(() -> "1".equals(members.durable("wechat-ilink-msg:" + BINDING + ":" + later)));
        assertThat(wechat.sent())
                .extracting(FakeIlink.Sent::text)
                .containsExactlyInAnyOrder("echo: first", "echo: second", "echo: third", "echo: later");
    }

    /** The member whose armed durable write killed it (it claimed the batch, the cursor stayed). */
    private WeixinFamilyMembers.Member awaitDeath() {
        return await().atMost(WAIT)
                .until(
                        () -> members.members.stream()
                                .filter(m -> m.dead)
                                .findFirst()
                                .orElse(null),
                        m -> m != null);
    }

    private static <T> Map<String, Long> perUser(List<T> sent, Function<T, String> user) {
        return sent.stream().collect(Collectors.groupingBy(user, Collectors.counting()));
    }
}
