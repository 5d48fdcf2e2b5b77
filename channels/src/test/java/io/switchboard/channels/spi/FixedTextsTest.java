package io.switchboard.channels.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FixedTextsTest {
    @Test
    void should_follow_the_app_language_when_set_else_the_script_the_user_wrote_in() {
        assertThat(FixedTexts.pick("zh-CN", "hello", "en", "zh")).isEqualTo("zh");
        assertThat(FixedTexts.pick("zh-Hant-TW", null, "en", "zh")).isEqualTo("zh");
        assertThat(FixedTexts.pick("en", "你好", "en", "zh")).isEqualTo("en");
        assertThat(FixedTexts.pick(null, "你好，在吗", "en", "zh")).isEqualTo("zh");
        assertThat(FixedTexts.pick(null, "hello", "en", "zh")).isEqualTo("en");
        assertThat(FixedTexts.pick(null, null, "en", "zh")).isEqualTo("en");
        assertThat(FixedTexts.pick("", "こんにちは", "en", "zh"))
                .as("kana is not Chinese")
                .isEqualTo("en");
    }
}
