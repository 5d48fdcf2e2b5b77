package io.switchboard.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.testkit.BotApiFailure;
import io.switchboard.testkit.FakeTelegramBotApi;
import io.switchboard.testkit.TelegramUpdates;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Accepted updates survive the death of the member that accepted them: answered once, by another. */
class TelegramRecoveryTest {
    private static final long USER = 111;
    private static final Duration GRACE = Duration.ofMillis(800);
    private TelegramFixture fixture;
    private FakeTelegramBotApi api;

    @BeforeEach
    void start() {
        fixture = TelegramFixture.start(options -> options.recoveryGrace(GRACE));
        api = fixture.api;
        fixture.bindWebhook("b1");
        await().atMost(Duration.ofSeconds(10)).until(() -> api.webhookUrl() != null);
        // Slow turns: about a second per answer, so a member can die in the middle of one.
        fixture.turns.chunks(2, 150);
    }

    /** Posts to the first member's webhook route, wherever the webhook is registered at the moment. */
    private void postToMember0(String text) {
        String url = fixture.member(0).publicUrl() + TelegramChannel.WEBHOOK_PREFIX + "b1";
        assertThat(api.postToWebhook(
                        url, api.withId(TelegramUpdates.privateText(USER, text)).encode(), TelegramFixture.SECRET))
                .isEqualTo(200);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void should_leave_no_in_flight_record_once_an_update_is_answered() {
        postToMember0("hello");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> fixture.turns.received().size() == 1);
        // The record rides in the durable dedupe claim; a plain text update stays far below the store's limit.
        assertThat(fixture.inflight("b1"))
                .singleElement()
                .satisfies(record -> assertThat(record.value())
                        .startsWith(InflightUpdates.PREFIX)
                        .contains("\"text\":\"hello\"")
                        .hasSizeLessThan(600));

        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).equals(List.of("You said: hello")));
        await().atMost(Duration.ofSeconds(5)).until(() -> fixture.inflight("b1").isEmpty());
    }

    @Test
    void should_mark_done_an_update_whose_answer_telegram_refused_and_not_answer_it_again() {
        fixture.addMember("member-1");
        api.failNext("sendMessageDraft", BotApiFailure.blockedByUser());
        api.failNext("sendMessage", BotApiFailure.blockedByUser());
        postToMember0("blocked?");

        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.turns.completed() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> fixture.inflight("b1").isEmpty());
        // The recovering member has nothing to take: the refusal was an answer of sorts.
        await().during(GRACE.multipliedBy(2))
                .atMost(GRACE.multipliedBy(4))
                .until(() -> fixture.turns.received().size() == 1);
        assertThat(api.messages(USER)).isEmpty();
    }

    @Test
    void should_answer_an_update_once_on_another_member_when_the_accepting_member_dies_mid_answer() {
        fixture.addMember("member-1");
        postToMember0("are you there?");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> fixture.turns.received().size() == 1);

        fixture.crashMember(0);

        await().atMost(Duration.ofSeconds(15))
                .until(() -> api.messages(USER).equals(List.of("You said: are you there?")));
        assertThat(fixture.turns.received())
                .extracting(InboundMessage::text)
                .containsExactly("are you there?", "are you there?");
        await().atMost(Duration.ofSeconds(5)).until(() -> fixture.inflight("b1").isEmpty());
        // Several more recovery rounds pass: nothing is answered twice.
        await().during(GRACE.multipliedBy(2))
                .atMost(GRACE.multipliedBy(4))
                .until(() -> api.messages(USER).size() == 1
                        && fixture.turns.received().size() == 2);
    }

    @Test
    void should_not_answer_again_when_the_member_dies_right_after_telegram_accepted_its_answer() {
        fixture.addMember("member-1");
        // Member 0 is killed once Telegram has taken its answer, before the response reaches it.
        api.afterAccepting("sendMessage", () -> fixture.crashMember(0));
        postToMember0("sent, then killed");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.messages(USER).equals(List.of("You said: sent, then killed")));
        // The record says the answer was being sent: member 1 settles it instead of answering again.
        await().atMost(Duration.ofSeconds(15))
                .until(() -> fixture.inflight("b1").isEmpty());
        await().during(GRACE.multipliedBy(3))
                .atMost(GRACE.multipliedBy(6))
                .until(() -> api.messages(USER).size() == 1
                        && fixture.turns.received().size() == 1);
        assertThat(fixture.durable
                        .list("telegram-update:b1:", InflightUpdates.UNCONFIRMED, 10)
                        .await())
                .singleElement()
                .satisfies(record -> assertThat(record.value()).contains("sent, then killed", "\"sending\":"));
    }

    @Test
    void should_answer_on_another_member_when_the_accepting_member_dies_just_before_sending_its_answer() {
        fixture.addMember("member-1");
        // Killed while its last preview is shown: the answer itself never left, so member 1 answers.
        api.afterAccepting("sendMessageDraft", () -> fixture.crashMember(0));
        postToMember0("killed before the answer");

        await().atMost(Duration.ofSeconds(15))
                .until(() -> api.messages(USER).equals(List.of("You said: killed before the answer")));
        await().atMost(Duration.ofSeconds(5)).until(() -> fixture.inflight("b1").isEmpty());
        await().during(GRACE.multipliedBy(3))
                .atMost(GRACE.multipliedBy(6))
                .until(() -> api.messages(USER).size() == 1
                        && fixture.turns.received().size() == 2);
        assertThat(fixture.durable
                        .list("telegram-update:b1:", InflightUpdates.UNCONFIRMED, 10)
                        .await())
                .isEmpty();
    }

    @Test
    void should_answer_once_when_several_surviving_members_look_for_orphaned_updates() {
        fixture.addMember("member-1");
        fixture.addMember("member-2");
        postToMember0("one");
        postToMember0("two");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> fixture.turns.received().size() == 1);

        fixture.crashMember(0);

        await().atMost(Duration.ofSeconds(15)).until(() -> api.messages(USER).size() >= 2);
        await().during(GRACE.multipliedBy(2))
                .atMost(GRACE.multipliedBy(4))
                .until(() -> api.messages(USER).size() == 2);
        assertThat(api.messages(USER)).containsExactlyInAnyOrder("You said: one", "You said: two");
        assertThat(fixture.inflight("b1")).isEmpty();
    }

    @Test
    void should_answer_a_redelivered_update_whose_member_died_between_its_shared_and_durable_claims() {
        fixture.addMember("member-1");
        JsonObject update = api.withId(TelegramUpdates.privateText(USER, "half claimed"));
        String key = "telegram-update:b1:" + update.getInteger("update_id");
        // Member 0 took the update in shared state and was killed before its durable claim: the shared
        // claim lives on in the cluster, no in-flight record exists, and Telegram got no 200.
        fixture.state.put(key, "1", Duration.ofHours(1)).await();
        fixture.crashMember(0);

        String url = fixture.member(1).publicUrl() + TelegramChannel.WEBHOOK_PREFIX + "b1";
        assertThat(api.postToWebhook(url, update.encode(), TelegramFixture.SECRET))
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(15))
                .until(() -> api.messages(USER).equals(List.of("You said: half claimed")));
        // A further redelivery is a true repeat now: the durable claim says so.
        assertThat(api.postToWebhook(url, update.encode(), TelegramFixture.SECRET))
                .isEqualTo(200);
        await().during(GRACE.multipliedBy(2))
                .atMost(GRACE.multipliedBy(4))
                .until(() -> api.messages(USER).size() == 1
                        && fixture.turns.received().size() == 1);
        assertThat(fixture.inflight("b1")).isEmpty();
    }

    @Test
    void should_answer_what_a_crashed_lone_member_left_after_the_whole_cluster_restarted() {
        postToMember0("before the outage");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> fixture.turns.received().size() == 1);
        fixture.crashMember(0);
        fixture.state.restartCluster();

        fixture.addMember("member-1");

        await().atMost(Duration.ofSeconds(15))
                .until(() -> api.messages(USER).equals(List.of("You said: before the outage")));
        await().atMost(Duration.ofSeconds(5)).until(() -> fixture.inflight("b1").isEmpty());
    }

    @Test
    void should_answer_once_when_a_member_stops_gracefully_while_its_answer_takes_longer_than_the_grace() {
        fixture.addMember("member-1");
        // About 3 s per answer, several times the grace (and the heartbeat's lifetime).
        fixture.turns.chunks(2, 300);
        postToMember0("slow goodbye");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> fixture.turns.received().size() == 1);

        // Member 0 is stopped (a rolling restart): it drains, so its answer still goes out.
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> fixture.stopMember(0));
        await().atMost(Duration.ofSeconds(20)).until(() -> !api.messages(USER).isEmpty());
        stopping.join();

        // Member 1 must not take it for a dead member's update and answer it again.
        await().during(GRACE.multipliedBy(4))
                .atMost(GRACE.multipliedBy(8))
                .until(() -> api.messages(USER).size() == 1
                        && fixture.turns.received().size() == 1);
        assertThat(api.messages(USER)).containsExactly("You said: slow goodbye");
    }
}
