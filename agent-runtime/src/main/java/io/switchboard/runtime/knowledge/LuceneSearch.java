package io.switchboard.runtime.knowledge;

import static io.switchboard.runtime.knowledge.LuceneKnowledgeStore.DOC;
import static io.switchboard.runtime.knowledge.LuceneKnowledgeStore.ID;
import static io.switchboard.runtime.knowledge.LuceneKnowledgeStore.KB;
import static io.switchboard.runtime.knowledge.LuceneKnowledgeStore.NAME;
import static io.switchboard.runtime.knowledge.LuceneKnowledgeStore.TEXT;
import static io.switchboard.runtime.knowledge.LuceneKnowledgeStore.vectorField;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
            case VECTOR -> vectorSearch(searcher, query, filter, query.topK(), true);
            case KEYWORD -> keywordSearch(searcher, query, filter, query.topK(), true);
            case HYBRID -> hybridSearch(searcher, query, filter);
        };
    }

    /**
     * Fuses on Lucene doc numbers and loads stored fields only for the winners: loading the text of every
     * candidate of both lists cost more than both searches together.
     */
    private List<StoreHit> hybridSearch(IndexSearcher searcher, StoreQuery query, Query filter) throws IOException {
        int candidates = Fusion.candidates(query.topK());
        List<StoreHit> fused = Fusion.reciprocalRank(
                vectorSearch(searcher, query, filter, candidates, false),
                keywordSearch(searcher, query, filter, candidates, false),
                Integer.MAX_VALUE);
        if (fused.isEmpty()) {
            return fused;
        }
        KeywordCoverage.Question queryTerms = KeywordCoverage.Question.of(query.text(), query.synonyms());
        // Keep ties with the last place, so the order by chunk id below matches the other engines.
        double cutoff = fused.get(Math.min(fused.size(), query.topK()) - 1).score();
        StoredFields stored = searcher.storedFields();
        List<StoreHit> hits = new ArrayList<>();
        for (StoreHit stub : fused) {
            if (stub.score() < cutoff) {
                break;
            }
            Document document = stored.document(Integer.parseInt(stub.chunkId().substring(1)));
            String text = document.get(TEXT);
            hits.add(new StoreHit(
                    document.get(ID),
                    document.get(KB),
                    document.get(DOC),
                    document.get(NAME),
                    text,
                    stub.score(),
                    stub.similarity(),
                    Double.isNaN(stub.keywordScore()) ? Double.NaN : KeywordCoverage.of(queryTerms, text)));
        }
        hits.sort(Comparator.comparingDouble(StoreHit::score).reversed().thenComparing(StoreHit::chunkId));
        return hits.size() > query.topK() ? List.copyOf(hits.subList(0, query.topK())) : hits;
    }

    /** With {@code load} false, hits carry only {@code "#" + docNumber} as id (for fusion). */
    private static StoreHit stubOrHit(
            StoredFields stored, int doc, boolean load, double score, double similarity, double keyword)
            throws IOException {
        return load
                ? hit(stored.document(doc), score, similarity, keyword)
                : new StoreHit("#" + doc, null, null, null, null, score, similarity, keyword);
    }

    private List<StoreHit> vectorSearch(IndexSearcher searcher, StoreQuery query, Query filter, int topK, boolean load)
            throws IOException {
        String field = vectorField(query.vector().length);
        int candidates = Math.max(topK, MIN_VECTOR_CANDIDATES);
        TopDocs top = searcher.search(new KnnFloatVectorQuery(field, query.vector(), candidates, filter), candidates);
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
        KeywordCoverage.Question queryTerms = load ? KeywordCoverage.Question.of(query.text(), query.synonyms()) : null;
        for (ScoreDoc scoreDoc : top.scoreDocs) {
            if (load) {
                // Ranked by BM25, scored by the share of the question's words the passage holds (see StoreHit).
                Document document = stored.document(scoreDoc.doc);
                double coverage = KeywordCoverage.of(queryTerms, document.get(TEXT));
                hits.add(hit(document, coverage, Double.NaN, coverage));
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
