package io.switchboard.channels.weixin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumberedFollowUpsTest {
    @Test
    void should_read_a_lone_number_in_half_or_full_width_and_nothing_else() {
        assertThat(NumberedFollowUps.number("1")).isEqualTo(1);
        assertThat(NumberedFollowUps.number(" 3 ")).isEqualTo(3);
        assertThat(NumberedFollowUps.number("２")).isEqualTo(2);
        assertThat(NumberedFollowUps.number("2.")).isEqualTo(2);
        assertThat(NumberedFollowUps.number("5。")).isEqualTo(5);
        assertThat(NumberedFollowUps.number("6")).isZero();
        assertThat(NumberedFollowUps.number("0")).isZero();
        assertThat(NumberedFollowUps.number("12")).isZero();
        assertThat(NumberedFollowUps.number("1 please")).isZero();
        assertThat(NumberedFollowUps.number(null)).isZero();
    }
}
