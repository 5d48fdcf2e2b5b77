package io.switchboard.channels.weixin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.testing.InMemoryDurableState;
import io.switchboard.channels.testing.InMemorySharedState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lease holder's recovery of in-flight records, shared by the AI bot, customer service and iLink. */
class HolderRecoveryTest {
    private static final Duration GRACE = Duration.ofMillis(300);
    private final Vertx vertx = Vertx.vertx();
    private final InMemorySharedState shared = new InMemorySharedState(vertx);
    private final InMemoryDurableState durable = new InMemoryDurableState();
    private final List<String> answered = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    private HolderRecovery member(String name) {
        ChannelContext channel = new ChannelContext(vertx, null, null, null, null, shared.member(name), durable);
        HolderRecovery[] self = {null};
        self[0] = new HolderRecovery(
                "test", "b1", channel, name, GRACE, Duration.ofDays(1), HolderRecoveryTest::beat, claimed -> {
                    answered.add(name + ":" + claimed.msgid() + ":"
                            + claimed.record().getInteger("attempt"));
                    self[0].done(claimed.key());
                    self[0].finished(claimed.key());
                });
        return self[0];
    }

    private static String beat(String member) {
        return "test-member:" + member;
    }

    @Test
    void should_claim_a_message_once_and_mark_it_done() {
        HolderRecovery a = member("a");
        HolderRecovery b = member("b");

        assertThat(a.claim("m1", a.newRecord().put("text", "hi")).await()).isNotNull();
        assertThat(b.claim("m1", b.newRecord().put("text", "hi")).await()).isNull();
        assertThat(HolderRecovery.claimAll(List.of("m1", "m2"), id -> b.claim(id, b.newRecord()))
                        .await())
                .extracting(HolderRecovery.Claimed::msgid)
                .containsExactly("m2");
        a.done(a.key("m1"));
        await().until(() -> HolderRecovery.DONE.equals(durable.get(a.key("m1")).await()));
    }

    @Test
    void should_recover_a_dead_members_message_once_when_two_holders_scan() {
        HolderRecovery dead = member("dead");
        dead.claim("m3", dead.newRecord().put("text", "left behind")).await();
        // "dead" never beats; "a" and "b" do, and both scan (a lease handed over while the old holder still scans).
        shared.member("a").put(beat("a"), "1", Duration.ofMinutes(1)).await();
        shared.member("b").put(beat("b"), "1", Duration.ofMinutes(1)).await();
        HolderRecovery a = member("a");
        HolderRecovery b = member("b");

        await().pollInterval(Duration.ofMillis(50))
                .atMost(Duration.ofSeconds(5))
                .until(() -> {
                    a.scan();
                    b.scan();
                    return HolderRecovery.DONE.equals(durable.get(a.key("m3")).await());
                });

        assertThat(answered).hasSize(1);
        assertThat(answered.getFirst()).endsWith(":m3:1");
    }

    @Test
    void should_answer_a_released_message_at_once_and_leave_a_live_members_alone() {
        HolderRecovery live = member("live");
        shared.member("live").put(beat("live"), "1", Duration.ofMinutes(1)).await();
        // Older than the grace, but its member is alive: never taken.
        JsonObject record = live.newRecord().put("text", "busy").put("acceptedAt", System.currentTimeMillis() - 60_000);
        live.claim("m4", record).await();
        HolderRecovery holder = member("holder");

        holder.scan();
        live.claim("m5", live.newRecord()).await();
        live.release(live.key("m5"), live.newRecord());
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            holder.scan();
            return answered.contains("holder:m5:1");
        });
        assertThat(answered).containsExactly("holder:m5:1");
        assertThat(durable.get(live.key("m4")).await()).startsWith(HolderRecovery.PREFIX);
    }
}
