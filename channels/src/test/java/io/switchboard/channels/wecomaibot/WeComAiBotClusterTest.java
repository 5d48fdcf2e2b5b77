package io.switchboard.channels.wecomaibot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testkit.FakeWeComAiBot;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two members, one bot: one connection, takeover when the holder dies, every message answered once. */
class WeComAiBotClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private AiBotFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private AiBotFixture twoMembers() {
        fixture = AiBotFixture.start();
        fixture.addMember("member-1");
        fixture.bind();
        await().atMost(WAIT).until(() -> fixture.holder() >= 0 && fixture.wecom.subscribed(AiBotFixture.BOT_ID));
        return fixture;
    }

    @Test
    void should_hold_one_connection_per_bot_across_members() {
        AiBotFixture f = twoMembers();
        f.wecom.pushText(AiBotFixture.BOT_ID, "m-1", "zhangsan", "hi");
        await().atMost(WAIT).until(() -> f.wecom.finishedStreams("m-1").size() == 1);
        assertThat(f.wecom.subscriptions()).isEqualTo(1);
        assertThat(f.member(1 - f.holder()).connected(AiBotFixture.BINDING)).isFalse();
    }

    @Test
    void should_answer_once_when_the_holder_dies_mid_stream() {
        AiBotFixture f = twoMembers();
        f.turns.chunks(2, 15); // ~1.5 s of streaming
        String question = "Please explain the whole onboarding process in detail";
        String reqId = f.wecom.pushText(AiBotFixture.BOT_ID, "m-2", "lisi", question);
        await().atMost(WAIT).until(() -> {
            FakeWeComAiBot.Stream s = f.wecom.streams().get(reqId);
            return s != null && s.frames().size() >= 3;
        });
        int holder = f.holder();

        f.member(holder).crash();

        await().atMost(WAIT).until(() -> f.holder() == 1 - holder);
        await().atMost(WAIT).until(() -> AiBotTurns.DONE.equals(f.claim("m-2")));
        assertThat(f.wecom.streams().get(reqId).finished())
                .as("the dead member's stream")
                .isFalse();
        assertThat(f.wecom.pushes())
                .extracting(FakeWeComAiBot.Push::chatid, FakeWeComAiBot.Push::content)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("lisi", "You said: " + question));
        assertThat(f.wecom.finishedAnswers()).isEqualTo(1);
        assertThat(f.inflight()).isEmpty();

        // The survivor answers new messages on its own connection, once each.
        f.wecom.pushText(AiBotFixture.BOT_ID, "m-3", "lisi", "thanks");
        await().atMost(WAIT).until(() -> f.wecom.finishedStreams("m-3").size() == 1);
        assertThat(f.wecom.finishedAnswers()).isEqualTo(2);
    }

    @Test
    void should_hand_over_a_stopped_members_answer_without_waiting_the_grace() {
        fixture = AiBotFixture.start(b -> b.recoveryGrace(Duration.ofSeconds(30)));
        fixture.addMember("member-1");
        fixture.bind();
        AiBotFixture f = fixture;
        await().atMost(WAIT).until(() -> f.holder() >= 0);
        f.turns.chunks(2, 15);
        String reqId = f.wecom.pushText(AiBotFixture.BOT_ID, "m-4", "wangwu", "a question that takes a while");
        await().atMost(WAIT).until(() -> {
            FakeWeComAiBot.Stream s = f.wecom.streams().get(reqId);
            return s != null && s.frames().size() >= 2;
        });
        int holder = f.holder();

        f.member(holder).stop();

        await().atMost(WAIT).until(() -> AiBotTurns.DONE.equals(f.claim("m-4")));
        assertThat(f.wecom.finishedAnswers()).isEqualTo(1);
        assertThat(f.wecom.pushes()).hasSize(1);
    }
}
