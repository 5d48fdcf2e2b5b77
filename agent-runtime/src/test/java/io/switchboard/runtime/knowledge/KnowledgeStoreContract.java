package io.switchboard.runtime.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link KnowledgeStore} must do; each engine's test extends it. */
abstract class KnowledgeStoreContract {
    protected KnowledgeStore store;
    private final String kb = "kb_" + UUID.randomUUID().toString().replace("-", "");
    private final String otherKb = "kb_" + UUID.randomUUID().toString().replace("-", "");

    /** A store over fresh or existing data; the same storage every call within a test. */
    protected abstract KnowledgeStore open();

    @BeforeEach
    void openStore() {
        store = open();
    }

    @AfterEach
    void closeStore() {
        store.deleteKnowledgeBase(kb);
        store.deleteKnowledgeBase(otherKb);
        store.close();
    }

    static float[] unit(float... values) {
        double norm = 0;
        for (float v : values) {
            norm += v * v;
        }
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) (values[i] / Math.sqrt(norm));
        }
        return out;
    }

    private IndexedChunk chunk(String kbId, String id, String doc, String text, float... vector) {
        return new IndexedChunk(kbId + "-" + id, kbId, doc, doc + ".md", text, unit(vector));
    }

    private void addSample() {
        store.add(List.of(
                chunk(kb, "c1", "returns", "退货政策：收到商品七天内可以无理由退货。", 1, 0, 0, 0),
                chunk(kb, "c2", "shipping", "Shipping takes three business days within the country.", 0, 1, 0, 0),
                chunk(kb, "c3", "returns", "Refunds are paid to the original card within a week.", 0.7f, 0, 0.7f, 0),
                chunk(otherKb, "c4", "secret", "退货 refunds shipping in another knowledge base", 1, 0, 0, 0)));
    }

    private StoreQuery query(RetrievalMode mode, String text, float[] vector, int topK) {
        return new StoreQuery(List.of(kb), text, vector, mode, topK, null);
    }

    @Test
    void should_find_the_nearest_vector_with_its_cosine_similarity() {
        addSample();

        List<StoreHit> hits = store.search(query(RetrievalMode.VECTOR, null, unit(1, 0, 0, 0), 3));

        assertThat(hits).extracting(StoreHit::chunkId).startsWith(kb + "-c1", kb + "-c3");
        assertThat(hits.get(0).score()).isCloseTo(1.0, within(0.01));
        assertThat(hits.get(1).score()).isCloseTo(Math.sqrt(0.5), within(0.02));
        assertThat(hits.get(0).documentName()).isEqualTo("returns.md");
        assertThat(hits.get(0).text()).contains("七天");
    }

    @Test
    void should_find_by_keyword_in_chinese_and_english() {
        addSample();

        List<StoreHit> chinese = store.search(query(RetrievalMode.KEYWORD, "怎么退货", null, 3));
        List<StoreHit> english = store.search(query(RetrievalMode.KEYWORD, "how long does shipping take", null, 3));

        assertThat(chinese).isNotEmpty();
        assertThat(chinese.get(0).chunkId()).isEqualTo(kb + "-c1");
        assertThat(english.get(0).chunkId()).isEqualTo(kb + "-c2");
        assertThat(english.get(0).score()).isBetween(0.0, 1.0);
        assertThat(english.get(0).similarity()).isNaN();
    }

    @Test
    void should_only_return_chunks_of_the_requested_knowledge_bases() {
        addSample();

        List<StoreHit> vector = store.search(query(RetrievalMode.VECTOR, null, unit(1, 0, 0, 0), 10));
        List<StoreHit> keyword = store.search(query(RetrievalMode.KEYWORD, "refunds shipping 退货", null, 10));
        List<StoreHit> both = store.search(
                new StoreQuery(List.of(kb, otherKb), null, unit(1, 0, 0, 0), RetrievalMode.VECTOR, 10, null));

        assertThat(vector).extracting(StoreHit::knowledgeBaseId).containsOnly(kb);
        assertThat(keyword).extracting(StoreHit::knowledgeBaseId).containsOnly(kb);
        assertThat(both).extracting(StoreHit::knowledgeBaseId).contains(kb, otherKb);
    }

    @Test
    void should_fuse_vector_and_keyword_ranks_in_hybrid_mode() {
        addSample();

        // The vector points at the shipping chunk; the words point at the returns chunk.
        List<StoreHit> hits = store.search(query(RetrievalMode.HYBRID, "退货", unit(0, 1, 0, 0), 3));

        assertThat(hits).extracting(StoreHit::chunkId).contains(kb + "-c1", kb + "-c2");
        assertThat(hits).allSatisfy(hit -> assertThat(hit.score()).isBetween(0.0, 1.0));
        assertThat(hits).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
        StoreHit shipping = hits.stream()
                .filter(h -> h.chunkId().equals(kb + "-c2"))
                .findFirst()
                .orElseThrow();
        assertThat(shipping.similarity()).isCloseTo(1.0, within(0.01));
    }

    @Test
    void should_score_first_in_both_lists_as_one_in_hybrid_mode() {
        addSample();

        List<StoreHit> hits = store.search(query(RetrievalMode.HYBRID, "shipping business days", unit(0, 1, 0, 0), 3));

        assertThat(hits.get(0).chunkId()).isEqualTo(kb + "-c2");
        assertThat(hits.get(0).score()).isCloseTo(1.0, within(0.001));
    }

    /**
     * The keyword score of a hit is the share of the question's words its text holds, whether an engine
     * reads it from its index (Lucene: postings) or segments the text: with and without synonyms.
     */
    @Test
    void should_score_keywords_as_the_share_of_the_questions_words_in_the_text() {
        addSample();
        store.add(List.of(
                chunk(kb, "c5", "returns", "退款会在三到五个工作日内原路退回，运费由买家承担。", 0, 0, 1, 0),
                chunk(
                        kb,
                        "c6",
                        "shipping",
                        "Express shipping: refunds of the shipping fee take two days.",
                        0,
                        0,
                        0,
                        1)));
        Synonyms synonyms = new Synonyms(List.of(List.of("退货", "退款", "refund")), false);
        for (String question : List.of("退货的运费由谁承担", "how long does a refund of shipping take", "退货 shipping 七天")) {
            for (Synonyms words : List.of(Synonyms.NONE, synonyms)) {
                KeywordCoverage.Question terms = KeywordCoverage.Question.of(question, words);
                for (RetrievalMode mode : List.of(RetrievalMode.KEYWORD, RetrievalMode.HYBRID)) {
                    List<StoreHit> hits =
                            store.search(new StoreQuery(List.of(kb), question, unit(0, 0, 1, 1), mode, 10, words));
                    assertThat(hits).as(mode + " " + question).isNotEmpty();
                    assertThat(hits)
                            .filteredOn(hit -> !Double.isNaN(hit.keywordScore()))
                            .as(mode + " " + question + " " + words)
                            .isNotEmpty()
                            .allSatisfy(hit -> assertThat(hit.keywordScore())
                                    .as(hit.text())
                                    .isCloseTo(KeywordCoverage.of(terms, hit.text()), within(1e-9)));
                }
            }
        }
    }

    /** Whether this engine counts words ({@link KnowledgeStore#wordCounts}); Milvus does not. */
    protected boolean countsWords() {
        return true;
    }

    /**
     * The rarity of a question's words for the local reranker: of the searched bases' chunks, how many hold
     * each word as the keyword score counts it (itself or all words of a synonym), never another base's.
     */
    @Test
    void should_count_the_chunks_of_the_bases_holding_each_word_of_the_question() {
        addSample();
        store.add(List.of(
                chunk(kb, "c5", "returns", "退款会在三到五个工作日内原路退回，运费由买家承担。", 0, 0, 1, 0),
                chunk(
                        kb,
                        "c6",
                        "shipping",
                        "Express shipping: refunds of the shipping fee take two days.",
                        0,
                        0,
                        0,
                        1)));
        List<String> texts = List.of(
                "退货政策：收到商品七天内可以无理由退货。",
                "Shipping takes three business days within the country.",
                "Refunds are paid to the original card within a week.",
                "退款会在三到五个工作日内原路退回，运费由买家承担。",
                "Express shipping: refunds of the shipping fee take two days.");
        Synonyms synonyms = new Synonyms(List.of(List.of("退货", "退款", "refund")), false);
        for (String question : List.of("退货的运费由谁承担", "how long does a refund of shipping take", "退货 shipping 七天")) {
            for (Synonyms words : List.of(Synonyms.NONE, synonyms)) {
                WordCounts counts = store.wordCounts(List.of(kb), question, words);
                if (!countsWords()) {
                    assertThat(counts).isEqualTo(WordCounts.UNKNOWN);
                    continue;
                }
                KeywordCoverage.Question terms = KeywordCoverage.Question.of(question, words);
                assertThat(counts.chunks()).as(question).isEqualTo(5);
                assertThat(counts.holding().keySet()).as(question).isEqualTo(terms.terms());
                for (String term : terms.terms()) {
                    long expected = texts.stream()
                            .filter(text -> KeywordCoverage.found(terms, text).contains(term))
                            .count();
                    assertThat(counts.holding().get(term))
                            .as(question + " " + words + ": " + term)
                            .isEqualTo(expected);
                }
            }
        }
        // "shipping" is in two of this base's chunks (c2, c6) and in the other base's c4: that one is not counted.
        assertThat(
                        countsWords()
                                ? store.wordCounts(List.of(kb), "shipping", null)
                                        .holding()
                                        .get("ship")
                                : 2L)
                .isEqualTo(2L);
        assertThat(store.wordCounts(List.of(kb), " ", null)).isEqualTo(WordCounts.UNKNOWN);
    }

    @Test
    void should_delete_a_document_and_keep_the_others() {
        addSample();

        store.deleteDocument(kb, "returns");

        assertThat(store.count(kb)).isEqualTo(1);
        assertThat(store.search(query(RetrievalMode.KEYWORD, "退货 refunds", null, 5)))
                .extracting(StoreHit::documentId)
                .doesNotContain("returns");
        assertThat(store.count(otherKb)).isEqualTo(1);
    }

    @Test
    void should_replace_a_chunk_added_again_with_the_same_id() {
        addSample();

        store.add(List.of(chunk(kb, "c2", "shipping", "Delivery is free above 99 yuan.", 0, 1, 0, 0)));

        assertThat(store.count(kb)).isEqualTo(3);
        List<StoreHit> hits = store.search(query(RetrievalMode.VECTOR, null, unit(0, 1, 0, 0), 1));
        assertThat(hits.get(0).text()).isEqualTo("Delivery is free above 99 yuan.");
    }

    @Test
    void should_delete_chunks_by_id_and_whole_knowledge_bases() {
        addSample();

        store.deleteChunks(List.of(kb + "-c1"));
        assertThat(store.count(kb)).isEqualTo(2);
        store.deleteKnowledgeBase(kb);

        assertThat(store.count(kb)).isZero();
        assertThat(store.search(query(RetrievalMode.VECTOR, null, unit(0, 1, 0, 0), 5)))
                .isEmpty();
    }

    @Test
    void should_keep_vectors_of_different_lengths_apart() {
        addSample();
        store.add(List.of(chunk(kb, "wide", "wide", "an eight dimensional chunk", 1, 0, 0, 0, 0, 0, 0, 0)));

        List<StoreHit> narrow = store.search(query(RetrievalMode.VECTOR, null, unit(1, 0, 0, 0), 10));
        List<StoreHit> wide = store.search(query(RetrievalMode.VECTOR, null, unit(1, 0, 0, 0, 0, 0, 0, 0), 10));

        assertThat(narrow).extracting(StoreHit::chunkId).doesNotContain(kb + "-wide");
        assertThat(wide).extracting(StoreHit::chunkId).containsExactly(kb + "-wide");
    }

    @Test
    void should_keep_its_chunks_across_a_restart() {
        addSample();

        store.close();
        store = open();

        assertThat(store.count(kb)).isEqualTo(3);
        assertThat(store.search(query(RetrievalMode.HYBRID, "退货", unit(1, 0, 0, 0), 1)))
                .extracting(StoreHit::chunkId)
                .containsExactly(kb + "-c1");
    }
}
