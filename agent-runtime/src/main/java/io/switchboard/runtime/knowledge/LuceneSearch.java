package io.switchboard.runtime.knowledge;

import static io.switchboard.runtime.knowledge.LuceneKnowledgeStore.DOC;
import static io.switchboard.runtime.knowledge.LuceneKnowledgeStore.ID;
import static io.switchboard.runtime.knowledge.LuceneKnowledgeStore.KB;
import static io.switchboard.runtime.knowledge.LuceneKnowledgeStore.NAME;
import static io.switchboard.runtime.knowledge.LuceneKnowledgeStore.TEXT;
import static io.switchboard.runtime.knowledge.LuceneKnowledgeStore.vectorField;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.BytesRef;

/** The three search modes over one searcher of {@link LuceneKnowledgeStore}'s index. */
final class LuceneSearch {
    /** HNSW beam width at query time: candidates gathered before the best topK are kept. */
    private static final int MIN_VECTOR_CANDIDATES = 64;

    private static final int MAX_QUERY_TERMS = 64;

    private final Analyzer analyzer;

    LuceneSearch(Analyzer analyzer) {
        this.analyzer = analyzer;
    }

    List<StoreHit> search(IndexSearcher searcher, StoreQuery query) throws IOException {
        Query filter = new TermInSetQuery(
                KB, query.knowledgeBaseIds().stream().map(BytesRef::new).toList());
        return switch (query.mode()) {
            case VECTOR -> vectorSearch(searcher, query.vector(), filter, query.topK(), true);
            case KEYWORD -> keywordSearch(searcher, query, filter, query.topK(), true);
            case HYBRID -> hybridSearch(searcher, query, filter);
        };
    }

    /**
     * Fuses on Lucene doc numbers and loads stored fields only for the winners: loading the text of every
     * candidate of both lists cost more than both searches together. The winners' keyword scores come from
     * the index's postings ({@link IndexedCoverage}), not from segmenting their text again. Both halves run
     * on the calling thread: running the vector half on a virtual thread beside the keyword half (and the
     * question's embedding with it) gave a lower median but a higher p99 and more garbage collection at 100k
     * chunks on 2 cores (docs/benchmarks.md).
     */
    private List<StoreHit> hybridSearch(IndexSearcher searcher, StoreQuery query, Query filter) throws IOException {
        int candidates = Fusion.candidates(query.topK());
        List<StoreHit> vectorHits = vectorSearch(searcher, query.vector(), filter, candidates, false);
        List<StoreHit> keywordHits = keywordSearch(searcher, query, filter, candidates, false);
        List<StoreHit> fused = Fusion.reciprocalRank(vectorHits, keywordHits, Integer.MAX_VALUE);
        if (fused.isEmpty()) {
            return fused;
        }
        KeywordCoverage.Question queryTerms = KeywordCoverage.Question.of(query.text(), query.synonyms());
        // Keep ties with the last place, so the order by chunk id below matches the other engines.
        double cutoff = fused.get(Math.min(fused.size(), query.topK()) - 1).score();
        List<StoreHit> winners = new ArrayList<>();
        for (StoreHit stub : fused) {
            if (stub.score() < cutoff) {
                break;
            }
            winners.add(stub);
        }
        int[] keywordDocs = winners.stream()
                .filter(stub -> !Double.isNaN(stub.keywordScore()))
                .mapToInt(LuceneSearch::docNumber)
                .toArray();
        Map<Integer, Double> coverage = IndexedCoverage.of(searcher.getIndexReader(), keywordDocs, queryTerms);
        StoredFields stored = searcher.storedFields();
        List<StoreHit> hits = new ArrayList<>();
        for (StoreHit stub : winners) {
            int doc = docNumber(stub);
            Document document = stored.document(doc);
            hits.add(new StoreHit(
                    document.get(ID),
                    document.get(KB),
                    document.get(DOC),
                    document.get(NAME),
                    document.get(TEXT),
                    stub.score(),
                    stub.similarity(),
                    Double.isNaN(stub.keywordScore()) ? Double.NaN : coverage.getOrDefault(doc, 0.0)));
        }
        hits.sort(Comparator.comparingDouble(StoreHit::score).reversed().thenComparing(StoreHit::chunkId));
        return hits.size() > query.topK() ? List.copyOf(hits.subList(0, query.topK())) : hits;
    }

    /**
     * Chunks of the bases holding each of the question's content words (or all words of one of its
     * alternatives), by one count per word over the postings; see {@link KnowledgeStore#wordCounts}.
     */
    WordCounts wordCounts(IndexSearcher searcher, List<String> knowledgeBaseIds, String text, Synonyms synonyms)
            throws IOException {
        Query filter = new TermInSetQuery(
                KB, knowledgeBaseIds.stream().map(BytesRef::new).toList());
        KeywordCoverage.Question question = KeywordCoverage.Question.of(text, synonyms);
        long chunks = searcher.count(filter);
        if (chunks == 0 || question.terms().isEmpty()) {
            return WordCounts.UNKNOWN;
        }
        Map<String, Long> holding = new HashMap<>();
        for (String term : question.terms()) {
            BooleanQuery.Builder any = new BooleanQuery.Builder();
            any.add(new TermQuery(new Term(TEXT, term)), BooleanClause.Occur.SHOULD);
            for (Set<String> alternative : question.alternatives().getOrDefault(term, List.of())) {
                if (alternative.isEmpty()) {
                    continue;
                }
                BooleanQuery.Builder all = new BooleanQuery.Builder();
                alternative.forEach(word -> all.add(new TermQuery(new Term(TEXT, word)), BooleanClause.Occur.MUST));
                any.add(all.build(), BooleanClause.Occur.SHOULD);
            }
            Query holdingTerm = new BooleanQuery.Builder()
                    .add(any.build(), BooleanClause.Occur.MUST)
                    .add(filter, BooleanClause.Occur.FILTER)
                    .build();
            holding.put(term, (long) searcher.count(holdingTerm));
        }
        return new WordCounts(chunks, holding);
    }

    private static int docNumber(StoreHit stub) {
        return Integer.parseInt(stub.chunkId().substring(1));
    }

    /** With {@code load} false, hits carry only {@code "#" + docNumber} as id (for fusion). */
    private static StoreHit stubOrHit(
            StoredFields stored, int doc, boolean load, double score, double similarity, double keyword)
            throws IOException {
        return load
                ? hit(stored.document(doc), score, similarity, keyword)
                : new StoreHit("#" + doc, null, null, null, null, score, similarity, keyword);
    }

    private List<StoreHit> vectorSearch(IndexSearcher searcher, float[] vector, Query filter, int topK, boolean load)
            throws IOException {
        String field = vectorField(vector.length);
        int candidates = Math.max(topK, MIN_VECTOR_CANDIDATES);
        TopDocs top = searcher.search(new KnnFloatVectorQuery(field, vector, candidates, filter), candidates);
        List<StoreHit> hits = new ArrayList<>();
        StoredFields stored = searcher.storedFields();
        for (ScoreDoc scoreDoc : top.scoreDocs) {
            if (hits.size() == topK) {
                break;
            }
            // DOT_PRODUCT scores unit vectors as (1 + cosine) / 2; report the cosine itself.
            double cosine = Math.max(0, 2.0 * scoreDoc.score - 1.0);
            hits.add(stubOrHit(stored, scoreDoc.doc, load, cosine, cosine, Double.NaN));
        }
        return hits;
    }

    private List<StoreHit> keywordSearch(IndexSearcher searcher, StoreQuery query, Query filter, int topK, boolean load)
            throws IOException {
        BooleanQuery.Builder terms = new BooleanQuery.Builder();
        int count = 0;
        try (TokenStream tokens = analyzer.tokenStream(TEXT, query.synonyms().expand(query.text()))) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken() && count < MAX_QUERY_TERMS) {
                terms.add(new TermQuery(new Term(TEXT, term.toString())), BooleanClause.Occur.SHOULD);
                count++;
            }
            tokens.end();
        }
        if (count == 0) {
            return List.of();
        }
        Query keyword = new BooleanQuery.Builder()
                .add(terms.build(), BooleanClause.Occur.MUST)
                .add(filter, BooleanClause.Occur.FILTER)
                .build();
        TopDocs top = searcher.search(keyword, topK);
        List<StoreHit> hits = new ArrayList<>();
        StoredFields stored = searcher.storedFields();
        Map<Integer, Double> coverage = load
                ? IndexedCoverage.of(
                        searcher.getIndexReader(),
                        Arrays.stream(top.scoreDocs)
                                .mapToInt(scoreDoc -> scoreDoc.doc)
                                .toArray(),
                        KeywordCoverage.Question.of(query.text(), query.synonyms()))
                : Map.of();
        for (ScoreDoc scoreDoc : top.scoreDocs) {
            if (load) {
                // Ranked by BM25, scored by the share of the question's words the passage holds (see StoreHit).
                double share = coverage.getOrDefault(scoreDoc.doc, 0.0);
                hits.add(hit(stored.document(scoreDoc.doc), share, Double.NaN, share));
            } else {
                hits.add(stubOrHit(stored, scoreDoc.doc, false, scoreDoc.score, Double.NaN, scoreDoc.score));
            }
        }
        return hits;
    }

    private static StoreHit hit(Document document, double score, double similarity, double keyword) {
        return new StoreHit(
                document.get(ID),
                document.get(KB),
                document.get(DOC),
                document.get(NAME),
                document.get(TEXT),
                score,
                similarity,
                keyword);
    }
}
