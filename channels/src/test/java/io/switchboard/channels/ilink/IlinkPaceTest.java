package io.switchboard.channels.ilink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.weixin.HolderRecovery.Claimed;
import io.switchboard.testkit.weixin.FakeIlink;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The iLink send pace is the bot's, not a member's: two members answering the same bot at once (a
 * lease handed over while the old holder still finishes its answers) book their {@code sendmessage}
 * slots on one schedule in shared state, so together they keep {@code botMessagesPerSecond} and the
 * per-user interval.
 */
class IlinkPaceTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private IlinkFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private IlinkTurns member(IlinkFixture f, String name, WeChatIlinkOptions options, HttpClient http) {
        BoundAccount account = new BoundAccount(
                IlinkFixture.BINDING,
                IlinkFixture.APP,
                WeChatIlinkChannel.TYPE,
                IlinkBindingType.INSTANCE.validate(new JsonObject().put("botToken", IlinkFixture.TOKEN)));
        ChannelContext context = new ChannelContext(
                f.vertx,
                f.turns,
                appId -> Future.succeededFuture(f.profile),
                null,
                f.accounts,
                f.state.member(name),
                f.durable);
        return new IlinkTurns(
                account,
                context,
                options,
                name,
                new IlinkApi(http, options, IlinkFixture.TOKEN),
                new IlinkMedia(http, options));
    }

    private void answerAll(IlinkTurns turns, List<String> ids, IlinkFixture f) {
        List<JsonObject> batch = ids.stream().map(f.wechat::message).toList();
        List<Claimed> claimed = turns.claimAll(batch).await();
        assertThat(claimed).hasSize(ids.size());
        claimed.forEach(c -> f.vertx.runOnContext(v -> turns.answer(c)));
    }

    @Test
    void should_keep_the_bots_pace_across_members_answering_at_once() {
        fixture = new IlinkFixture(o -> o.botMessagesPerSecond(5).userInterval(Duration.ofSeconds(1)));
        IlinkFixture f = fixture;
        WeChatIlinkOptions options = f.options();
        HttpClient http = f.vertx.createHttpClient();
        IlinkTurns a = member(f, "member-a", options, http);
        IlinkTurns b = member(f, "member-b", options, http);
        List<String> forA = List.of(
                f.wechat.userSays("same@im.wechat", "one"),
                f.wechat.userSays("p2@im.wechat", "two"),
                f.wechat.userSays("p3@im.wechat", "three"));
        List<String> forB = List.of(
                f.wechat.userSays("same@im.wechat", "four"),
                f.wechat.userSays("p5@im.wechat", "five"),
                f.wechat.userSays("p6@im.wechat", "six"));

        long asked = System.currentTimeMillis();
        answerAll(a, forA, f);
        answerAll(b, forB, f);
        await().atMost(WAIT).until(() -> f.wechat.sent().size() == 6);

        List<FakeIlink.Sent> sent = f.wechat.sent().stream()
                .sorted(Comparator.comparingLong(FakeIlink.Sent::atMillis))
                .toList();
        // 5 per second for the bot: six sends need five intervals of 200 ms, whichever member sends. Each
        // member alone would have sent its three within 400 ms.
        assertThat(sent.getLast().atMillis() - asked).isGreaterThanOrEqualTo(1000);
        List<Long> toSame = sent.stream()
                .filter(s -> s.toUserId().equals("same@im.wechat"))
                .map(FakeIlink.Sent::atMillis)
                .toList();
        assertThat(toSame).hasSize(2);
        // One user's lane: the second answer's slot is a second after the first's although another member
        // sent it (on the bot's rate alone it would have been the fourth slot, at 600 ms).
        assertThat(toSame.get(1) - asked).isGreaterThanOrEqualTo(1000);
    }
}
