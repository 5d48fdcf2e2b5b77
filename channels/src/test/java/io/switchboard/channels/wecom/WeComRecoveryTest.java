package io.switchboard.channels.wecom;

import static io.switchboard.channels.testing.ChannelContractTest.answerTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.channels.testing.ChannelTestServer;
import io.switchboard.testkit.weixin.CorpApp;
import io.switchboard.testkit.weixin.Seen;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A WeCom message accepted by a member that dies before sending the answer is sent once, by the other. */
class WeComRecoveryTest {
    private static final Duration GRACE = Duration.ofMillis(800);
    private CpFixture fixture;

    @BeforeEach
    void start() {
        fixture = new CpFixture(WeComOptions.builder()
                .sendBackoff(Duration.ofMillis(10))
                .recoveryGrace(GRACE)
                .build());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void should_send_the_answer_once_from_the_other_member_when_the_accepting_member_dies_mid_turn() {
        CorpApp app = fixture.bind("wc-rec", 1000002, false);
        String user = "u" + UUID.randomUUID().toString().substring(0, 8);
        fixture.model.delay(Duration.ofSeconds(5)); // long enough for the member to die mid-turn

        fixture.deliver(app, "wc-rec", CpFixture.text(app, user, "refund status?"), List.of(fixture.url(0, "wc-rec")));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> fixture.turns.received().size() == 1);
        fixture.channels.get(0).crash();

        await().atMost(Duration.ofSeconds(15))
                .until(() -> !fixture.platform.seen(user).isEmpty());
        await().during(GRACE.multipliedBy(3))
                .atMost(GRACE.multipliedBy(6))
                .until(() -> fixture.platform.seen(user).size() == 1);
        assertThat(fixture.platform.seen(user))
                .containsExactly(new Seen(user, "app", "text", answerTo("refund status?")));
    }

    @Test
    void should_not_send_the_answer_again_when_the_cluster_dies_right_after_wecom_accepted_it() {
        CorpApp app = fixture.bind("wc-sent", 1000005, false);
        String user = "u" + UUID.randomUUID().toString().substring(0, 8);
        // Member 0 is killed once WeCom took its answer, before the response reaches it.
        fixture.platform.afterAccepting("/cgi-bin/message/send", () -> {
            fixture.channels.get(0).crash();
            // The whole cluster went down with it: the part claims in shared state are gone, only the
            // durable in-flight record is left (member 1 stands for the restarted cluster).
            fixture.shared.restartCluster();
        });

        fixture.deliver(
                app, "wc-sent", CpFixture.text(app, user, "sent, then killed"), List.of(fixture.url(0, "wc-sent")));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !fixture.platform.seen(user).isEmpty());

        // The record says that part was in flight: member 1 settles it instead of answering again (without
        // the journal it runs the turn again and, its part claims gone, sends the answer a second time).
        await().atMost(Duration.ofSeconds(15)).until(() -> inflight().isEmpty());
        await().during(GRACE.multipliedBy(3))
                .atMost(GRACE.multipliedBy(6))
                .until(() -> fixture.platform.seen(user).size() == 1
                        && fixture.turns.received().size() == 1);
        assertThat(fixture.platform.seen(user))
                .containsExactly(new Seen(user, "app", "text", answerTo("sent, then killed")));
        assertThat(ChannelTestServer.await(fixture.durable.list("wc-inflight:", "unconfirmed:", 10)))
                .singleElement()
                .satisfies(record -> assertThat(record.value()).contains("\"sending\":0"));
    }

    @Test
    void should_leave_nothing_to_recover_once_a_message_is_sent() {
        CorpApp app = fixture.bind("wc-ok", 1000003, false);
        String user = "u" + UUID.randomUUID().toString().substring(0, 8);

        fixture.deliver(app, "wc-ok", CpFixture.text(app, user, "hello"), List.of(fixture.url(0, "wc-ok")));

        await().atMost(Duration.ofSeconds(5))
                .until(() -> fixture.platform.seen(user).size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> inflight().isEmpty());
        fixture.channels.get(0).crash();
        await().during(GRACE.multipliedBy(3))
                .atMost(GRACE.multipliedBy(6))
                .until(() -> fixture.platform.seen(user).size() == 1);
        assertThat(fixture.turns.received()).hasSize(1);
    }

    @Test
    void should_answer_a_redelivery_whose_member_died_between_its_shared_claim_and_its_in_flight_record() {
        CorpApp app = fixture.bind("wc-half", 1000004, false);
        String user = "u" + UUID.randomUUID().toString().substring(0, 8);
        String xml = CpFixture.text(app, user, "half claimed");
        // Member 0 claimed the message in shared state and was killed before writing its in-flight record
        // (and before acknowledging it): the shared claim lives on, WeCom delivers the message again.
        String msgId = xml.replaceAll("(?s).*<MsgId>(\\d+)</MsgId>.*", "$1");
        String key = "wc:turn:wc-half:" + app.agentId() + ":m" + msgId;
        ChannelTestServer.await(fixture.shared.put(key, "member-0", Duration.ofHours(1)));
        fixture.channels.get(0).crash();

        fixture.deliver(app, "wc-half", xml, List.of(fixture.url(1, "wc-half")));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> !fixture.platform.seen(user).isEmpty());
        await().during(GRACE.multipliedBy(3))
                .atMost(GRACE.multipliedBy(6))
                .until(() -> fixture.platform.seen(user).size() == 1);
        assertThat(fixture.platform.seen(user))
                .containsExactly(new Seen(user, "app", "text", answerTo("half claimed")));
        await().atMost(Duration.ofSeconds(5)).until(() -> inflight().isEmpty());
    }

    private List<?> inflight() {
        return ChannelTestServer.await(fixture.durable.list("wc-inflight:", "inflight:", 100));
    }
}
