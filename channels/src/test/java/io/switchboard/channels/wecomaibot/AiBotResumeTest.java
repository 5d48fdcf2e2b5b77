package io.switchboard.channels.wecomaibot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.channels.weixin.HolderRecovery;
import io.switchboard.testkit.FakeWeComAiBot;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection drops after the finish frame of an answer that was not streamed went out and before
 * WeCom acknowledged it: the only frame that shows the answer has an unknown fate. The plan was
 * journaled before the send, so the member holding the next connection resends the same finish frame
 * with the same {@code req_id} and stream id — an update of the same message, never a second answer —
 * and when WeCom refuses the old {@code req_id}, leaves it at most once with an {@code unconfirmed}
 * record instead of pushing the answer again.
 */
class AiBotResumeTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private AiBotFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private AiBotFixture started(UnaryOperator<WeComAiBotOptions.Builder> tweak) {
        fixture = AiBotFixture.start(tweak);
        fixture.bind();
        await().atMost(WAIT).until(() -> fixture.holder() == 0 && fixture.wecom.subscribed(AiBotFixture.BOT_ID));
        return fixture;
    }

    private AiBotFixture started() {
        return started(UnaryOperator.identity());
    }

    private long respondFrames(AiBotFixture f, String reqId) {
        return f.wecom.received().stream()
                .filter(frame -> "aibot_respond_msg".equals(frame.getString("cmd")))
                .filter(frame -> reqId.equals(frame.getJsonObject("headers").getString("req_id")))
                .count();
    }

    @Test
    void should_update_the_same_stream_when_wecom_takes_the_old_req_id_on_the_new_connection() {
        AiBotFixture f = started();
        f.wecom.acceptReqIdsOnLaterConnections();
        f.wecom.loseNextFinishAck();
        // A picture the app does not take: its reply is not streamed, the finish frame is the first to show it.
        String reqId = f.wecom.pushImage(AiBotFixture.BOT_ID, "rs-1", "sunqi", new byte[] {1, 2, 3});

        await().atMost(WAIT).until(() -> AiBotTurns.DONE.equals(f.claim("rs-1")));
        FakeWeComAiBot.Stream stream = f.wecom.streams().get(reqId);
        assertThat(stream.finished()).isTrue();
        assertThat(stream.content()).isEqualTo(AiBotBindingType.DEFAULT_IMAGE_REPLY);
        assertThat(f.wecom.subscriptions()).as("resent on the next connection").isEqualTo(2);
        assertThat(f.wecom.resentFinishes())
                .as("the same finish frame, same req_id and stream id")
                .isEqualTo(1);
        assertThat(f.wecom.pushes()).as("nothing pushed").isEmpty();
        assertThat(f.wecom.finishedAnswers()).isEqualTo(1);
    }

    @Test
    void should_finish_the_stream_on_the_new_connection_when_the_finish_frame_never_arrived() {
        AiBotFixture f = started();
        f.wecom.acceptReqIdsOnLaterConnections();
        f.wecom.dropNextFinish();
        String reqId = f.wecom.pushImage(AiBotFixture.BOT_ID, "rs-2", "zhoushi", new byte[] {1, 2, 3});

        await().atMost(WAIT).until(() -> AiBotTurns.DONE.equals(f.claim("rs-2")));
        FakeWeComAiBot.Stream stream = f.wecom.streams().get(reqId);
        assertThat(stream.finished()).isTrue();
        assertThat(stream.content()).isEqualTo(AiBotBindingType.DEFAULT_IMAGE_REPLY);
        assertThat(f.wecom.resentFinishes()).isZero();
        assertThat(f.wecom.pushes()).isEmpty();
        assertThat(f.wecom.finishedAnswers()).isEqualTo(1);
    }

    @Test
    void should_answer_at_most_once_with_a_clear_record_when_wecom_refuses_the_old_req_id() {
        AiBotFixture f = started();
        f.wecom.loseNextFinishAck();
        String reqId = f.wecom.pushImage(AiBotFixture.BOT_ID, "rs-3", "wuba", new byte[] {1, 2, 3});

        await().atMost(WAIT).until(() -> String.valueOf(f.claim("rs-3")).startsWith(HolderRecovery.UNCONFIRMED));
        JsonObject record = new JsonObject(f.claim("rs-3").substring(HolderRecovery.UNCONFIRMED.length()));
        assertThat(record.getJsonObject("delivery").getString("reqId")).isEqualTo(reqId);
        assertThat(record.getString("chatid")).isEqualTo("wuba");
        assertThat(respondFrames(f, reqId))
                .as("the finish frame, then its resend")
                .isEqualTo(2);
        // WeCom took the first frame here: the user reads the answer once, and nothing was pushed.
        assertThat(f.wecom.streams().get(reqId).finished()).isTrue();
        assertThat(f.wecom.pushes()).isEmpty();
        assertThat(f.inflight()).isEmpty();

        // The bot goes on: the next message is answered on its own stream.
        f.wecom.pushText(AiBotFixture.BOT_ID, "rs-4", "wuba", "and now?");
        await().atMost(WAIT).until(() -> f.wecom.finishedStreams("rs-4").size() == 1);
        assertThat(f.wecom.finishedAnswers()).isEqualTo(2);
    }

    @Test
    void should_resume_the_pushes_of_a_long_answer_where_the_connection_dropped() {
        AiBotFixture f = started(b -> b.pushChunkBytes(1000));
        String longAnswer =
                "A".repeat(AiBotReply.MAX_STREAM_BYTES - 10) + ". " + "B".repeat(900) + ". " + "C".repeat(900) + ".";
        f.answers.put("tell me everything", longAnswer);
        f.turns.chunks(100_000, 1); // one chunk: the preview shows the stream's part before the finish
        f.wecom.dropNextPush(2);
        f.wecom.pushText(AiBotFixture.BOT_ID, "rs-5", "zhengshi", "tell me everything");

        await().atMost(WAIT).until(() -> AiBotTurns.DONE.equals(f.claim("rs-5")));
        assertThat(f.wecom.finishedStreams("rs-5")).hasSize(1);
        // The first push was acknowledged, the second never arrived: the next holder sends the second,
        // not the whole answer again.
        assertThat(f.wecom.pushes())
                .extracting(FakeWeComAiBot.Push::content)
                .containsExactly("B".repeat(900) + ".", "C".repeat(900) + ".");
    }
}
