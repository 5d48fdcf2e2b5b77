package io.switchboard.runtime.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenBudgetTest {
    @Test
    void should_count_chinese_characters_as_one_token_each_and_latin_as_a_quarter() {
        assertThat(TokenBudget.estimate("你好世界")).isEqualTo(4);
        assertThat(TokenBudget.estimate("abcdefgh")).isEqualTo(2);
        assertThat(TokenBudget.estimate("")).isZero();
    }

    @Test
    void should_drop_the_oldest_entries_until_the_rest_fit() {
        List<ChatEntry> entries = List.of(
                new ChatEntry(ChatEntry.Role.USER, "x".repeat(400)),
                new ChatEntry(ChatEntry.Role.ASSISTANT, "y".repeat(40)),
                new ChatEntry(ChatEntry.Role.USER, "z".repeat(40)));

        assertThat(TokenBudget.trim(entries, 30)).containsExactly(entries.get(1), entries.get(2));
        assertThat(TokenBudget.trim(entries, 1000)).isEqualTo(entries);
        assertThat(TokenBudget.trim(entries, 5)).isEmpty();
    }
}
