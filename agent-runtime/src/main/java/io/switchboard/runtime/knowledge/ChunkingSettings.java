package io.switchboard.runtime.knowledge;

import java.util.List;

/**
 * How documents of a knowledge base are cut into passages. Sizes count characters, which suits Chinese
 * (no spaces, about one token per character) and keeps English chunks well inside the models' windows.
 *
 * @param size largest chunk, in characters
 * @param overlap characters repeated from the end of one chunk at the start of the next
 * @param separators tried in order: text is split at the first separator that yields pieces small enough
 */
public record ChunkingSettings(Integer size, Integer overlap, List<String> separators) {
    public static final int DEFAULT_SIZE = 400;
    public static final int DEFAULT_OVERLAP = 40;
    /** Paragraphs, lines, then sentence ends in Chinese and English, then clauses, then words. */
    public static final List<String> DEFAULT_SEPARATORS =
            List.of("\n\n", "\n", "。", "！", "？", ". ", "! ", "? ", "；", "; ", "，", ", ", " ");

    public static final ChunkingSettings DEFAULT = new ChunkingSettings(null, null, null);

    public ChunkingSettings {
        size = size == null ? DEFAULT_SIZE : size;
        overlap = overlap == null ? DEFAULT_OVERLAP : overlap;
        separators = separators == null || separators.isEmpty() ? DEFAULT_SEPARATORS : List.copyOf(separators);
        if (size < 50 || size > 4000) {
            throw new IllegalArgumentException("chunking.size must be between 50 and 4000 characters, got " + size);
        }
        if (overlap < 0 || overlap >= size / 2) {
            throw new IllegalArgumentException(
                    "chunking.overlap must be between 0 and half of chunking.size, got " + overlap);
        }
        if (separators.size() > 50 || separators.stream().anyMatch(s -> s == null || s.isEmpty() || s.length() > 10)) {
            throw new IllegalArgumentException(
                    "chunking.separators must be at most 50 non-empty strings of up to 10" + " characters");
        }
    }
}
