package io.switchboard.runtime.moderation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ahocorasick.trie.PayloadEmit;
import org.ahocorasick.trie.PayloadTrie;

/**
 * Finds the keywords of a set of lists in a text in one pass (Aho–Corasick), after both went through
 * {@link KeywordNormalizer}. A keyword that begins (ends) with a letter or digit of a script written with
 * spaces (Latin, Cyrillic, ...) matches only at a word boundary there: {@code ass} is not found in
 * {@code class}, while Chinese (and Japanese) keywords match anywhere, as those scripts put no spaces
 * between words. The boundary is read in the original text, skipping zero-width characters, so
 * {@code a.s.s} still counts as the word and {@code cl\u200Bass} still does not. Immutable and
 * thread-safe; build once per set of lists and reuse.
 */
public final class KeywordMatcher {
    /** Matches nothing. */
    public static final KeywordMatcher EMPTY = new KeywordMatcher(null, 0, 0, Set.of());

    /** What masked words become. */
    public static final String MASK = "***";

    /** No character before the text (its start), or after it. */
    static final int NONE = -1;

    /**
     * @param boundedStart the keyword begins with a word character: the one before must not be one
     * @param boundedEnd the keyword ends with a word character: the one after must not be one
     */
    private record Entry(String listId, String word, boolean boundedStart, boolean boundedEnd) {}

    /**
     * The hits in a text that may go on (a stream).
     *
     * @param hits the keywords found that are whole words whatever follows
     * @param undecided where the first hit starts that the next character decides (a Latin keyword right
     *     at the end: {@code ass} may become {@code assets}), or the text's length when there is none
     */
    record Scan(List<KeywordHit> hits, int undecided) {}

    private final PayloadTrie<Entry> trie;
    private final int longest;
    private final int size;
    /** Every proper prefix of a normalised keyword: what the end of a stream may be the start of. */
    private final Set<String> prefixes;

    private KeywordMatcher(PayloadTrie<Entry> trie, int longest, int size, Set<String> prefixes) {
        this.trie = trie;
        this.longest = longest;
        this.size = size;
        this.prefixes = prefixes;
    }

    /**
     * A matcher of the words of each list, keyed by list id; words that normalise to nothing are left
     * out (a list refuses them when they are added).
     */
    public static KeywordMatcher of(Map<String, ? extends Collection<String>> wordsByList) {
        PayloadTrie.PayloadTrieBuilder<Entry> builder = PayloadTrie.builder();
        int longest = 0;
        int size = 0;
        Set<String> prefixes = new HashSet<>();
        for (Map.Entry<String, ? extends Collection<String>> list : wordsByList.entrySet()) {
            for (String word : list.getValue()) {
                String folded = KeywordNormalizer.foldWord(word);
                if (folded.isEmpty()) {
                    continue;
                }
                builder.addKeyword(
                        folded,
                        new Entry(
                                list.getKey(),
                                word,
                                wordCharacter(folded.codePointAt(0)),
                                wordCharacter(folded.codePointBefore(folded.length()))));
                for (int end = 1; end < folded.length(); end++) {
                    prefixes.add(folded.substring(0, end));
                }
                longest = Math.max(longest, folded.length());
                size++;
            }
        }
        return size == 0 ? EMPTY : new KeywordMatcher(builder.build(), longest, size, Set.copyOf(prefixes));
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

    /**
     * How many characters at the end of a normalised text could begin a keyword that the text to come
     * completes: the longest suffix that is a proper prefix of a keyword (0 when none is). A stream holds
     * back exactly these.
     */
    int pendingSuffix(String folded) {
        int length = folded.length();
        for (int k = Math.min(longest - 1, length); k > 0; k--) {
            if (prefixes.contains(folded.substring(length - k))) {
                return k;
            }
        }
        return 0;
    }

    /** Every keyword in {@code text}, in order of position (overlapping ones included). */
    public List<KeywordHit> find(CharSequence text) {
        if (trie == null || text.isEmpty()) {
            return List.of();
        }
        return scan(KeywordNormalizer.fold(text), text, NONE, false).hits();
    }

    /**
     * The keywords in {@code text} ({@code folded} is its normal form).
     *
     * @param before the code point just before {@code text} (what a stream already passed on), or
     *     {@link #NONE}
     * @param more true when more text may follow: a hit at the very end that needs a word boundary there
     *     is then undecided instead of found
     */
    Scan scan(KeywordNormalizer.Folded folded, CharSequence text, int before, boolean more) {
        if (trie == null || folded.length() == 0) {
            return new Scan(List.of(), text.length());
        }
        Collection<PayloadEmit<Entry>> emits = trie.parseText(folded.text());
        if (emits.isEmpty()) {
            return new Scan(List.of(), text.length());
        }
        List<KeywordHit> hits = new ArrayList<>(emits.size());
        int undecided = text.length();
        for (PayloadEmit<Entry> emit : emits) {
            Entry entry = emit.getPayload();
            int start = folded.from()[emit.getStart()];
            int end = folded.to()[emit.getEnd()];
            if (entry.boundedStart() && wordCharacter(previous(text, start, before))) {
                continue;
            }
            if (entry.boundedEnd()) {
                int next = next(text, end);
                if (next == NONE && more) {
                    undecided = Math.min(undecided, start);
                    continue;
                }
                if (wordCharacter(next)) {
                    continue;
                }
            }
            hits.add(new KeywordHit(entry.listId(), entry.word(), start, end));
        }
        hits.sort(Comparator.comparingInt(KeywordHit::start).thenComparingInt(KeywordHit::end));
        return new Scan(hits, undecided);
    }

    /**
     * A letter or digit of a script that separates words with spaces: what a Latin keyword must not
     * touch. Han, kana and {@link #NONE} are not.
     */
    static boolean wordCharacter(int codePoint) {
        if (codePoint == NONE || !Character.isLetterOrDigit(codePoint)) {
            return false;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        return script != Character.UnicodeScript.HAN
                && script != Character.UnicodeScript.HIRAGANA
                && script != Character.UnicodeScript.KATAKANA;
    }

    /** The last code point of {@code text} before {@code index} that is not zero-width, else {@code before}. */
    static int previous(CharSequence text, int index, int before) {
        int i = index;
        while (i > 0) {
            int cp = Character.codePointBefore(text, i);
            i -= Character.charCount(cp);
            if (Character.getType(cp) != Character.FORMAT) {
                return cp;
            }
        }
        return before;
    }

    /** The first code point of {@code text} from {@code index} on that is not zero-width, else {@link #NONE}. */
    private static int next(CharSequence text, int index) {
        int i = index;
        while (i < text.length()) {
            int cp = Character.codePointAt(text, i);
            i += Character.charCount(cp);
            if (Character.getType(cp) != Character.FORMAT) {
                return cp;
            }
        }
        return NONE;
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
