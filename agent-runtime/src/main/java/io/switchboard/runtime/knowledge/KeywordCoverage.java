package io.switchboard.runtime.knowledge;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The keyword score both engines report: the share of the query's content words (Chinese words as
 * SmartChineseAnalyzer segments them, English words stemmed; function words such as "the", "how", 的, 吗
 * left out) that occur in the passage. 1 means every word of the question is in the passage, 0.5 half of
 * them. Unlike BM25 it does not depend on the size of the base: BM25 in a base of three documents gives a
 * real match about 0.3, which {@code s/(s+1)} squashed to 0.23 and a threshold of 0.5 dropped.
 */
final class KeywordCoverage {
    private static final int MAX_TERMS = 64;
    private static final int MAX_PASSAGE_TERMS = 100_000;
    private static final Analyzer ANALYZER = new SmartChineseAnalyzer();
    private static final CharArraySet STOP = stopWords();

    /**
     * Passages' words as the analyser segments them, by text: the same passages come back for related
     * questions, and a hit test scores one question in three modes. SmartChineseAnalyzer's segmentation was
     * a quarter of search + rerank's CPU. Bounded by the passages' length (200,000 characters, some 500
     * passages; a few MB of heap).
     */
    private static final Cache<String, Set<String>> PASSAGES = Caffeine.newBuilder()
            .maximumWeight(200_000)
            .weigher((String text, Set<String> words) -> text.length())
            .build();

    private static final int CACHED_PASSAGE_LENGTH = 20_000;

    private KeywordCoverage() {}

    /** Content words of {@code text}, analysed as the index analyses it, in order, at most 64. */
    static Set<String> terms(String text) {
        return terms(text, MAX_TERMS);
    }

    private static Set<String> terms(String text, int max) {
        Set<String> terms = new LinkedHashSet<>();
        if (text == null || text.isBlank()) {
            return terms;
        }
        try (TokenStream tokens = ANALYZER.tokenStream("text", text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken() && terms.size() < max) {
                if (!STOP.contains(term.buffer(), 0, term.length())) {
                    terms.add(term.toString());
                }
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
        return terms;
    }

    /** A question's content words and, for those in a synonyms group, the words that count as them. */
    record Question(Set<String> terms, Map<String, List<Set<String>>> alternatives) {
        static Question of(String text, Synonyms synonyms) {
            Set<String> terms = KeywordCoverage.terms(text);
            return new Question(terms, synonyms == null ? Map.of() : synonyms.alternatives(terms));
        }
    }

    /** Share of the query's content words found in the passage, in [0, 1]; 0 when the query has none. */
    static double of(String query, String passage) {
        return of(Question.of(query, Synonyms.NONE), passage);
    }

    static double of(Set<String> queryTerms, String passage) {
        return of(new Question(queryTerms, Map.of()), passage);
    }

    /** A word of the question counts as found when it or one of its synonyms (all terms of it) is there. */
    static double of(Question question, String passage) {
        if (question.terms().isEmpty() || passage == null) {
            return 0;
        }
        return (double) found(question, passage).size() / question.terms().size();
    }

    /** The question's words (as in {@link Question#terms()}) the passage holds, itself or as a synonym. */
    static Set<String> found(Question question, String passage) {
        Set<String> matched = new LinkedHashSet<>();
        if (question.terms().isEmpty() || passage == null) {
            return matched;
        }
        Set<String> words = passage.length() > CACHED_PASSAGE_LENGTH
                ? terms(passage.substring(0, CACHED_PASSAGE_LENGTH), MAX_PASSAGE_TERMS)
                : PASSAGES.get(passage, text -> Set.copyOf(terms(text, MAX_PASSAGE_TERMS)));
        for (String term : question.terms()) {
            if (words.contains(term)
                    || question.alternatives().getOrDefault(term, List.of()).stream()
                            .anyMatch(words::containsAll)) {
                matched.add(term);
            }
        }
        return matched;
    }

    private static CharArraySet stopWords() {
        CharArraySet stop = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true);
        // Question words and auxiliaries (some as the Porter stemmer leaves them), and Chinese particles and
        // question words: they say how something is asked, not what about.
        for (String word : new String[] {
            "how", "what", "when", "where", "which", "who", "why", "do", "doe", "does", "did", "can", "could", "i",
            "my", "me", "you", "your", "we", "our", "should", "would", "is", "am", "ar", "are", "wa", "get", "ha",
            "have", "much", "mani", "many", "long", "need", "want", "i'm", "it'", "s", "的", "了", "吗", "呢", "吧", "啊",
            "是", "我", "你", "我们", "您", "怎么", "怎样", "如何", "什么", "哪", "哪些", "哪里", "多少", "多久", "能", "能不能", "可以", "可不可以",
            "要", "需要", "有", "没有", "会", "在", "和", "与", "吗？", "请问", "一下", "这个", "那个", "么", "还", "就", "都", "也", "想"
        }) {
            stop.add(word);
        }
        return CharArraySet.unmodifiableSet(stop);
    }
}
