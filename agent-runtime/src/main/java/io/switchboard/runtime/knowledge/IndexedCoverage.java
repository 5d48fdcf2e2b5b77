package io.switchboard.runtime.knowledge;

import static io.switchboard.runtime.knowledge.LuceneKnowledgeStore.TEXT;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;

/** The keyword score of Lucene hits ({@link KeywordCoverage}) read from the index instead of the text. */
final class IndexedCoverage {
    private IndexedCoverage() {}

    /**
     * {@link KeywordCoverage#of(KeywordCoverage.Question, String)} of each document, read from the index: the
     * index holds every passage's words as the same analyser made them, so a word of the question is in a
     * passage when its postings list the passage. A few term lookups instead of segmenting every passage.
     */
    static Map<Integer, Double> of(IndexReader reader, int[] docs, KeywordCoverage.Question question)
            throws IOException {
        Map<Integer, Double> result = new HashMap<>();
        if (docs.length == 0) {
            return result;
        }
        if (question.terms().isEmpty()) {
            for (int doc : docs) {
                result.put(doc, 0.0);
            }
            return result;
        }
        Set<String> needed = new LinkedHashSet<>(question.terms());
        question.alternatives().values().forEach(sets -> sets.forEach(needed::addAll));
        int[] sorted = docs.clone();
        Arrays.sort(sorted);
        Map<String, Set<Integer>> holding = new HashMap<>();
        for (LeafReaderContext leaf : reader.leaves()) {
            int from = leaf.docBase;
            int to = from + leaf.reader().maxDoc();
            Terms terms = leaf.reader().terms(TEXT);
            if (terms == null) {
                continue;
            }
            TermsEnum iterator = terms.iterator();
            for (String term : needed) {
                if (!iterator.seekExact(new BytesRef(term))) {
                    continue;
                }
                PostingsEnum postings = iterator.postings(null, PostingsEnum.NONE);
                for (int doc : sorted) {
                    if (doc < from || doc >= to) {
                        continue;
                    }
                    int local = doc - from;
                    int at = postings.docID() < local ? postings.advance(local) : postings.docID();
                    if (at == PostingsEnum.NO_MORE_DOCS) {
                        break;
                    }
                    if (at == local) {
                        holding.computeIfAbsent(term, k -> new HashSet<>()).add(doc);
                    }
                }
            }
        }
        for (int doc : docs) {
            long matched = question.terms().stream()
                    .filter(term -> holds(holding, term, doc)
                            || question.alternatives().getOrDefault(term, List.of()).stream()
                                    .anyMatch(set -> set.stream().allMatch(t -> holds(holding, t, doc))))
                    .count();
            result.put(doc, (double) matched / question.terms().size());
        }
        return result;
    }

    private static boolean holds(Map<String, Set<Integer>> holding, String term, int doc) {
        Set<Integer> docs = holding.get(term);
        return docs != null && docs.contains(doc);
    }
}
