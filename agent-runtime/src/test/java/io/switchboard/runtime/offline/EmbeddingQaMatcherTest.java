package io.switchboard.runtime.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.switchboard.runtime.app.AppConfig;
import io.switchboard.runtime.app.QaPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddingQaMatcherTest {
    private static final EmbeddingQaMatcher MATCHER = EmbeddingQaMatcher.create();
    private static AppConfig sample;

    @BeforeAll
    static void loadSampleApp() throws Exception {
        Path yaml = Path.of("..", "config", "sample-app.yaml");
        sample = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(yaml), AppConfig.class);
        MATCHER.warmUp();
    }

    @Test
    void should_load_the_sample_app_as_an_offline_bilingual_app() {
        assertThat(sample.name()).isEqualTo("Switchboard Guide");
        assertThat(sample.offline()).isTrue();
        assertThat(sample.replyLanguage()).isNull();
        assertThat(sample.suggestedQuestions()).hasSizeBetween(1, 3);
        assertThat(sample.qaPairs()).hasSize(30);
        assertThat(sample.qaPairs().stream().filter(p -> QuestionText.isChinese(p.question())))
                .hasSize(15);
        assertThat(sample.qaThreshold()).isEqualTo(0.65);
        assertThat(sample.memory().lastMessages()).isPositive();
        assertThat(sample.systemPrompt()).contains("{{assistant}}");
        assertThat(sample.variables()).containsKey("assistant");
    }

    @Test
    void should_match_every_sample_question_to_itself_with_score_one() {
        for (QaPair pair : sample.qaPairs()) {
            Optional<QaMatcher.Match> match = MATCHER.match(sample.qaPairs(), pair.question(), sample.qaThreshold());

            assertThat(match).hasValueSatisfying(m -> {
                assertThat(m.pair()).isEqualTo(pair);
                assertThat(m.score()).isEqualTo(1.0);
            });
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "WHAT IS SWITCHBOARD      | What is Switchboard?",
                "what is switchboard!!    | What is Switchboard?",
                "Ｓｗｉｔｃｈｂｏａｒｄ是什么? | Switchboard 是什么？",
                "Switchboard是什么        | Switchboard 是什么？",
            })
    void should_match_literally_after_folding_case_width_spacing_and_punctuation(String message, String question) {
        assertThat(MATCHER.match(sample.qaPairs(), message, sample.qaThreshold()))
                .hasValueSatisfying(m -> {
                    assertThat(m.pair().question()).isEqualTo(question);
                    assertThat(m.score()).isEqualTo(1.0);
                });
    }

    // Scores measured when this was written (bge-small-zh-v1.5-q / all-MiniLM-L6-v2-q): 0.947, 0.913,
    // 0.811, 0.735, 0.712, 0.662; the sample's threshold is 0.65.
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Tell me what Switchboard is | What is Switchboard?",
                "what does switchboard do    | What is Switchboard?",
                "Switchboard是做什么的       | Switchboard 是什么？",
                "数据保存在什么地方          | Switchboard 的数据存在哪里？",
                "用的什么开源协议            | Switchboard 是开源的吗？用什么许可证？",
                "如何接入DeepSeek模型        | 怎么添加模型供应商？",
            })
    void should_match_a_paraphrase_to_the_pair_in_the_same_language(String message, String question) {
        Optional<QaMatcher.Match> match = MATCHER.match(sample.qaPairs(), message, sample.qaThreshold());

        assertThat(match).hasValueSatisfying(m -> {
            assertThat(m.pair().question()).isEqualTo(question);
            assertThat(m.score()).isBetween(sample.qaThreshold(), 1.0);
        });
    }

    // Best scores measured: English at most 0.24, Chinese at most 0.48 (你好).
    @ParameterizedTest
    @ValueSource(
            strings = {
                "what's the weather in Paris",
                "tell me a joke",
                "who won the world cup in 2018",
                "how do I bake bread",
                "what is the capital of France",
                "hello",
                "今天股票涨了吗",
                "北京明天天气怎么样",
                "给我讲个笑话",
                "怎么做红烧肉",
                "推荐一部电影",
                "你好",
            })
    void should_match_nothing_for_an_unrelated_question(String message) {
        assertThat(MATCHER.match(sample.qaPairs(), message, sample.qaThreshold()))
                .isEmpty();
    }

    @Test
    void should_compare_with_all_questions_when_none_is_in_the_message_language() {
        List<QaPair> chineseOnly = sample.qaPairs().stream()
                .filter(p -> QuestionText.isChinese(p.question()))
                .toList();

        Optional<QaMatcher.Match> match = MATCHER.match(chineseOnly, "What is Switchboard", 0.0);

        assertThat(match).isPresent();
        assertThat(match.get().score()).isLessThan(1.0);
    }

    @Test
    void should_answer_nothing_for_no_pairs_or_a_message_without_words() {
        assertThat(MATCHER.match(List.of(), "What is Switchboard?", 0.5)).isEmpty();
        assertThat(MATCHER.match(sample.qaPairs(), "？?!  ", 0.0)).isEmpty();
    }

    @Test
    void should_reject_a_threshold_outside_zero_to_one() {
        assertThatThrownBy(() -> MATCHER.match(sample.qaPairs(), "hi", 1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threshold");
    }
}
