package io.switchboard.runtime.knowledge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The in-process reranker. <b>Not a cross-encoder</b>: no packaged cross-encoder model could be had
 * through the package registries this project builds from (see docs/knowledge.md), so this combines what
 * is known of each candidate into one score instead of ranking by fused rank position:
 *
 * <ul>
 *   <li>meaning: cosine similarity of question and passage with the base's embedding model (passages the
 *       keyword search alone found get theirs from their stored vectors), rescaled so 0.25 → 0 and 0.85 → 1;
 *   <li>second opinion, when the base has a companion model ({@code embedding.companion}): the same
 *       similarity by that model, from the chunk's stored companion vector, rescaled on that model's scale
 *       (all-MiniLM-L6-v2 0.1 → 0 and 0.7 → 1; bge-small-zh as above);
 *   <li>words: the larger of the share of the question's content words in the passage and, for Chinese,
 *       the share of its character pairs (robust to word segmentation: 退货运费 vs 退货的运费). Where the
 *       store counts words ({@link KnowledgeStore#wordCounts}: Lucene), 0.25 of that share weighs each word by
 *       its rarity in the bases (BM25's idf): "limescale" found says more than "kettle" in a kettle manual.
 * </ul>
 *
 * Score = 0.6 × meaning + 0.4 × words, in [0, 1]; with a companion 0.7 × (0.7 × meaning + 0.3 × second
 * opinion) + 0.3 × words (weights chosen on the dev half of the evaluation set, docs/benchmarks.md). Then
 * 0.95 × that + 0.05 × the share of the question's words in the passage's heading path (its first line), and
 * the base model's cosine of a passage in the other language than the question counts 0.08 more: bge-small-zh
 * puts any Chinese passage closer to a Chinese question than the English passage that answers it (both
 * chosen on the dev half too).
 */
final class LocalReranker implements Reranker {
    static final double MEANING_WEIGHT = 0.6;
    static final double COMPANION_MEANING_WEIGHT = 0.7;
    static final double COMPANION_SHARE = 0.3;
    /** Share of the score given to the question's words found in the passage's heading path (its first line). */
    static final double HEADING_WEIGHT = 0.05;
    /** Added to the base model's cosine for a passage in the other language than the question. */
    static final double CROSS_LANGUAGE_OFFSET = 0.08;
    /** Share of the word score that weighs the question's words by their rarity in the bases. */
    static final double RARE_WORD_WEIGHT = 0.25;

    private static final int MINILM_DIMENSIONS = 384;

    /** The reranker's weights; {@link #DEFAULT} is what links use (the evaluation benchmark tries others). */
    record Weights(
            double meaning,
            double companionMeaning,
            double companionShare,
            double heading,
            double crossLanguageOffset,
            double rareWords) {
        static final Weights DEFAULT = new Weights(
                MEANING_WEIGHT,
                COMPANION_MEANING_WEIGHT,
                COMPANION_SHARE,
                HEADING_WEIGHT,
                CROSS_LANGUAGE_OFFSET,
                RARE_WORD_WEIGHT);
    }

    /** How many chunks of the bases hold each of a question's words ({@link KnowledgeStore#wordCounts}). */
    @FunctionalInterface
    interface WordCounter {
        WordCounter NONE = (bases, text, synonyms) -> WordCounts.UNKNOWN;

        WordCounts count(List<String> knowledgeBaseIds, String text, Synonyms synonyms);
    }

    private final Function<List<String>, Map<String, float[]>> vectors;
    private final Function<List<String>, Map<String, float[]>> companionVectors;
    private final WordCounter wordCounts;
    private final double meaningWeight;
    private final double companionMeaningWeight;
    private final double companionShare;
    private final double headingWeight;
    private final double crossLanguageOffset;
    private final double rareWordWeight;

    /** Without word counts: scores as if every word were equally rare. */
    LocalReranker(
            Function<List<String>, Map<String, float[]>> vectors,
            Function<List<String>, Map<String, float[]>> companionVectors) {
        this(vectors, companionVectors, WordCounter.NONE, Weights.DEFAULT);
    }

    /**
     * @param vectors stored vectors of chunks by id (the catalog's), for passages without a similarity
     * @param companionVectors stored companion-model vectors of chunks by id
     * @param wordCounts the store's counts of the question's words, for their rarity
     */
    LocalReranker(
            Function<List<String>, Map<String, float[]>> vectors,
            Function<List<String>, Map<String, float[]>> companionVectors,
            WordCounter wordCounts,
            Weights weights) {
        this.vectors = vectors;
        this.companionVectors = companionVectors;
        this.wordCounts = wordCounts;
        this.meaningWeight = weights.meaning();
        this.companionMeaningWeight = weights.companionMeaning();
        this.companionShare = weights.companionShare();
        this.headingWeight = weights.heading();
        this.crossLanguageOffset = weights.crossLanguageOffset();
        this.rareWordWeight = weights.rareWords();
    }

    @Override
    public double[] scores(String query, Map<String, float[]> queryVectors, List<StoreHit> passages) {
        return scores(query, queryVectors, Map.of(), passages);
    }

    @Override
    public double[] scores(
            String query,
            Map<String, float[]> queryVectors,
            Map<String, float[]> companionQueryVectors,
            List<StoreHit> passages) {
        return scores(query, queryVectors, companionQueryVectors, Synonyms.NONE, passages);
    }

    /**
     * The same, counting the bases' synonyms (and, with {@code crossLanguage}, translations) as the
     * question's words for passages that retrieval gave no keyword score (those only vector search found).
     */
    double[] scores(
            String query,
            Map<String, float[]> queryVectors,
            Map<String, float[]> companionQueryVectors,
            Synonyms synonyms,
            List<StoreHit> passages) {
        List<String> missing = new ArrayList<>();
        List<String> seconds = new ArrayList<>();
        for (StoreHit hit : passages) {
            if (Double.isNaN(hit.similarity()) && queryVectors.containsKey(hit.knowledgeBaseId())) {
                missing.add(hit.chunkId());
            }
            if (companionQueryVectors.containsKey(hit.knowledgeBaseId())) {
                seconds.add(hit.chunkId());
            }
        }
        Map<String, float[]> stored = missing.isEmpty() ? Map.of() : vectors.apply(missing);
        Map<String, float[]> storedSeconds = seconds.isEmpty() ? Map.of() : companionVectors.apply(seconds);
        KeywordCoverage.Question terms = KeywordCoverage.Question.of(query, synonyms);
        Set<String> pairs = hanPairs(query);
        boolean chineseQuery = mostlyHan(query);
        double[] rare = null;
        if (rareWordWeight > 0 && !terms.terms().isEmpty()) {
            List<String> bases =
                    passages.stream().map(StoreHit::knowledgeBaseId).distinct().toList();
            WordCounts counts = wordCounts.count(bases, query, synonyms);
            rare = counts.known() ? rareWordShares(terms, counts, passages) : null;
        }
        double[] scores = new double[passages.size()];
        for (int i = 0; i < passages.size(); i++) {
            StoreHit hit = passages.get(i);
            float[] queryVector = queryVectors.get(hit.knowledgeBaseId());
            double similarity = hit.similarity();
            if (Double.isNaN(similarity)) {
                similarity = cosine(stored.get(hit.chunkId()), queryVector);
            }
            boolean otherLanguage = chineseQuery != mostlyHan(hit.text());
            if (otherLanguage) {
                similarity += crossLanguageOffset;
            }
            double meaning = Math.clamp((similarity - 0.25) / 0.6, 0, 1);
            double share =
                    Double.isNaN(hit.keywordScore()) ? KeywordCoverage.of(terms, hit.text()) : hit.keywordScore();
            if (rare != null) {
                share = (1 - rareWordWeight) * share + rareWordWeight * rare[i];
            }
            double words = Math.max(share, pairShare(pairs, hit.text()));
            float[] secondQuery = companionQueryVectors.get(hit.knowledgeBaseId());
            float[] secondVector = storedSeconds.get(hit.chunkId());
            if (secondQuery != null && secondVector != null && secondVector.length == secondQuery.length) {
                // all-MiniLM-L6-v2 (384-d) was trained on English only: it cannot compare a Chinese question
                // with an English passage or the other way round, so there it abstains (its vote is the base
                // model's). Within Chinese its word pieces (single characters) still say something.
                boolean abstains = secondQuery.length == MINILM_DIMENSIONS && otherLanguage;
                double second = abstains ? meaning : rescaled(secondQuery.length, cosine(secondVector, secondQuery));
                double blended = (1 - companionShare) * meaning + companionShare * second;
                scores[i] = companionMeaningWeight * blended + (1 - companionMeaningWeight) * words;
            } else {
                scores[i] = meaningWeight * meaning + (1 - meaningWeight) * words;
            }
            if (headingWeight > 0) {
                String heading = heading(hit.text());
                double inHeading =
                        heading == null ? 0 : Math.max(KeywordCoverage.of(terms, heading), pairShare(pairs, heading));
                scores[i] = (1 - headingWeight) * scores[i] + headingWeight * inHeading;
            }
        }
        return scores;
    }

    /**
     * Per passage, the share of the question's words it holds with each word weighed by its rarity in the
     * bases (BM25's idf from {@code counts}): a word most chunks hold ("kettle" in a kettle manual, "from")
     * says less about a passage than one few hold ("limescale").
     */
    private static double[] rareWordShares(KeywordCoverage.Question terms, WordCounts counts, List<StoreHit> passages) {
        double[] shares = new double[passages.size()];
        Map<String, Double> idf = new HashMap<>();
        double total = 0;
        for (String term : terms.terms()) {
            long holding = Math.min(counts.chunks(), counts.holding().getOrDefault(term, 0L));
            double weight = Math.log(1 + (counts.chunks() - holding + 0.5) / (holding + 0.5));
            idf.put(term, weight);
            total += weight;
        }
        if (total <= 0) {
            return null;
        }
        for (int i = 0; i < passages.size(); i++) {
            double sum = 0;
            for (String word : KeywordCoverage.found(terms, passages.get(i).text())) {
                sum += idf.getOrDefault(word, 0.0);
            }
            shares[i] = sum / total;
        }
        return shares;
    }

    /**
     * The passage's heading path: the first line of a structure-aware chunk ("Kettle › Descaling › Regular
     * descaling"), of a Q&A chunk its question; null for a passage of one line or whose first line is
     * most of it (plain text has no heading).
     */
    static String heading(String text) {
        if (text == null) {
            return null;
        }
        int end = text.indexOf('\n');
        if (end <= 0 || end * 2 > text.length()) {
            return null;
        }
        return text.substring(0, end);
    }

    /** Whether at least half of the text's letters are Chinese characters. */
    static boolean mostlyHan(String text) {
        if (text == null) {
            return false;
        }
        int han = 0;
        int letters = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (han(c)) {
                han++;
                letters++;
            } else if (Character.isLetter(c)) {
                letters++;
            }
        }
        return letters > 0 && han * 2 >= letters;
    }

    /** A companion model's similarity on its own scale: MiniLM (384-d) runs lower than bge-small-zh. */
    private static double rescaled(int dimensions, double similarity) {
        double floor = dimensions == MINILM_DIMENSIONS ? 0.1 : 0.25;
        return Math.clamp((similarity - floor) / 0.6, 0, 1);
    }

    private static double cosine(float[] vector, float[] queryVector) {
        if (vector == null || queryVector == null || vector.length != queryVector.length) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < vector.length; i++) {
            sum += vector[i] * queryVector[i];
        }
        return sum;
    }

    /** Pairs of neighbouring Chinese characters, across word boundaries. */
    static Set<String> hanPairs(String text) {
        Set<String> pairs = new HashSet<>();
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i + 1 < lower.length(); i++) {
            if (han(lower.charAt(i)) && han(lower.charAt(i + 1))) {
                pairs.add(lower.substring(i, i + 2));
            }
        }
        return pairs;
    }

    private static double pairShare(Set<String> pairs, String text) {
        if (pairs.isEmpty() || text == null) {
            return 0;
        }
        long found = pairs.stream().filter(text::contains).count();
        return (double) found / pairs.size();
    }

    private static boolean han(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }
}
