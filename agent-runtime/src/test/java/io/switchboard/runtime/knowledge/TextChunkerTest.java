package io.switchboard.runtime.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextChunkerTest {
    private static TextChunker chunker(int size, int overlap) {
        return new TextChunker(new ChunkingSettings(size, overlap, null, null, null, null));
    }

    @Test
    void should_keep_a_short_text_whole() {
        assertThat(chunker(100, 10).chunk("  Hello world.  ")).containsExactly("Hello world.");
    }

    @Test
    void should_cut_chinese_at_sentence_ends_without_spaces() {
        String sentence = "收到商品七天内可以无理由退货。"; // 15 characters
        String text = sentence.repeat(10);

        List<String> chunks = chunker(50, 0).chunk(text);

        assertThat(chunks).hasSizeGreaterThan(2).allSatisfy(chunk -> {
            assertThat(chunk.length()).isLessThanOrEqualTo(50);
            assertThat(chunk).endsWith("。");
        });
        assertThat(String.join("", chunks)).isEqualTo(text);
    }

    @Test
    void should_prefer_paragraphs_then_sentences_in_english() {
        String first = "Shipping takes two days. Returns take a week.";
        String second = "Refunds go to the original card. Gift cards are never refunded.";

        List<String> chunks = chunker(60, 0).chunk(first + "\n\n" + second);

        assertThat(chunks)
                .containsExactly(
                        "Shipping takes two days. Returns take a week.",
                        "Refunds go to the original card.",
                        "Gift cards are never refunded.");
    }

    @Test
    void should_repeat_the_overlap_at_the_start_of_the_next_chunk() {
        String text = "一二三四五六七八九十。".repeat(12);

        List<String> chunks = chunker(55, 10).chunk(text);

        for (int i = 1; i < chunks.size(); i++) {
            String previous = chunks.get(i - 1);
            assertThat(chunks.get(i)).startsWith(previous.substring(previous.length() - 10));
        }
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.length()).isLessThanOrEqualTo(55));
    }

    @Test
    void should_hard_cut_a_run_without_separators_and_never_split_a_surrogate_pair() {
        String text = "😀".repeat(80); // 160 UTF-16 units, no separator at all

        List<String> chunks = chunker(51, 0).chunk(text);

        assertThat(String.join("", chunks)).isEqualTo(text);
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.length()).isLessThanOrEqualTo(51);
            assertThat(Character.isHighSurrogate(chunk.charAt(chunk.length() - 1)))
                    .isFalse();
        });
    }

    @Test
    void should_reject_settings_that_cannot_work() {
        assertThatThrownBy(() -> new ChunkingSettings(10, 0, null, null, null, null))
                .hasMessageContaining("chunking.size");
        assertThatThrownBy(() -> new ChunkingSettings(100, 60, null, null, null, null))
                .hasMessageContaining("chunking.overlap");
        assertThatThrownBy(() -> new ChunkingSettings(100, 10, List.of(""), null, null, null))
                .hasMessageContaining("separators");
    }
}
