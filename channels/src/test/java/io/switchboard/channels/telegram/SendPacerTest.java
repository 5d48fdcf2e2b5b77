package io.switchboard.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.channels.testing.InMemorySharedState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Slots handed out by two members' pacers over one shared state, on a clock the test moves. */
class SendPacerTest {
    private static final long T0 = 1_700_000_000_000L;
    private final Vertx vertx = Vertx.vertx();
    private final AtomicLong now = new AtomicLong(T0);
    private final InMemorySharedState state = new InMemorySharedState(vertx);
    private final TelegramOptions options = TelegramOptions.builder()
            .chatInterval(Duration.ofSeconds(1))
            .streamInterval(Duration.ofSeconds(1))
            .build();
    private final SendPacer memberA = pacer("a");
    private final SendPacer memberB = pacer("b");

    private SendPacer pacer(String member) {
        // Waiting moves the test's clock to the slot, as time would.
        return new SendPacer("4242", state.member(member), vertx.getOrCreateContext(), options, now::get, slot -> {
            now.accumulateAndGet(slot, Math::max);
            return Future.succeededFuture();
        });
    }

    @AfterEach
    void close() {
        vertx.close();
    }

    private static long slot(Future<Long> reserved) {
        return reserved.toCompletionStage().toCompletableFuture().join() - T0;
    }

    @Test
    void should_space_messages_to_one_chat_by_the_chat_interval_across_members() {
        ChatRef chat = new ChatRef(1, false, T0);

        assertThat(slot(memberA.pace(chat))).isZero();
        assertThat(slot(memberB.pace(chat))).isEqualTo(1000);
        assertThat(slot(memberA.pace(chat))).isEqualTo(2000);
        assertThat(slot(memberB.pace(new ChatRef(2, false, T0))))
                .as("another chat only waits for the bot's own spacing")
                .isEqualTo(2034);
    }

    @Test
    void should_allow_twenty_messages_a_minute_to_a_group() {
        ChatRef group = new ChatRef(-100, true, T0);

        assertThat(slot(memberA.pace(group))).isZero();
        assertThat(slot(memberB.pace(group))).isEqualTo(3000);
        now.set(T0 + 10_000);
        assertThat(slot(memberA.pace(group))).isEqualTo(10_000);
    }

    @Test
    void should_allow_thirty_messages_a_second_per_bot_across_members() {
        for (int i = 0; i < 30; i++) {
            SendPacer member = i % 2 == 0 ? memberA : memberB;
            assertThat(slot(member.pace(new ChatRef(1000 + i, false, T0)))).isEqualTo(34L * i);
            now.set(T0); // all asked for at once
        }
    }

    @Test
    void should_keep_the_chat_interval_from_the_slot_used_when_the_bot_limit_delays_a_message() {
        for (int i = 0; i < 10; i++) {
            memberA.pace(new ChatRef(500 + i, false, T0));
            now.set(T0);
        }
        ChatRef chat = new ChatRef(7, false, T0);

        assertThat(slot(memberB.pace(chat))).isEqualTo(340);
        now.set(T0);
        assertThat(slot(memberA.pace(chat)))
                .as("a second after the slot used, not the one reserved")
                .isEqualTo(1340);
    }

    @Test
    void should_hold_a_chat_on_every_member_for_the_pause_a_429_asked_for() throws Exception {
        ChatRef chat = new ChatRef(7, false, T0);
        Thread.ofVirtual()
                .start(() -> {
                    try {
                        memberA.pause(chat, Duration.ofSeconds(5));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })
                .join();

        assertThat(slot(memberB.pace(new ChatRef(8, false, T0))))
                .as("other chats are not held up")
                .isZero();
        assertThat(slot(memberB.pace(chat))).isEqualTo(5000);
    }
}
