package io.switchboard.runtime.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Latin keywords match whole words only; Chinese ones anywhere; the evasions still fold away. */
class KeywordWholeWordTest {
    private final KeywordMatcher matcher = KeywordMatcher.of(Map.of("l", List.of("ass", "法轮功", "QQ群", "Bad Word")));

    @Test
    void should_not_find_a_latin_keyword_inside_a_longer_word() {
        assertThat(words("a class of their own")).isEmpty();
        assertThat(words("assets and passes")).isEmpty();
        assertThat(words("ASSESSMENT")).isEmpty();
        assertThat(words("ｃｌａｓｓ in full width")).isEmpty();
        assertThat(words("cl\u200Bass with a zero-width space inside")).isEmpty();
        assertThat(words("ass2")).isEmpty();
    }

    @Test
    void should_find_a_latin_keyword_as_a_word_whatever_its_case_width_or_separators() {
        assertThat(words("what an ass")).containsExactly("ass");
        assertThat(words("ASS!")).containsExactly("ass");
        assertThat(words("(ａｓｓ)")).containsExactly("ass");
        assertThat(words("you a.s.s, really")).containsExactly("ass");
        assertThat(words("a\u200Bs\u200Ds")).containsExactly("ass");
        assertThat(words("a classic ass")).containsExactly("ass");
        assertThat(words("no BAD-WORD here")).containsExactly("Bad Word");
        assertThat(words("badwords")).isEmpty();
        // Chinese text has no spaces: a Latin keyword next to Han characters is a word of its own.
        assertThat(words("你是ass吗")).containsExactly("ass");
    }

    @Test
    void should_keep_substring_matching_for_chinese_keywords() {
        assertThat(words("我在練習法輪功呢")).containsExactly("法轮功");
        assertThat(words("abc法轮功xyz")).containsExactly("法轮功");
        // Mixed: the Latin start needs a boundary, the Chinese end does not.
        assertThat(words("加QQ群了")).containsExactly("QQ群");
        assertThat(words("my qq群聊")).containsExactly("QQ群");
        assertThat(words("aqq群")).isEmpty();
    }

    @Test
    void should_mask_only_the_whole_word() {
        String text = "The class said: ass. Passing on.";

        assertThat(KeywordMatcher.mask(text, matcher.find(text))).isEqualTo("The class said: ***. Passing on.");
    }

    @Test
    void should_hold_a_latin_keyword_at_the_end_of_a_stream_until_the_next_character_decides() {
        List<String> out = new ArrayList<>();
        StreamGuard guard = StreamGuard.create(matcher, StreamGuard.Action.MASK, out::add);

        guard.accept("Our as");
        guard.accept("s");
        assertThat(String.join("", out)).isEqualTo("Our ");
        guard.accept("ets grew; the cl");
        guard.accept("ass met, you ass");
        guard.accept(".");
        guard.finish();

        assertThat(String.join("", out)).isEqualTo("Our assets grew; the class met, you ***.");
        assertThat(out).noneMatch(part -> part.endsWith("ass") && !part.endsWith("class"));
    }

    @Test
    void should_read_the_left_boundary_from_what_the_stream_already_passed_on() {
        List<String> out = new ArrayList<>();
        StreamGuard guard = StreamGuard.create(matcher, StreamGuard.Action.MASK, out::add);

        guard.accept("a long harmless opening then cl");
        guard.accept("as");
        guard.accept("s ");
        guard.accept("and ");
        guard.accept("ass");
        guard.finish();

        assertThat(String.join("", out)).isEqualTo("a long harmless opening then class and ***");
    }

    @Test
    void should_stop_at_a_latin_keyword_that_ends_the_answer() {
        List<String> out = new ArrayList<>();
        StreamGuard guard = StreamGuard.create(matcher, StreamGuard.Action.STOP, out::add);

        guard.accept("A clean start, then you ");
        guard.accept("ass");
        guard.finish();

        assertThat(guard.stopped()).isTrue();
        assertThat(String.join("", out)).isEqualTo("A clean start, then you ");
    }

    private List<String> words(String text) {
        return matcher.find(text).stream().map(KeywordHit::word).toList();
    }
}
