package io.switchboard.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SendPacerTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SendPacer pacer = new SendPacer(
            TelegramOptions.defaults("").withPacing(Duration.ofSeconds(1), 20, 30, Duration.ofSeconds(1)), now::get);

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    @Test
    void should_space_messages_to_one_chat_by_the_chat_interval() {
        ChatRef chat = new ChatRef(1, false);

        assertThat(pacer.tryAcquire(chat)).isZero();
        assertThat(pacer.tryAcquire(chat)).isEqualTo(Duration.ofSeconds(1).toNanos());
        advance(Duration.ofMillis(999));
        assertThat(pacer.tryAcquire(chat)).isEqualTo(Duration.ofMillis(1).toNanos());
        advance(Duration.ofMillis(1));
        assertThat(pacer.tryAcquire(chat)).isZero();
        assertThat(pacer.tryAcquire(new ChatRef(2, false)))
                .as("another chat is not held up")
                .isZero();
    }

    @Test
    void should_allow_twenty_messages_a_minute_to_a_group() {
        ChatRef group = new ChatRef(-100, true);
        for (int i = 0; i < 20; i++) {
            assertThat(pacer.tryAcquire(group)).isZero();
            advance(Duration.ofSeconds(1));
        }

        // 20 sent at t = 0..19 s: the 21st may go when the first leaves the minute, at t = 60 s.
        assertThat(pacer.tryAcquire(group)).isEqualTo(Duration.ofSeconds(40).toNanos());
        advance(Duration.ofSeconds(40));
        assertThat(pacer.tryAcquire(group)).isZero();
    }

    @Test
    void should_allow_thirty_messages_a_second_per_bot() {
        for (int i = 0; i < 30; i++) {
            assertThat(pacer.tryAcquire(new ChatRef(1000 + i, false))).isZero();
        }

        assertThat(pacer.tryAcquire(new ChatRef(5000, false)))
                .isEqualTo(Duration.ofSeconds(1).toNanos());
        advance(Duration.ofSeconds(1));
        assertThat(pacer.tryAcquire(new ChatRef(5000, false))).isZero();
    }

    @Test
    void should_hold_a_chat_for_the_pause_a_429_asked_for() {
        ChatRef chat = new ChatRef(7, false);
        pacer.pause(chat, Duration.ofSeconds(5));

        assertThat(pacer.tryAcquire(chat)).isEqualTo(Duration.ofSeconds(5).toNanos());
        advance(Duration.ofSeconds(5));
        assertThat(pacer.tryAcquire(chat)).isZero();
    }
}
