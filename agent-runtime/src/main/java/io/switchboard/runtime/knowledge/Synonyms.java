package io.switchboard.runtime.knowledge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Words a knowledge base treats as one for keyword search, in groups, Chinese and English mixed:
 * {@code [["退货", "退款", "return", "refund"], ["发票", "invoice", "receipt"]]}. A question holding any
 * word of a group also searches for the others, and a passage holding any of them counts as holding that
 * word of the question for the keyword score. Vector search needs none of this and is not affected.
 *
 * <p>With {@code crossLanguage}, every word of a question also counts as its translations from a built-in
 * Chinese–English word list ({@link Lexicon}, from CC-CEDICT): a Chinese question finds the English
 * passage that answers it by keywords too, and the other way round.
 *
 * @param groups 0 to 500 groups of 2 to 20 words or phrases of up to 50 characters
 * @param crossLanguage also treat words as their dictionary translations (Chinese ↔ English)
 */
public record Synonyms(List<List<String>> groups, boolean crossLanguage) {
    public static final Synonyms NONE = new Synonyms(List.of(), false);

    public Synonyms {
        groups = groups == null ? List.of() : groups.stream().map(List::copyOf).toList();
        if (groups.size() > 500) {
            throw new IllegalArgumentException("synonyms must hold at most 500 groups, got " + groups.size());
        }
        for (List<String> group : groups) {
            if (group.size() < 2
                    || group.size() > 20
                    || group.stream().anyMatch(w -> w == null || w.isBlank() || w.codePointCount(0, w.length()) > 50)) {
                throw new IllegalArgumentException(
                        "each synonyms group must hold 2 to 20 non-blank words of up to 50 characters, got " + group);
            }
        }
    }

    boolean isEmpty() {
        return groups.isEmpty() && !crossLanguage;
    }

    /** These groups and {@code other}'s (bases searched together). */
    Synonyms and(Synonyms other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        List<List<String>> all = new ArrayList<>(groups);
        all.addAll(other.groups());
        return new Synonyms(all.size() > 500 ? all.subList(0, 500) : all, crossLanguage || other.crossLanguage());
    }

    /**
     * For each content word of the question that belongs to a group, the other words of the group, each as
     * its analysed terms (a phrase is several); with {@code crossLanguage} also the word's translations.
     */
    Map<String, List<Set<String>>> alternatives(Set<String> queryTerms) {
        Map<String, List<Set<String>>> alternatives = new HashMap<>();
        if (crossLanguage) {
            Lexicon lexicon = Lexicon.cedict();
            for (String term : queryTerms) {
                List<Set<String>> translations = lexicon.translations(term);
                if (!translations.isEmpty()) {
                    alternatives.computeIfAbsent(term, t -> new ArrayList<>()).addAll(translations);
                }
            }
        }
        for (List<String> group : groups) {
            List<Set<String>> analysed =
                    group.stream().map(KeywordCoverage::terms).toList();
            for (String term : queryTerms) {
                if (analysed.stream().anyMatch(entry -> entry.size() == 1 && entry.contains(term))) {
                    for (Set<String> entry : analysed) {
                        if (!entry.isEmpty() && !(entry.size() == 1 && entry.contains(term))) {
                            alternatives
                                    .computeIfAbsent(term, t -> new ArrayList<>())
                                    .add(entry);
                        }
                    }
                }
            }
        }
        return alternatives;
    }

    /** The question's text followed by the synonyms of its words, for the BM25 search. */
    String expand(String query) {
        if (isEmpty()) {
            return query;
        }
        Set<String> extra = new LinkedHashSet<>();
        alternatives(KeywordCoverage.terms(query)).values().forEach(list -> list.forEach(extra::addAll));
        return extra.isEmpty() ? query : query + " " + String.join(" ", extra);
    }
}
