package io.switchboard.runtime.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.runtime.security.SecretBox;
import io.switchboard.runtime.store.Database;
import io.switchboard.runtime.store.DatabaseConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Thresholds per mode on scales that do not depend on how many documents a base holds. */
class RetrievalScoresTest {
    private Database database;
    private LuceneKnowledgeStore store;
    private KnowledgeService knowledge;

    @BeforeEach
    void start(@TempDir Path dir) {
        database = Database.open(
                new DatabaseConfig("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), null, null, 4),
                SecretBox.fromBase64(SecretBox.generateKeyBase64()));
        store = LuceneKnowledgeStore.open(dir.resolve("index"));
        knowledge =
                KnowledgeService.create(database.knowledge(), store, id -> Optional.empty(), KnowledgeLimits.DEFAULT);
    }

    @AfterEach
    void stop() {
        knowledge.close();
        store.close();
        database.close();
    }

    private String base(String... texts) {
        return base(null, texts);
    }

    private String base(KnowledgeBaseSettings settings, String... texts) {
        String kb = knowledge.createBase("kb", null, settings).id();
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            ids.add(knowledge
                    .upload(kb, "doc" + i + ".txt", texts[i].getBytes(StandardCharsets.UTF_8))
                    .id());
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> ids.stream().allMatch(id -> knowledge.document(id).status() == DocumentStatus.READY));
        return kb;
    }

    private static KnowledgeLink keywordLink(String kb) {
        return new KnowledgeLink(List.of(kb), 4, null, RetrievalMode.KEYWORD, null, null, null);
    }

    @Test
    void should_keep_a_real_keyword_match_in_a_base_of_one_document() {
        // BM25 here is about 0.58 (idf is low when every document holds the word); s/(s+1) made it 0.37 and the
        // fixed 0.5 threshold dropped the only right answer.
        String kb = base("退货政策：收到商品七天内可以无理由退货，运费由买家承担。");

        List<Passage> passages = knowledge.retrieve(keywordLink(kb), "退货的运费");

        assertThat(passages).hasSize(1);
        assertThat(passages.get(0).score()).isEqualTo(1.0);
    }

    @Test
    void should_keep_a_one_word_keyword_match_in_a_base_of_three_documents() {
        String kb = base("退货政策：收到商品七天内可以无理由退货，运费由买家承担。", "Orders ship within two business days.", "保修说明：电热水壶保修两年。");

        List<Passage> passages = knowledge.retrieve(keywordLink(kb), "运费");

        assertThat(passages)
                .extracting(Passage::text)
                .singleElement()
                .asString()
                .contains("运费");
    }

    @Test
    void should_drop_keyword_matches_holding_few_of_the_question_words() {
        String kb = base("Orders ship within two business days.", "保修说明：电热水壶保修两年。");

        // One content word of four ("ship") is in the passage: 0.25, below the default keyword threshold 0.3.
        List<Passage> weak = knowledge.retrieve(keywordLink(kb), "shipping invoice warranty address");
        List<Passage> strong = knowledge.retrieve(keywordLink(kb), "which orders ship within two business days?");

        assertThat(weak).isEmpty();
        assertThat(strong).singleElement().satisfies(p -> assertThat(p.score()).isEqualTo(1.0));
    }

    @Test
    void should_apply_each_mode_its_own_threshold_in_hybrid_mode() {
        String kb = base("退货政策：收到商品七天内可以无理由退货，运费由买家承担。", "Orders ship within two business days.");
        // A vector threshold nothing reaches: only the keyword score can let a passage through.
        KnowledgeLink strictVector = new KnowledgeLink(List.of(kb), 4, 1.0, RetrievalMode.HYBRID, null, null, null);

        List<Passage> passages = knowledge.retrieve(strictVector, "运费谁出");

        assertThat(passages)
                .extracting(Passage::text)
                .singleElement()
                .asString()
                .contains("运费");
    }

    @Test
    void should_return_the_parent_section_of_a_matched_chunk_once() {
        String manual = "# Manual\n\n## Descaling\n\n" + "Boil water with citric acid and wait. ".repeat(4) + "\n\n"
                + "Rinse twice with citric acid free water. ".repeat(4) + "\n\n## Warranty\n\nTwo years.";
        String kb = base(
                new KnowledgeBaseSettings(new ChunkingSettings(120, 0, null, null, true, null), null, null), manual);

        List<Passage> passages = knowledge.retrieve(keywordLink(kb), "citric acid");

        assertThat(passages)
                .singleElement()
                .satisfies(p -> assertThat(p.text())
                        .startsWith("Manual › Descaling\n")
                        .contains("Boil water", "Rinse twice")
                        .doesNotContain("Two years"));
    }

    @Test
    void should_search_a_bases_synonyms_across_chinese_and_english() {
        Synonyms synonyms = new Synonyms(List.of(List.of("退款", "refund"), List.of("发票", "invoice")), false);
        String kb = base(
                new KnowledgeBaseSettings(null, null, synonyms),
                "退款会在三到五个工作日内原路退回。",
                "Refunds are issued within 5 business days.");
        String plain = base("退款会在三到五个工作日内原路退回。", "Refunds are issued within 5 business days.");

        List<Passage> english = knowledge.retrieve(keywordLink(kb), "how long does a refund take");
        List<Passage> chinese = knowledge.retrieve(keywordLink(kb), "退款多久到账");

        assertThat(english).extracting(Passage::text).contains("退款会在三到五个工作日内原路退回。");
        assertThat(chinese).extracting(Passage::text).contains("Refunds are issued within 5 business days.");
        assertThat(knowledge.retrieve(keywordLink(plain), "how long does a refund take"))
                .extracting(Passage::text)
                .doesNotContain("退款会在三到五个工作日内原路退回。");
        assertThat(KeywordCoverage.of(KeywordCoverage.Question.of("invoice please", synonyms), "电子发票会发送到您的邮箱"))
                .isEqualTo(0.5);
    }

    @Test
    void should_find_passages_in_the_other_language_through_the_dictionary_when_the_base_asks_for_it() {
        String english = "Descaling: limescale builds up in hard water. Fill the kettle with vinegar and water.";
        String chinese = "滤网清洁：初效滤网每两周用吸尘器吸一次灰尘，不能水洗。";
        String kb = base(new KnowledgeBaseSettings(null, null, new Synonyms(List.of(), true)), english, chinese);
        String plain = base(english, chinese);

        // Stored with the base (settings JSON) and read back.
        assertThat(knowledge.base(kb).settings().synonyms().crossLanguage()).isTrue();
        assertThat(knowledge.retrieve(keywordLink(kb), "水壶的水垢怎么去掉"))
                .extracting(Passage::text)
                .first()
                .isEqualTo(english);
        assertThat(knowledge.retrieve(keywordLink(kb), "How do I clean the filter?"))
                .extracting(Passage::text)
                .first()
                .isEqualTo(chinese);
        assertThat(knowledge.retrieve(keywordLink(plain), "水壶的水垢怎么去掉")).isEmpty();
        assertThat(knowledge.retrieve(keywordLink(plain), "How do I clean the filter?"))
                .extracting(Passage::text)
                .doesNotContain(chinese);
        // The keyword score counts a translated word as found: 水壶 (kettle) and 水垢 (limescale), not 去掉.
        Synonyms dictionary = new Synonyms(List.of(), true);
        assertThat(KeywordCoverage.of(KeywordCoverage.Question.of("水壶 水垢", dictionary), english))
                .isEqualTo(1.0);
        assertThat(KeywordCoverage.of(KeywordCoverage.Question.of("水壶 水垢", Synonyms.NONE), english))
                .isEqualTo(0.0);
    }

    @Test
    void should_report_the_share_of_question_words_in_the_passage() {
        assertThat(KeywordCoverage.of("How long does shipping take?", "Shipping takes 3 to 7 days."))
                .isEqualTo(1.0);
        assertThat(KeywordCoverage.of("退货 发票", "退货政策：七天无理由退货")).isEqualTo(0.5);
        assertThat(KeywordCoverage.of("the of and", "anything")).isEqualTo(0.0);
    }
}
