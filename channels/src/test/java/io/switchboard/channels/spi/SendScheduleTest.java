package io.switchboard.channels.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SendScheduleTest {
    private String state;

    private long book(Map<String, Long> lanes, long shared, long earliest) {
        SendSchedule.Booking booking = SendSchedule.book(state, lanes, shared, earliest);
        state = booking.state();
        return booking.slot();
    }

    @Test
    void should_fill_a_gap_between_booked_slots_that_is_wide_enough() {
        book(Map.of("chat:1", 0L), 100, 0);
        book(Map.of("chat:9", 300L), 100, 0);
        assertThat(book(Map.of("chat:9", 0L), 100, 0)).as("held by its lane").isEqualTo(400);

        assertThat(book(Map.of("chat:3", 0L), 100, 50)).as("after 0 and 100").isEqualTo(200);
        assertThat(book(Map.of("chat:4", 0L), 100, 50))
                .as("just fits before 400")
                .isEqualTo(300);
        assertThat(book(Map.of("chat:5", 0L), 100, 50)).isEqualTo(500);
    }

    @Test
    void should_start_after_every_given_lane_and_move_each_lane_on_by_its_interval() {
        book(Map.of("chat:-5", 1_000L, "group:-5", 3_000L), 10, 0);

        assertThat(book(Map.of("chat:-5", 1_000L, "group:-5", 3_000L), 10, 0)).isEqualTo(3_000);
        assertThat(book(Map.of("chat:-5", 1_000L), 10, 0)).isEqualTo(4_000);
        assertThat(book(Map.of("chat:6", 1_000L), 10, 0))
                .as("other lanes are free")
                .isEqualTo(10);
    }

    @Test
    void should_pause_a_lane_without_booking_a_slot() {
        assertThat(book(Map.of("chat:1", 5_000L), 0, 0)).isZero();

        assertThat(book(Map.of("chat:2", 0L), 100, 0)).isZero();
        assertThat(book(Map.of("chat:1", 0L), 100, 0)).isEqualTo(5_000);
    }

    @Test
    void should_forget_slots_and_lanes_that_can_no_longer_hold_anything_up() {
        book(Map.of("chat:1", 500L), 100, 0);

        SendSchedule.Booking later = SendSchedule.book(state, Map.of("chat:2", 0L), 100, 10_000);

        assertThat(later.state()).isEqualTo("10000|chat:2=10000");
        assertThat(later.ttlMillis()).isEqualTo(SendSchedule.RETAIN_MILLIS);
    }
}
