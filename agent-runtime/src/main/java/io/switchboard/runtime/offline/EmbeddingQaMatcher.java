package io.switchboard.runtime.offline;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;
import io.switchboard.runtime.app.QaPair;
import io.switchboard.runtime.net.ThirdPartyTelemetry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Matches with two quantised in-process models: bge-small-zh-v1.5 for Chinese and all-MiniLM-L6-v2
 * for everything else. A message in Chinese script is compared with the Chinese questions through the
 * Chinese model, any other message with the other questions through the English model (measured on
 * the sample app: bge-small-zh alone ranks English paraphrases wrongly and scores unrelated English as
 * high as real matches; MiniLM cannot read Chinese). When an app has no question in the message's
 * script, all its questions are compared through the message's model.
 *
 * <p>A literal match after {@link QuestionText#normalize normalisation} answers with score 1.0 without
 * touching a model. Question embeddings are cached by model and text, so an edited app only embeds
 * its new questions.
 */
public final class EmbeddingQaMatcher implements QaMatcher {
    private static final int MAX_CACHED_QUESTIONS = 50_000;

    static {
        ThirdPartyTelemetry.optOut();
    }
    // Embedding runs on the caller's (virtual) thread: the work is CPU-bound and the caller waits anyway.
    private static final Executor CALLER = Runnable::run;

    private final LazyEmbeddingModel chinese =
            new LazyEmbeddingModel(() -> new BgeSmallZhV15QuantizedEmbeddingModel(CALLER));
    private final LazyEmbeddingModel english =
            new LazyEmbeddingModel(() -> new AllMiniLmL6V2QuantizedEmbeddingModel(CALLER));
    private final Cache<CacheKey, float[]> questionVectors =
            Caffeine.newBuilder().maximumSize(MAX_CACHED_QUESTIONS).build();

    private EmbeddingQaMatcher() {}

    public static EmbeddingQaMatcher create() {
        return new EmbeddingQaMatcher();
    }

    /**
     * Loads both models and runs them once, so the first user does not wait for it. Blocking (about a
     * second); safe to call from a background virtual thread at start, concurrently with matching.
     */
    public void warmUp() {
        chinese.get().embed("你好");
        english.get().embed("hello");
    }

    @Override
    public Optional<Match> match(List<QaPair> pairs, String message, double threshold) {
        if (threshold < 0 || threshold > 1) {
            throw new IllegalArgumentException("threshold must be between 0 and 1, got " + threshold);
        }
        if (pairs == null || pairs.isEmpty() || message == null) {
            return Optional.empty();
        }
        String normalized = QuestionText.normalize(message);
        if (normalized.isEmpty()) {
            return Optional.empty();
        }
        for (QaPair pair : pairs) {
            if (QuestionText.normalize(pair.question()).equals(normalized)) {
                return Optional.of(new Match(pair, 1.0));
            }
        }
        boolean chineseMessage = QuestionText.isChinese(message);
        List<QaPair> candidates = pairs.stream()
                .filter(pair -> QuestionText.isChinese(pair.question()) == chineseMessage)
                .toList();
        if (candidates.isEmpty()) {
            candidates = pairs;
        }
        String modelName = chineseMessage ? "bge-small-zh-v15-q" : "all-minilm-l6-v2-q";
        EmbeddingModel model = chineseMessage ? chinese.get() : english.get();
        float[] query = model.embed(message).content().vector();
        List<float[]> vectors = questionVectors(model, modelName, candidates);
        QaPair best = null;
        double bestScore = -1;
        for (int i = 0; i < candidates.size(); i++) {
            double score = cosine(query, vectors.get(i));
            if (score > bestScore) {
                bestScore = score;
                best = candidates.get(i);
            }
        }
        return bestScore >= threshold ? Optional.of(new Match(best, Math.min(1.0, bestScore))) : Optional.empty();
    }

    @Override
    public List<Match> nearest(List<QaPair> pairs, String message, int limit) {
        if (pairs == null || pairs.isEmpty() || message == null || limit < 1) {
            return List.of();
        }
        String normalized = QuestionText.normalize(message);
        List<QaPair> others = pairs.stream()
                .filter(pair -> !QuestionText.normalize(pair.question()).equals(normalized))
                .toList();
        if (others.isEmpty() || normalized.isEmpty()) {
            return List.of();
        }
        boolean chineseMessage = QuestionText.isChinese(message);
        String modelName = chineseMessage ? "bge-small-zh-v15-q" : "all-minilm-l6-v2-q";
        EmbeddingModel model = chineseMessage ? chinese.get() : english.get();
        float[] query = model.embed(message).content().vector();
        List<float[]> vectors = questionVectors(model, modelName, others);
        record Ranked(Match match, boolean sameScript) {}
        List<Ranked> ranked = new ArrayList<>(others.size());
        for (int i = 0; i < others.size(); i++) {
            QaPair pair = others.get(i);
            ranked.add(new Ranked(
                    new Match(pair, Math.max(0, Math.min(1, cosine(query, vectors.get(i))))),
                    QuestionText.isChinese(pair.question()) == chineseMessage));
        }
        // Questions in the message's script first (what this user reads), then by similarity.
        ranked.sort(Comparator.comparing(Ranked::sameScript)
                .reversed()
                .thenComparing(r -> r.match().score(), Comparator.reverseOrder()));
        return ranked.stream().limit(limit).map(Ranked::match).toList();
    }

    /** Cached vectors of the questions, embedding the missing ones in one batch. */
    private List<float[]> questionVectors(EmbeddingModel model, String modelName, List<QaPair> candidates) {
        Map<CacheKey, float[]> found = new HashMap<>();
        List<CacheKey> missing = new ArrayList<>();
        for (QaPair pair : candidates) {
            CacheKey key = new CacheKey(modelName, pair.question());
            float[] vector = questionVectors.getIfPresent(key);
            if (vector != null) {
                found.put(key, vector);
            } else if (!found.containsKey(key)) {
                found.put(key, null);
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            List<TextSegment> segments =
                    missing.stream().map(key -> TextSegment.from(key.text())).toList();
            List<Embedding> embeddings = model.embedAll(segments).content();
            for (int i = 0; i < missing.size(); i++) {
                float[] vector = embeddings.get(i).vector();
                questionVectors.put(missing.get(i), vector);
                found.put(missing.get(i), vector);
            }
        }
        return candidates.stream()
                .map(pair -> found.get(new CacheKey(modelName, pair.question())))
                .toList();
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
    }

    private record CacheKey(String model, String text) {}
}
