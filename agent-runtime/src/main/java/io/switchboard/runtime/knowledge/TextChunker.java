package io.switchboard.runtime.knowledge;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts text into chunks of at most {@code size} characters: split at the first separator (paragraph,
 * line, sentence end in Chinese or English, clause, word) whose pieces fit, merge neighbouring pieces up to
 * the size, and start each chunk with the last {@code overlap} characters of the previous one. Text
 * without any separator (long Chinese runs) is cut at the size.
 */
final class TextChunker {
    private final ChunkingSettings settings;

    TextChunker(ChunkingSettings settings) {
        this.settings = settings;
    }

    List<String> chunk(String text) {
        String normalized = text.replace("\r\n", "\n")
                .replace('\r', '\n')
                .replaceAll("\n{3,}", "\n\n")
                .strip();
        if (normalized.isEmpty()) {
            return List.of();
        }
        List<String> pieces = new ArrayList<>();
        split(normalized, 0, pieces);
        return merge(pieces);
    }

    /** Splits into pieces no longer than the size, keeping each separator at the end of its piece. */
    private void split(String text, int separatorIndex, List<String> out) {
        if (text.length() <= settings.size()) {
            out.add(text);
            return;
        }
        List<String> separators = settings.separators();
        for (int i = separatorIndex; i < separators.size(); i++) {
            String separator = separators.get(i);
            if (!text.contains(separator)) {
                continue;
            }
            int start = 0;
            int at;
            while ((at = text.indexOf(separator, start)) >= 0) {
                split(text.substring(start, at + separator.length()), i + 1, out);
                start = at + separator.length();
            }
            if (start < text.length()) {
                split(text.substring(start), i + 1, out);
            }
            return;
        }
        for (int start = 0; start < text.length(); start += settings.size()) {
            int end = Math.min(text.length(), start + settings.size());
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            out.add(text.substring(start, end));
            if (end - start < settings.size()) {
                start = end - settings.size();
            }
        }
    }

    private List<String> merge(List<String> pieces) {
        List<String> chunks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String piece : pieces) {
            if (!current.isEmpty() && current.length() + piece.length() > settings.size()) {
                emit(chunks, current);
                String tail = overlapTail(current.toString());
                current.setLength(0);
                if (tail.length() + piece.length() <= settings.size()) {
                    current.append(tail);
                }
            }
            current.append(piece);
        }
        emit(chunks, current);
        return chunks;
    }

    private static void emit(List<String> chunks, StringBuilder current) {
        String chunk = current.toString().strip();
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
    }

    /** The last overlap characters, moved forward to a word start when one is near, never splitting a pair. */
    private String overlapTail(String chunk) {
        int overlap = settings.overlap();
        if (overlap == 0 || chunk.length() <= overlap) {
            return overlap == 0 ? "" : chunk;
        }
        int start = chunk.length() - overlap;
        if (Character.isLowSurrogate(chunk.charAt(start))) {
            start++;
        }
        int space = chunk.indexOf(' ', start);
        if (space > 0 && space < chunk.length() - 1 && space - start < overlap / 2) {
            start = space + 1;
        }
        return chunk.substring(start);
    }
}
