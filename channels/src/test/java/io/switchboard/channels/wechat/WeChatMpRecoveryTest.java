package io.switchboard.channels.wechat;

import static io.switchboard.channels.testing.ChannelContractTest.answerTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.channels.testing.ChannelTestServer;
import io.switchboard.testkit.weixin.OfficialAccount;
import io.switchboard.testkit.weixin.WeixinCallbacks;
import io.switchboard.testkit.weixin.WeixinCallbacks.Mode;
import io.switchboard.testkit.weixin.WeixinMessages;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A message accepted by a member that dies before answering is answered once, by the other member,
 * through the customer-service API (service accounts) or kept for the user's next message
 * (subscription accounts), after the recovery grace.
 */
class WeChatMpRecoveryTest {
    private static final Duration GRACE = Duration.ofMillis(800);
    private MpFixture fixture;

    @BeforeEach
    void start() {
        fixture = new MpFixture(WeChatOptions.builder()
                .platformDeadline(MpFixture.DEADLINE)
                .passiveBudget(MpFixture.BUDGET)
                .sendBackoff(Duration.ofMillis(10))
                .recoveryGrace(GRACE)
                .build());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static String user() {
        return "o" + UUID.randomUUID().toString().substring(0, 8);
    }

    private List<String> seen(String user) {
        return fixture.platform.seen(user).stream()
                .map(s -> s.via() + ":" + s.text())
                .toList();
    }

    @Test
    void should_answer_once_through_customer_service_when_the_accepting_member_dies_mid_turn() {
        OfficialAccount service = fixture.bind("svc", Mode.SAFE, true, null);
        String user = user();
        // Past the passive budget (a customer-service answer) and long enough for the member to die mid-turn.
        fixture.model.delay(Duration.ofSeconds(5));
        String xml = WeixinMessages.text(
                service.originalId(), user, WeixinCallbacks.now(), MpFixture.nextMsgId(), "where is my parcel?");

        // Every try on member 0, so that only recovery can answer once it is dead.
        var delivered = fixture.platform
                .callbacks()
                .deliverMp(service, Mode.SAFE, List.of(fixture.url(0, "svc")), xml, MpFixture.DEADLINE, 1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> fixture.turns.received().size() == 1);
        fixture.channels.get(0).crash();
        ChannelTestServer.await(delivered);

        long crashed = System.nanoTime();
        await().atMost(Duration.ofSeconds(40)).until(() -> !seen(user).isEmpty());
        assertThat(Duration.ofNanos(System.nanoTime() - crashed))
                .as("answered after the grace, within grace + a turn + scan slack")
                .isLessThan(GRACE.multipliedBy(3).plus(Duration.ofSeconds(5)).plus(Duration.ofSeconds(20)));
        await().during(GRACE.multipliedBy(3))
                .atMost(GRACE.multipliedBy(6))
                .until(() -> seen(user).size() == 1);
        assertThat(seen(user)).containsExactly("custom:" + answerTo("where is my parcel?"));
    }

    @Test
    void should_not_send_the_answer_again_when_the_cluster_dies_right_after_customer_service_accepted_it() {
        OfficialAccount service = fixture.bind("svc-sent", Mode.SAFE, true, null);
        String user = user();
        // Past the passive budget: the answer goes by customer service, and member 0 is killed once the
        // platform took it, before the response reaches it.
        fixture.model.delay(MpFixture.BUDGET.plusMillis(500));
        fixture.platform.afterAccepting("/cgi-bin/message/custom/send", () -> {
            fixture.channels.get(0).crash();
            // The whole cluster went down with it: the part claims and the stored answer in shared state
            // are gone, only the durable in-flight record is left (member 1 stands for the restarted cluster).
            fixture.shared.restartCluster();
        });
        String xml = WeixinMessages.text(
                service.originalId(), user, WeixinCallbacks.now(), MpFixture.nextMsgId(), "sent, then killed");

        var delivered = fixture.platform
                .callbacks()
                .deliverMp(service, Mode.SAFE, List.of(fixture.url(0, "svc-sent")), xml, MpFixture.DEADLINE, 1);
        ChannelTestServer.await(delivered);
        await().atMost(Duration.ofSeconds(15)).until(() -> !seen(user).isEmpty());

        // The record says that part was in flight: member 1 settles it instead of answering again.
        await().atMost(Duration.ofSeconds(15)).until(() -> inflight().isEmpty());
        await().during(GRACE.multipliedBy(3))
                .atMost(GRACE.multipliedBy(6))
                .until(() -> seen(user).size() == 1 && fixture.turns.received().size() == 1);
        assertThat(seen(user)).containsExactly("custom:" + answerTo("sent, then killed"));
        assertThat(ChannelTestServer.await(fixture.durable.list("wx-inflight:", "unconfirmed:", 10)))
                .singleElement()
                .satisfies(record -> assertThat(record.value()).contains("\"sending\":0"));
    }

    @Test
    void should_leave_nothing_to_recover_once_a_message_is_answered() {
        OfficialAccount service = fixture.bind("svc2", Mode.SAFE, true, null);
        String user = user();
        String xml =
                WeixinMessages.text(service.originalId(), user, WeixinCallbacks.now(), MpFixture.nextMsgId(), "hi");

        fixture.deliver(service, Mode.SAFE, "svc2", xml, 3);

        assertThat(seen(user)).containsExactly("passive:" + answerTo("hi"));
        await().atMost(Duration.ofSeconds(5)).until(this::nothingInFlight);
        fixture.channels.get(0).crash();
        await().during(GRACE.multipliedBy(3))
                .atMost(GRACE.multipliedBy(6))
                .until(() -> seen(user).size() == 1);
        assertThat(fixture.turns.received()).hasSize(1);
    }

    @Test
    void should_answer_a_retry_whose_member_died_between_its_shared_claim_and_its_in_flight_record() {
        OfficialAccount service = fixture.bind("svc3", Mode.SAFE, true, null);
        String user = user();
        long msgId = MpFixture.nextMsgId();
        String xml = WeixinMessages.text(service.originalId(), user, WeixinCallbacks.now(), msgId, "half claimed");
        // Member 0 claimed the message in shared state and was killed before writing its in-flight record:
        // the shared claim lives on in the cluster, there is nothing to recover, WeChat got no answer.
        ChannelTestServer.await(fixture.shared.put("wx:turn:svc3:" + msgId, "member-0", Duration.ofHours(1)));
        fixture.channels.get(0).crash();

        // WeChat's retry reaches member 1.
        var outcome = ChannelTestServer.await(fixture.callbacks()
                .deliverMp(service, Mode.SAFE, List.of(fixture.url(1, "svc3")), xml, MpFixture.DEADLINE, 1));

        assertThat(outcome.attempts().getLast().status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !seen(user).isEmpty());
        await().during(GRACE.multipliedBy(3))
                .atMost(GRACE.multipliedBy(6))
                .until(() -> seen(user).size() == 1 && fixture.turns.received().size() == 1);
        assertThat(seen(user)).containsExactly("passive:" + answerTo("half claimed"));
        await().atMost(Duration.ofSeconds(5)).until(this::nothingInFlight);
    }

    private boolean nothingInFlight() {
        return ChannelTestServer.await(fixture.durable.list("wx-inflight:", "inflight:", 100))
                .isEmpty();
    }

    private List<?> inflight() {
        return ChannelTestServer.await(fixture.durable.list("wx-inflight:", "inflight:", 100));
    }
}
