package io.switchboard.runtime.moderation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.ahocorasick.trie.PayloadEmit;
import org.ahocorasick.trie.PayloadTrie;

/**
 * Finds the keywords of a set of lists in a text in one pass (Aho–Corasick), after both went through
 * {@link KeywordNormalizer}. Immutable and thread-safe; build once per set of lists and reuse.
 */
public final class KeywordMatcher {
    /** Matches nothing. */
    public static final KeywordMatcher EMPTY = new KeywordMatcher(null, 0, 0);

    /** What masked words become. */
    public static final String MASK = "***";

    private record Entry(String listId, String word) {}

    private final PayloadTrie<Entry> trie;
    private final int longest;
    private final int size;

    private KeywordMatcher(PayloadTrie<Entry> trie, int longest, int size) {
        this.trie = trie;
        this.longest = longest;
        this.size = size;
    }

    /**
     * A matcher of the words of each list, keyed by list id; words that normalise to nothing are left
     * out (a list refuses them when they are added).
     */
    public static KeywordMatcher of(Map<String, ? extends Collection<String>> wordsByList) {
        PayloadTrie.PayloadTrieBuilder<Entry> builder = PayloadTrie.builder();
        int longest = 0;
        int size = 0;
        for (Map.Entry<String, ? extends Collection<String>> list : wordsByList.entrySet()) {
            for (String word : list.getValue()) {
                String folded = KeywordNormalizer.foldWord(word);
                if (folded.isEmpty()) {
                    continue;
                }
                builder.addKeyword(folded, new Entry(list.getKey(), word));
                longest = Math.max(longest, folded.length());
                size++;
            }
        }
        return size == 0 ? EMPTY : new KeywordMatcher(builder.build(), longest, size);
    }

    /** The normalised form of a keyword; empty when nothing of it would be matched. */
    public static String normalise(String word) {
        return KeywordNormalizer.foldWord(word);
    }

    /** How many keywords the matcher knows. */
    public int size() {
        return size;
    }

    /** The length of the longest normalised keyword: how much of a stream must be held back. */
    public int longestKeyword() {
        return longest;
    }

    /** Every keyword in {@code text}, in order of position (overlapping ones included). */
    public List<KeywordHit> find(CharSequence text) {
        if (trie == null || text.isEmpty()) {
            return List.of();
        }
        return hits(KeywordNormalizer.fold(text));
    }

    List<KeywordHit> hits(KeywordNormalizer.Folded folded) {
        if (trie == null || folded.length() == 0) {
            return List.of();
        }
        Collection<PayloadEmit<Entry>> emits = trie.parseText(folded.text());
        if (emits.isEmpty()) {
            return List.of();
        }
        List<KeywordHit> hits = new ArrayList<>(emits.size());
        for (PayloadEmit<Entry> emit : emits) {
            Entry entry = emit.getPayload();
            hits.add(new KeywordHit(
                    entry.listId(), entry.word(), folded.from()[emit.getStart()], folded.to()[emit.getEnd()]));
        }
        hits.sort(Comparator.comparingInt(KeywordHit::start).thenComparingInt(KeywordHit::end));
        return hits;
    }

    /** {@code text} with each (merged) span of {@code hits} replaced by {@link #MASK}. */
    public static String mask(CharSequence text, List<KeywordHit> hits) {
        if (hits.isEmpty()) {
            return text.toString();
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        int spanStart = -1;
        int spanEnd = -1;
        for (KeywordHit hit : hits) {
            if (spanStart >= 0 && hit.start() < spanEnd) {
                spanEnd = Math.max(spanEnd, hit.end());
                continue;
            }
            if (spanStart >= 0) {
                out.append(text, at, spanStart).append(MASK);
                at = spanEnd;
            }
            spanStart = hit.start();
            spanEnd = hit.end();
        }
        out.append(text, at, spanStart).append(MASK).append(text, spanEnd, text.length());
        return out.toString();
    }
}
