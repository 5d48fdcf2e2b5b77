package io.switchboard.runtime.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.model.ProviderKind;
import io.switchboard.runtime.security.Secret;
import io.switchboard.runtime.security.SecretBox;
import io.switchboard.runtime.store.Database;
import io.switchboard.runtime.store.DatabaseConfig;
import io.switchboard.testkit.FakeRerankServer;
import io.switchboard.testkit.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The reranking step of a knowledge link: a provider's /rerank API (over the wire) and the local one. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RerankTest {
    private static final String RETURNS = "退货政策：收到商品七天内可以无理由退货，退货运费由买家承担。";
    private static final String SHIPPING = "Orders ship within two business days; shipping is free over 99 yuan.";
    private static final String WARRANTY = "保修说明：电热水壶保修两年，退货和换货请联系客服。";

    private Database database;
    private LuceneKnowledgeStore store;
    private KnowledgeService knowledge;
    private FakeRerankServer reranker;
    private String kb;

    @BeforeAll
    void start(@TempDir Path dir) {
        database = Database.open(
                new DatabaseConfig("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), null, null, 4),
                SecretBox.fromBase64(SecretBox.generateKeyBase64()));
        store = LuceneKnowledgeStore.open(dir.resolve("index"));
        reranker = FakeRerankServer.start().expectApiKey("rk-test");
        ProviderConfig provider = ProviderConfig.of(
                "jina",
                "Jina",
                ProviderKind.OPENAI_COMPATIBLE,
                reranker.baseUrl(),
                Secret.of("rk-test"),
                // The most a reranker call may wait: the first request of a cold JVM on a loaded machine.
                Duration.ofSeconds(10),
                0);
        knowledge = KnowledgeService.create(
                database.knowledge(),
                store,
                id -> id.equals("jina") ? Optional.of(provider) : Optional.empty(),
                KnowledgeLimits.DEFAULT);
        kb = knowledge.createBase("kb", null, null).id();
        List<String> ids = new ArrayList<>();
        for (String text : List.of(RETURNS, SHIPPING, WARRANTY)) {
            ids.add(knowledge
                    .upload(kb, text.substring(0, 4) + ".txt", text.getBytes(StandardCharsets.UTF_8))
                    .id());
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> ids.stream().allMatch(id -> knowledge.document(id).status() == DocumentStatus.READY));
    }

    @BeforeEach
    void reset() {
        reranker.failWith(0);
    }

    @AfterAll
    void stop() {
        knowledge.close();
        store.close();
        reranker.close();
        database.close();
    }

    private KnowledgeLink link(int topK, RerankSettings rerank) {
        // Thresholds of 0: every candidate reaches the reranker.
        return new KnowledgeLink(List.of(kb), topK, 0.0, RetrievalMode.HYBRID, 0.0, rerank, null);
    }

    private static RerankSettings provider(Double threshold) {
        return new RerankSettings("provider", "jina", "jina-reranker-v2-base-multilingual", 10, threshold);
    }

    @Test
    void should_put_first_what_the_provider_scores_best() {
        reranker.score("保修", 0.97).score("退货政策", 0.41).score("Orders", 0.05);
        int before = reranker.requests().size();

        List<Passage> passages = knowledge.retrieve(link(2, provider(null)), "退货运费谁出");

        assertThat(passages).extracting(Passage::text).containsExactly(WARRANTY, RETURNS);
        assertThat(passages).extracting(Passage::score).containsExactly(0.97, 0.41);
        RecordedRequest request = reranker.requests().get(before);
        assertThat(request.path()).isEqualTo("/v1/rerank");
        assertThat(request.header("authorization")).isEqualTo("Bearer rk-test");
        assertThat(request.body().getString("model")).isEqualTo("jina-reranker-v2-base-multilingual");
        assertThat(request.body().getString("query")).isEqualTo("退货运费谁出");
        assertThat(request.body().getJsonArray("documents").getList()).contains(RETURNS, WARRANTY);
    }

    @Test
    void should_drop_what_the_provider_scores_below_the_rerank_threshold() {
        reranker.score("保修", 0.97).score("退货政策", 0.41).score("Orders", 0.05);

        List<Passage> passages = knowledge.retrieve(link(3, provider(0.5)), "退货运费谁出");

        assertThat(passages).extracting(Passage::text).containsExactly(WARRANTY);
    }

    @Test
    void should_keep_the_retrieval_order_when_the_provider_fails() {
        reranker.failWith(503);
        List<Passage> plain = knowledge.retrieve(link(3, null), "退货运费谁出");

        List<Passage> passages = knowledge.retrieve(link(3, provider(null)), "退货运费谁出");

        assertThat(passages)
                .extracting(Passage::chunkId)
                .containsExactlyElementsOf(plain.stream().map(Passage::chunkId).toList());
    }

    @Test
    void should_rerank_in_process_by_meaning_and_words() {
        List<Passage> passages =
                knowledge.retrieve(link(3, new RerankSettings("local", null, null, 10, null)), "退货的运费由谁承担");

        assertThat(passages.get(0).text()).isEqualTo(RETURNS);
        assertThat(passages).allSatisfy(p -> assertThat(p.score()).isBetween(0.0, 1.0));
        assertThat(passages).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
    }

    @Test
    void should_refuse_a_link_whose_rerank_provider_does_not_exist() {
        KnowledgeLink link = new KnowledgeLink(
                List.of(kb), null, null, null, null, new RerankSettings("provider", "missing", "m", null, null), null);

        assertThatThrownBy(() -> knowledge.requireReranker(link)).hasMessageContaining("rerank.providerId");
        assertThatThrownBy(() -> new RerankSettings("provider", null, null, null, null))
                .hasMessageContaining("rerank.providerId");
        assertThatThrownBy(() -> new RerankSettings("cross", null, null, null, null))
                .hasMessageContaining("rerank.model");
    }

    @Test
    void should_store_companion_vectors_and_weigh_them_in_when_the_base_has_a_companion() {
        KnowledgeBaseSettings settings = new KnowledgeBaseSettings(
                null, new EmbeddingSettings(null, null, null, EmbeddingSettings.MINILM), null);
        String base = knowledge.createBase("with companion", null, settings).id();
        List<String> ids = new ArrayList<>();
        for (String text : List.of(RETURNS, SHIPPING, WARRANTY)) {
            ids.add(knowledge
                    .upload(base, text.substring(0, 4) + ".txt", text.getBytes(StandardCharsets.UTF_8))
                    .id());
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> ids.stream().allMatch(id -> knowledge.document(id).status() == DocumentStatus.READY));
        List<String> chunkIds = ids.stream()
                .flatMap(id -> database.knowledge().chunks(id, 0, 10).stream())
                .map(KnowledgeChunk::id)
                .toList();

        assertThat(database.knowledge().companionVectors(chunkIds))
                .hasSize(3)
                .allSatisfy((id, vector) -> assertThat(vector).hasSize(384));
        KnowledgeLink link = new KnowledgeLink(
                List.of(base),
                3,
                0.0,
                RetrievalMode.HYBRID,
                0.0,
                new RerankSettings("local", null, null, 10, null),
                null);
        List<Passage> passages = knowledge.retrieve(link, "Is shipping free?");
        assertThat(passages.get(0).text()).isEqualTo(SHIPPING);
        assertThat(passages).allSatisfy(p -> assertThat(p.score()).isBetween(0.0, 1.0));

        String shipping = passages.get(0).chunkId();
        knowledge.editChunk(shipping, "Orders ship within three business days.");
        assertThat(database.knowledge().companionVectors(List.of(shipping)).get(shipping))
                .hasSize(384);
    }

    @Test
    void should_let_the_companion_similarity_decide_between_passages_alike_otherwise() {
        // Same similarity by the base's model, no shared words: only the companion tells them apart.
        StoreHit near = new StoreHit("near", "kb1", "d", "d", "alpha", 0.5, 0.6, Double.NaN);
        StoreHit far = new StoreHit("far", "kb1", "d", "d", "beta", 0.5, 0.6, Double.NaN);
        LocalReranker reranker = new LocalReranker(
                ids -> java.util.Map.of(), ids -> java.util.Map.of("near", unit(384, 0), "far", unit(384, 1)));
        java.util.Map<String, float[]> query = java.util.Map.of("kb1", new float[] {1, 0});

        double[] without = reranker.scores("gamma", query, List.of(near, far));
        double[] with = reranker.scores("gamma", query, java.util.Map.of("kb1", unit(384, 0)), List.of(near, far));

        assertThat(without[0]).isEqualTo(without[1]);
        assertThat(with[0]).isGreaterThan(with[1]);
        // 0.7 × (0.7 × meaning + 0.3 × 1) with meaning (0.6 − 0.25) / 0.6; the far one's companion share is 0.
        double meaning = (0.6 - 0.25) / 0.6;
        // Passages of one line have no heading path: 0.95 × the rest.
        double rest = 1 - LocalReranker.HEADING_WEIGHT;
        assertThat(with[0]).isCloseTo(rest * 0.7 * (0.7 * meaning + 0.3), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(with[1]).isCloseTo(rest * 0.7 * 0.7 * meaning, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(without[0]).isCloseTo(rest * 0.6 * meaning, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void should_not_let_the_english_companion_judge_a_chinese_question_against_an_english_passage() {
        // The MiniLM companion would put "near" far ahead; on a Chinese question it may only judge the Chinese
        // passage ("附近"), and its vote on the English one is the base model's.
        StoreHit english = new StoreHit("en", "kb1", "d", "d", "kettle", 0.5, 0.6, Double.NaN);
        StoreHit chinese = new StoreHit("zh", "kb1", "d", "d", "附近", 0.5, 0.6, Double.NaN);
        LocalReranker reranker = new LocalReranker(
                ids -> java.util.Map.of(), ids -> java.util.Map.of("en", unit(384, 0), "zh", unit(384, 0)));
        java.util.Map<String, float[]> query = java.util.Map.of("kb1", new float[] {1, 0});

        double[] scores =
                reranker.scores("电水壶", query, java.util.Map.of("kb1", unit(384, 0)), List.of(english, chinese));

        double meaning = (0.6 - 0.25) / 0.6;
        // The English passage's cosine counts CROSS_LANGUAGE_OFFSET more (bge-small-zh's cross-language scale).
        double across = (0.6 + LocalReranker.CROSS_LANGUAGE_OFFSET - 0.25) / 0.6;
        double rest = 1 - LocalReranker.HEADING_WEIGHT;
        assertThat(scores[0]).isCloseTo(rest * 0.7 * across, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(scores[1]).isCloseTo(rest * 0.7 * (0.7 * meaning + 0.3), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(LocalReranker.mostlyHan("kettle 安全模式 怎么开启")).isTrue();
        assertThat(LocalReranker.mostlyHan("kettle 安全模式")).isFalse();
        assertThat(LocalReranker.mostlyHan("How do I enable 2FA? 二")).isFalse();
    }

    @Test
    void should_count_translated_words_for_passages_only_vector_search_found() {
        StoreHit english = new StoreHit("en", "kb1", "d", "d", "Descale the kettle monthly.", 0.5, 0.6, Double.NaN);
        LocalReranker reranker = new LocalReranker(ids -> java.util.Map.of(), ids -> java.util.Map.of());
        java.util.Map<String, float[]> query = java.util.Map.of("kb1", new float[] {1, 0});

        double plain = reranker.scores("水壶", query, java.util.Map.of(), Synonyms.NONE, List.of(english))[0];
        double translated =
                reranker.scores("水壶", query, java.util.Map.of(), new Synonyms(List.of(), true), List.of(english))[0];

        double across = (0.6 + LocalReranker.CROSS_LANGUAGE_OFFSET - 0.25) / 0.6;
        double rest = 1 - LocalReranker.HEADING_WEIGHT;
        assertThat(plain).isCloseTo(rest * 0.6 * across, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(translated).isCloseTo(rest * (0.6 * across + 0.4), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void should_rank_the_passage_whose_heading_path_holds_the_question_words_above_one_alike_otherwise() {
        // Same similarity, both hold "kettle" and "descaling": only the first says so in its heading path.
        StoreHit underHeading = new StoreHit(
                "h",
                "kb1",
                "d",
                "d",
                "Kettle › Descaling\nRun the cycle once a month in hard water areas.",
                0.5,
                0.6,
                Double.NaN);
        StoreHit inBody = new StoreHit(
                "b",
                "kb1",
                "d",
                "d",
                "Warranty › Claims\nKettle descaling damage is not covered by it.",
                0.5,
                0.6,
                Double.NaN);
        LocalReranker reranker = new LocalReranker(ids -> java.util.Map.of(), ids -> java.util.Map.of());
        java.util.Map<String, float[]> query = java.util.Map.of("kb1", new float[] {1, 0});

        double[] scores = reranker.scores("kettle descaling", query, List.of(underHeading, inBody));

        assertThat(scores[0]).isGreaterThan(scores[1]);
        assertThat(scores[0] - scores[1])
                .isCloseTo(LocalReranker.HEADING_WEIGHT, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(LocalReranker.heading("Kettle › Descaling\nRun the cycle monthly."))
                .isEqualTo("Kettle › Descaling");
        assertThat(LocalReranker.heading("One line only")).isNull();
        // A first line that is most of the passage is text, not a heading.
        assertThat(LocalReranker.heading("A long first line of plain text that goes on.\nEnd."))
                .isNull();
    }

    @Test
    void should_weigh_a_passage_in_the_other_language_as_if_its_cosine_were_higher_by_the_offset() {
        StoreHit english = new StoreHit("en", "kb1", "d", "d", "kettle", 0.5, 0.6, Double.NaN);
        StoreHit chinese =
                new StoreHit("zh", "kb1", "d", "d", "水壶", 0.5, 0.6 + LocalReranker.CROSS_LANGUAGE_OFFSET, Double.NaN);
        LocalReranker reranker = new LocalReranker(ids -> java.util.Map.of(), ids -> java.util.Map.of());
        java.util.Map<String, float[]> query = java.util.Map.of("kb1", new float[] {1, 0});

        // Neither holds the question's words: only the meaning counts.
        double[] scores = reranker.scores("电热", query, List.of(english, chinese));

        assertThat(scores[0]).isCloseTo(scores[1], org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void should_rank_the_passage_holding_the_questions_rare_word_above_one_holding_its_common_word(
            @TempDir Path index) {
        // Ten chunks of a kettle manual: all say "kettle", one says "limescale". Two candidates alike in meaning,
        // each holding one of the question's two words: the rare word tells more.
        StoreHit common = new StoreHit("kb1-0", "kb1", "d", "d", "Fill the kettle to MAX.", 0.5, 0.6, Double.NaN);
        StoreHit rare =
                new StoreHit("kb1-1", "kb1", "d", "d", "Limescale builds up in hard water.", 0.5, 0.6, Double.NaN);
        try (LuceneKnowledgeStore store = LuceneKnowledgeStore.open(index)) {
            List<IndexedChunk> chunks = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String text = i == 1
                        ? "Limescale builds up in hard water; the kettle needs descaling."
                        : "The kettle section number " + i + ".";
                chunks.add(new IndexedChunk("kb1-" + i, "kb1", "d", "d.md", text, new float[] {1, 0}));
            }
            chunks.add(new IndexedChunk("kb2-0", "kb2", "e", "e.md", "Limescale, limescale.", new float[] {1, 0}));
            store.add(chunks);
            LocalReranker counting = new LocalReranker(
                    ids -> java.util.Map.of(),
                    ids -> java.util.Map.of(),
                    store::wordCounts,
                    LocalReranker.Weights.DEFAULT);
            LocalReranker blind = new LocalReranker(ids -> java.util.Map.of(), ids -> java.util.Map.of());
            java.util.Map<String, float[]> query = java.util.Map.of("kb1", new float[] {1, 0});

            double[] without = blind.scores("kettle limescale", query, List.of(common, rare));
            double[] with = counting.scores("kettle limescale", query, List.of(common, rare));

            assertThat(without[0]).isCloseTo(without[1], org.assertj.core.data.Offset.offset(1e-9));
            assertThat(with[1]).isGreaterThan(with[0]);
            // Of kb1's 10 chunks (kb2's is not counted) 10 hold "kettle", 1 "limescale": BM25's idf.
            WordCounts counts = store.wordCounts(List.of("kb1"), "kettle limescale", Synonyms.NONE);
            assertThat(counts).isEqualTo(new WordCounts(10, java.util.Map.of("kettl", 10L, "limescal", 1L)));
            double kettle = Math.log(1 + 0.5 / 10.5);
            double limescale = Math.log(1 + 9.5 / 1.5);
            double meaning = (0.6 - 0.25) / 0.6;
            double rest = 1 - LocalReranker.HEADING_WEIGHT;
            double r = LocalReranker.RARE_WORD_WEIGHT;
            assertThat(with[1])
                    .isCloseTo(
                            rest * (0.6 * meaning + 0.4 * ((1 - r) * 0.5 + r * limescale / (kettle + limescale))),
                            org.assertj.core.data.Offset.offset(1e-9));
            assertThat(with[0])
                    .isCloseTo(
                            rest * (0.6 * meaning + 0.4 * ((1 - r) * 0.5 + r * kettle / (kettle + limescale))),
                            org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void should_score_as_without_rarity_when_the_store_cannot_count_words() {
        StoreHit a = new StoreHit("a", "kb1", "d", "d", "Fill the kettle to MAX.", 0.5, 0.6, Double.NaN);
        StoreHit b = new StoreHit("b", "kb1", "d", "d", "Limescale builds up in hard water.", 0.5, 0.6, Double.NaN);
        java.util.Map<String, float[]> query = java.util.Map.of("kb1", new float[] {1, 0});
        LocalReranker unknown = new LocalReranker(
                ids -> java.util.Map.of(),
                ids -> java.util.Map.of(),
                (bases, text, synonyms) -> WordCounts.UNKNOWN,
                LocalReranker.Weights.DEFAULT);
        LocalReranker blind = new LocalReranker(ids -> java.util.Map.of(), ids -> java.util.Map.of());

        assertThat(unknown.scores("kettle limescale", query, List.of(a, b)))
                .containsExactly(blind.scores("kettle limescale", query, List.of(a, b)));
    }

    @Test
    void should_refuse_a_companion_that_is_the_base_model_or_not_in_process() {
        assertThatThrownBy(() -> new EmbeddingSettings(EmbeddingSettings.MINILM, null, null, EmbeddingSettings.MINILM))
                .hasMessageContaining("embedding.companion");
        assertThatThrownBy(() -> new EmbeddingSettings(null, null, null, "provider"))
                .hasMessageContaining("embedding.companion");
        assertThat(new EmbeddingSettings(null, null, null, "none").companion()).isNull();
        assertThat(new EmbeddingSettings(null, null, null, " all-minilm-l6-v2 ").companionSettings())
                .isEqualTo(new EmbeddingSettings(EmbeddingSettings.MINILM, null, null));
    }

    private static float[] unit(int dimensions, int axis) {
        float[] vector = new float[dimensions];
        vector[axis] = 1;
        return vector;
    }

    @Test
    void should_count_chinese_character_pairs_across_word_boundaries() {
        assertThat(LocalReranker.hanPairs("退货运费")).containsExactlyInAnyOrder("退货", "货运", "运费");
    }
}
