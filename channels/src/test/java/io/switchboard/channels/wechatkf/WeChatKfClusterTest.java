package io.switchboard.channels.wechatkf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testkit.weixin.FakeWeChatKf;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two members, one customer-service account: one poller, takeover, each message answered once. */
class WeChatKfClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private KfFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void should_answer_once_when_the_poller_dies_mid_answer() {
        fixture = KfFixture.start();
        fixture.addMember("member-1");
        KfFixture f = fixture;
        f.bind();
        await().atMost(WAIT).until(() -> f.holder() >= 0);
        f.turns.chunks(2, 20); // a slow model: ~1 s per answer
        String first = f.wecom.customerSays(KfFixture.KF, "wmA", "question one for the slow model");
        String second = f.wecom.customerSays(KfFixture.KF, "wmB", "question two for the slow model");
        int holder = f.holder();
        f.notify(1 - holder, "t"); // the callback may land on either member
        await().atMost(WAIT).until(() -> f.turns.received().size() == 2);

        f.member(holder).channel().crash();

        await().atMost(WAIT).until(() -> f.holder() == 1 - holder);
        await().atMost(WAIT).until(() -> KfTurns.DONE.equals(f.claim(first)) && KfTurns.DONE.equals(f.claim(second)));
        assertThat(f.wecom.sent())
                .extracting(FakeWeChatKf.Sent::externalUserId)
                .containsExactlyInAnyOrder("wmA", "wmB");

        // The survivor goes on from the committed cursor: new messages once, old ones not again.
        String third = f.wecom.customerSays(KfFixture.KF, "wmA", "and another");
        f.notify(holder, "t2");
        await().atMost(WAIT).until(() -> KfTurns.DONE.equals(f.claim(third)));
        assertThat(f.wecom.sent()).hasSize(3);
    }

    @Test
    void should_not_skip_or_repeat_a_batch_whose_cursor_was_not_committed() {
        fixture = KfFixture.start();
        KfFixture f = fixture;
        f.bind();
        await().atMost(WAIT).until(() -> f.holder() == 0);
        String msgid = f.wecom.customerSays(KfFixture.KF, "wmC", "hello");
        // The store fails after the claim: the cursor is not committed and the batch is read again.
        f.notify(0, "t");
        await().atMost(WAIT).until(() -> KfTurns.DONE.equals(f.claim(msgid)));
        f.wecom.customerSays(KfFixture.KF, "wmC", "second");
        f.durable.down(true);
        f.notify(0, "t");
        await().atMost(WAIT).until(() -> f.wecom.syncs().size() >= 3);
        f.durable.down(false);
        await().atMost(WAIT).until(() -> f.wecom.sent().size() == 2);
        assertThat(f.wecom.sent())
                .extracting(FakeWeChatKf.Sent::content)
                .containsExactly("You said: hello", "You said: second");
    }
}
