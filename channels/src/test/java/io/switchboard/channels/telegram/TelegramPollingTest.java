package io.switchboard.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.testkit.FakeTelegramBotApi;
import io.switchboard.testkit.TelegramUpdates;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TelegramPollingTest {
    private static final long USER = 444;
    private TelegramFixture fixture;
    private FakeTelegramBotApi api;

    @BeforeEach
    void start() {
        fixture = TelegramFixture.start();
        api = fixture.api;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void should_poll_answer_and_move_the_offset_past_accepted_updates() {
        fixture.bindPolling("p1");

        int id = api.enqueue(TelegramUpdates.privateText(USER, "polled"));

        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).size() == 1);
        assertThat(api.messages(USER)).containsExactly("You said: polled");
        assertThat(api.calls("deleteWebhook")).isNotEmpty();
        assertThat(fixture.state.peek(UpdatePoller.offsetKey("p1"))).isEqualTo(Integer.toString(id + 1));
        // The next getUpdates carries the offset, which confirms the update at Telegram.
        await().atMost(Duration.ofSeconds(10)).until(() -> api.pendingUpdates() == 0);
        // A polling binding has no webhook to call.
        String webhook = fixture.member(0).publicUrl() + "/telegram/p1";
        assertThat(api.postToWebhook(
                        webhook,
                        api.withId(TelegramUpdates.privateText(USER, "x")).encode(),
                        "any-secret"))
                .isEqualTo(404);
    }

    @Test
    void should_skip_a_malformed_update_in_a_batch_and_keep_polling() {
        fixture.bindPolling("p1");
        api.enqueue(new JsonObject().put("message", "oops"));
        api.enqueue(new JsonObject().put("callback_query", new JsonObject().put("from", 12)));
        int last = api.enqueue(TelegramUpdates.privateText(USER, "after the junk"));

        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).size() == 1);
        assertThat(fixture.turns.received()).extracting(InboundMessage::text).containsExactly("after the junk");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Integer.toString(last + 1).equals(fixture.state.peek(UpdatePoller.offsetKey("p1"))));
    }

    @Test
    void should_poll_on_one_member_and_hand_over_when_it_stops_with_no_update_lost_or_repeated() {
        fixture.addMember("member-1");
        fixture.bindPolling("p1");
        api.enqueue(TelegramUpdates.privateText(USER, "one"));
        api.enqueue(TelegramUpdates.privateText(USER, "two"));
        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).size() == 2);
        String holder = fixture.state.peek("lease:" + UpdatePoller.leaseName("p1"));
        assertThat(holder).isIn("member-0", "member-1");

        fixture.stopMember(holder.equals("member-0") ? 0 : 1);
        api.enqueue(TelegramUpdates.privateText(USER, "three"));
        api.enqueue(TelegramUpdates.privateText(USER, "four"));

        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).size() == 4);
        assertThat(fixture.state.peek("lease:" + UpdatePoller.leaseName("p1"))).isNotEqualTo(holder);
        assertThat(fixture.turns.received())
                .extracting(InboundMessage::text)
                .containsExactly("one", "two", "three", "four");
        assertThat(api.messages(USER))
                .containsExactly("You said: one", "You said: two", "You said: three", "You said: four");
    }

    @Test
    void should_resume_from_the_durable_offset_when_the_whole_cluster_restarts() {
        fixture.bindPolling("p1");
        int first = api.enqueue(TelegramUpdates.privateText(USER, "before restart"));
        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).size() == 1);

        fixture.stopMember(0);
        fixture.state.restartCluster(); // the only member stopped: the cluster's memory is gone
        int callsBefore = api.calls().size();
        api.enqueue(TelegramUpdates.privateText(USER, "while down"));
        fixture.addMember("member-restarted").channel().accountChanged("p1");

        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).size() == 2);
        assertThat(fixture.turns.received())
                .extracting(InboundMessage::text)
                .containsExactly("before restart", "while down");
        // The new member asked from the stored offset: nothing was replayed, not even to be deduplicated.
        assertThat(api.calls().subList(callsBefore, api.calls().size()).stream()
                        .filter(c -> c.method().equals("getUpdates"))
                        .findFirst()
                        .orElseThrow()
                        .params()
                        .getValue("offset")
                        .toString())
                .isEqualTo(Integer.toString(first + 1));
    }
}
