package io.switchboard.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TelegramTextTest {
    @Test
    void should_escape_everything_that_is_not_markdown() {
        assertThat(TelegramText.toHtml("if a < b && c > d then \"x\""))
                .isEqualTo("if a &lt; b &amp;&amp; c &gt; d then &quot;x&quot;");
        assertThat(TelegramText.toHtml("<script>alert(1)</script>")).isEqualTo("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void should_render_code_blocks_literally() {
        assertThat(TelegramText.toHtml("Run:\n```bash\necho **not bold** <x>\n```\nDone."))
                .isEqualTo("Run:\n<pre><code>echo **not bold** &lt;x&gt;</code></pre>\nDone.");
        assertThat(TelegramText.toHtml("use `a*b*c` here")).isEqualTo("use <code>a*b*c</code> here");
    }

    @Test
    void should_leave_lone_asterisks_and_unsafe_links_as_text() {
        assertThat(TelegramText.toHtml("2 * 3 * 4 = 24")).isEqualTo("2 * 3 * 4 = 24");
        // Moderation's mask stays as it is, next to real bold text.
        assertThat(TelegramText.toHtml("read *** or say *** and **this**"))
                .isEqualTo("read *** or say *** and <b>this</b>");
        assertThat(TelegramText.toHtml("[x](javascript:alert(1))")).isEqualTo("[x](javascript:alert(1))");
    }

    @Test
    void should_split_at_a_paragraph_before_a_sentence_before_a_space() {
        assertThat(TelegramText.split("First paragraph here.\n\nSecond one is here.", 30))
                .containsExactly("First paragraph here.", "Second one is here.");
        assertThat(TelegramText.split("One sentence. Another sentence. A third.", 30))
                .containsExactly("One sentence.", "Another sentence. A third.");
        assertThat(TelegramText.split("no punctuation at all in this long line", 20))
                .as("no sentence end in reach: a space")
                .containsExactly("no punctuation at", "all in this long", "line");
    }

    @Test
    void should_split_chinese_after_a_full_stop_and_never_inside_a_surrogate_pair() {
        assertThat(TelegramText.split("第一句话在这里。第二句话也在这里。", 10)).containsExactly("第一句话在这里。", "第二句话也在这里。");
        String emoji = "😀".repeat(20);
        List<String> parts = TelegramText.split(emoji, 7);
        assertThat(parts)
                .allSatisfy(part -> assertThat(part.codePoints().allMatch(Character::isValidCodePoint)
                                && !Character.isLowSurrogate(part.charAt(0)))
                        .isTrue());
        assertThat(String.join("", parts)).isEqualTo(emoji);
    }
}
