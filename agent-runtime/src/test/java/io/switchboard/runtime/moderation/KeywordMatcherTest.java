package io.switchboard.runtime.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeywordMatcherTest {
    private final KeywordMatcher matcher =
            KeywordMatcher.of(Map.of("shared", List.of("法轮功", "Badword"), "app", List.of("秘密配方")));

    @Test
    void should_find_a_keyword_whatever_its_case_width_script_or_separators() {
        assertThat(words("this is a BADWORD")).containsExactly("Badword");
        assertThat(words("ｂａｄｗｏｒｄ in full width")).containsExactly("Badword");
        assertThat(words("b.a-d w\u200Bo\u200Drd")).containsExactly("Badword");
        assertThat(words("練習法輪功")).containsExactly("法轮功");
        assertThat(words("法 輪\uFEFF-功")).containsExactly("法轮功");
        assertThat(words("祕密配方")).containsExactly("秘密配方"); // OpenCC folds the variant too
        assertThat(words("秘密配方")).containsExactly("秘密配方");
        assertThat(words("nothing to see")).isEmpty();
    }

    @Test
    void should_map_a_hit_back_to_the_original_text_and_mask_it_there() {
        String text = "say b.a.d.w.o.r.d now";
        List<KeywordHit> hits = matcher.find(text);

        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.listId()).isEqualTo("shared");
            assertThat(text.substring(hit.start(), hit.end())).isEqualTo("b.a.d.w.o.r.d");
        });
        assertThat(KeywordMatcher.mask(text, hits)).isEqualTo("say *** now");
        assertThat(KeywordMatcher.mask("法輪功和法轮功", matcher.find("法輪功和法轮功"))).isEqualTo("***和***");
    }

    @Test
    void should_merge_overlapping_hits_into_one_mask() {
        KeywordMatcher overlapping = KeywordMatcher.of(Map.of("l", List.of("甲乙丙", "乙丙丁", "bad word", "word play")));

        assertThat(KeywordMatcher.mask("x甲乙丙丁x", overlapping.find("x甲乙丙丁x"))).isEqualTo("x***x");
        assertThat(KeywordMatcher.mask("a bad word play!", overlapping.find("a bad word play!")))
                .isEqualTo("a ***!");
        assertThat(overlapping.longestKeyword()).isEqualTo(8);
    }

    @Test
    void should_leave_out_words_that_normalise_to_nothing() {
        KeywordMatcher punctuation = KeywordMatcher.of(Map.of("l", List.of("...", " ", "ok")));

        assertThat(punctuation.size()).isEqualTo(1);
        assertThat(KeywordMatcher.normalise("—…")).isEmpty();
        assertThat(KeywordMatcher.EMPTY.find("anything")).isEmpty();
    }

    @Test
    void should_catch_a_keyword_split_across_stream_tokens_and_hold_back_no_more_than_it_needs() {
        List<String> out = new ArrayList<>();
        StreamGuard guard = StreamGuard.create(matcher, StreamGuard.Action.MASK, out::add);

        for (String token :
                List.of("Hello, this is the long and harmless opening. Then ", "法", "輪", "\u200B", "功", " ends.")) {
            guard.accept(token);
        }
        // The harmless opening went out at once: no keyword begins at its end.
        assertThat(out.get(0)).isEqualTo("Hello, this is the long and harmless opening. Then ");
        guard.finish();

        assertThat(String.join("", out)).isEqualTo("Hello, this is the long and harmless opening. Then *** ends.");
        assertThat(out).noneMatch(part -> part.contains("法") || part.contains("功"));
        assertThat(guard.sent()).isEqualTo(String.join("", out));
    }

    @Test
    void should_hold_back_only_what_could_begin_a_keyword() {
        List<String> out = new ArrayList<>();
        StreamGuard guard = StreamGuard.create(matcher, StreamGuard.Action.MASK, out::add);

        guard.accept("0123456789");
        guard.accept("ok, ba");
        guard.accept("d-w");
        guard.accept("ise 法");
        guard.accept("国");

        // "ba", "bad-w" could begin "badword", "法" could begin "法轮功": each is held until it cannot.
        assertThat(out).containsExactly("0123456789", "ok, ", "bad-wise ", "法国");
    }

    @Test
    void should_stop_the_stream_at_the_first_hit_when_the_answer_is_to_be_replaced() {
        List<String> out = new ArrayList<>();
        StreamGuard guard = StreamGuard.create(matcher, StreamGuard.Action.STOP, out::add);

        for (String token :
                List.of("A clean start of the answer, then bad", "ｗｏｒｄ", " and more text that never shows")) {
            guard.accept(token);
        }
        guard.finish();

        assertThat(guard.stopped()).isTrue();
        assertThat(String.join("", out))
                .isEqualTo("A clean start of the answer, then ")
                .doesNotContain("bad");
    }

    @Test
    void should_hold_everything_until_released() {
        List<String> out = new ArrayList<>();
        StreamGuard guard = StreamGuard.create(matcher, StreamGuard.Action.HOLD, out::add);

        guard.accept("one badword ");
        guard.accept("two");
        assertThat(out).isEmpty();
        guard.release();

        assertThat(out).containsExactly("one *** two");
    }

    private List<String> words(String text) {
        return matcher.find(text).stream().map(KeywordHit::word).toList();
    }
}
