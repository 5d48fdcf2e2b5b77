package io.switchboard.runtime.knowledge;

import java.util.Map;

/**
 * How common a question's words are in the knowledge bases searched ({@link KnowledgeStore#wordCounts}): of
 * {@code chunks} chunks, how many hold each of the question's content words (itself or, with synonyms, one of
 * the words that count as it). The local reranker weighs a rare word found in a passage above a common one.
 *
 * @param chunks chunks of the bases in all; 0 when the engine cannot say ({@link #UNKNOWN})
 * @param holding per question word (as {@link KeywordCoverage} analyses it), the chunks holding it
 */
public record WordCounts(long chunks, Map<String, Long> holding) {
    /** The engine does not count words: the reranker does without their rarity. */
    public static final WordCounts UNKNOWN = new WordCounts(0, Map.of());

    public WordCounts {
        holding = Map.copyOf(holding);
    }

    boolean known() {
        return chunks > 0;
    }
}
