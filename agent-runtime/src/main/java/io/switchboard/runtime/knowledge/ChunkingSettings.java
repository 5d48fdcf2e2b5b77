package io.switchboard.runtime.knowledge;

import java.util.List;

/**
 * How documents of a knowledge base are cut into passages. Sizes count characters, which suits Chinese
 * (no spaces, about one token per character) and keeps English chunks well inside the models' windows.
 *
 * @param size largest chunk, in characters (a table or code block may exceed it rather than be cut, up to
 *     three times the size)
 * @param overlap characters repeated from the end of one chunk at the start of the next
 * @param separators tried in order: text is split at the first separator that yields pieces small enough
 * @param structure how headings, tables, code and Q&A shape the chunks (default auto)
 * @param parentChild when true, chunks are matched but their whole section (up to {@code parentSize}) is
 *     what retrieval returns
 * @param parentSize largest parent section returned for a matched chunk, in characters (default 2000, or
 *     the size when that is larger)
 */
public record ChunkingSettings(
        Integer size,
        Integer overlap,
        List<String> separators,
        ChunkStructure structure,
        Boolean parentChild,
        Integer parentSize) {
    public static final int DEFAULT_SIZE = 400;
    public static final int DEFAULT_OVERLAP = 40;
    public static final int DEFAULT_PARENT_SIZE = 2000;
    /** Paragraphs, lines, then sentence ends in Chinese and English, then clauses, then words. */
    public static final List<String> DEFAULT_SEPARATORS =
            List.of("\n\n", "\n", "。", "！", "？", ". ", "! ", "? ", "；", "; ", "，", ", ", " ");

    public static final ChunkingSettings DEFAULT = new ChunkingSettings(null, null, null, null, null, null);

    public ChunkingSettings {
        size = size == null ? DEFAULT_SIZE : size;
        overlap = overlap == null ? DEFAULT_OVERLAP : overlap;
        separators = separators == null || separators.isEmpty() ? DEFAULT_SEPARATORS : List.copyOf(separators);
        structure = structure == null ? ChunkStructure.AUTO : structure;
        parentChild = parentChild != null && parentChild;
        parentSize = parentSize == null ? Math.max(DEFAULT_PARENT_SIZE, size) : parentSize;
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
        if (parentSize < size || parentSize > 8000) {
            throw new IllegalArgumentException(
                    "chunking.parentSize must be between chunking.size and 8000 characters, got " + parentSize);
        }
    }
}
