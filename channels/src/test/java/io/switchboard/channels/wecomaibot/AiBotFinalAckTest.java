package io.switchboard.channels.wecomaibot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testkit.FakeWeComAiBot;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The finish frame's ack lost with the connection (WeCom took the frame, the network failed before its
 * ack came back): after a frame showing the whole answer was acknowledged this is harmless — nothing is
 * pushed again. Before one, see {@link AiBotResumeTest}.
 */
class AiBotFinalAckTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private AiBotFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private AiBotFixture started() {
        fixture = AiBotFixture.start();
        fixture.bind();
        await().atMost(WAIT).until(() -> fixture.holder() == 0 && fixture.wecom.subscribed(AiBotFixture.BOT_ID));
        return fixture;
    }

    @Test
    void should_not_push_a_streamed_answer_again_when_the_finish_ack_is_lost() {
        AiBotFixture f = started();
        // Streamed in one chunk: its preview frame shows the whole answer and is acknowledged first.
        f.turns.chunks(1000, 15);
        f.wecom.loseNextFinishAck();
        String reqId = f.wecom.pushText(AiBotFixture.BOT_ID, "fa-1", "zhaoliu", "stream me an answer");

        await().atMost(WAIT).until(() -> AiBotTurns.DONE.equals(f.claim("fa-1")));
        FakeWeComAiBot.Stream stream = f.wecom.streams().get(reqId);
        assertThat(stream.finished()).isTrue();
        assertThat(stream.content()).isEqualTo("You said: stream me an answer");
        // The member reconnects and scans: the message is done, nothing is pushed.
        await().atMost(WAIT).until(() -> f.holder() == 0 && f.wecom.subscriptions() == 2);
        f.wecom.pushText(AiBotFixture.BOT_ID, "fa-2", "zhaoliu", "next");
        await().atMost(WAIT).until(() -> f.wecom.finishedStreams("fa-2").size() == 1);
        assertThat(f.wecom.pushes()).isEmpty();
        assertThat(f.wecom.finishedAnswers()).isEqualTo(2);
        assertThat(f.inflight()).isEmpty();
    }

    @Test
    void should_keep_the_ack_of_a_finish_frame_in_flight_when_the_member_stops() {
        fixture = AiBotFixture.start();
        fixture.addMember("member-1");
        fixture.bind();
        AiBotFixture f = fixture;
        await().atMost(WAIT).until(() -> f.holder() >= 0 && f.wecom.subscribed(AiBotFixture.BOT_ID));
        int holder = f.holder();
        f.wecom.holdNextFinishAck();
        // Not streamed: the finish frame is the first to show the answer, so its ack decides.
        String reqId = f.wecom.pushImage(AiBotFixture.BOT_ID, "fa-4", "qianjiu", new byte[] {1, 2, 3});
        await().atMost(WAIT).until(f.wecom::holdingAck);

        // Stopped with the ack outstanding; the ack comes after the stop began (same context, in order).
        WeComAiBotChannel stopping = f.member(holder);
        stopping.context().runOnContext(v -> stopping.stop());
        stopping.context().runOnContext(v -> f.wecom.releaseHeldAck());

        await().atMost(WAIT).until(() -> AiBotTurns.DONE.equals(f.claim("fa-4")));
        await().atMost(WAIT).until(() -> f.holder() == 1 - holder && f.wecom.subscribed(AiBotFixture.BOT_ID));
        f.wecom.pushText(AiBotFixture.BOT_ID, "fa-5", "qianjiu", "still there?");
        await().atMost(WAIT).until(() -> f.wecom.finishedStreams("fa-5").size() == 1);
        assertThat(f.wecom.streams().get(reqId).finished()).isTrue();
        assertThat(f.wecom.pushes()).as("nothing answered again").isEmpty();
        assertThat(f.wecom.finishedAnswers()).isEqualTo(2);
    }
}
