package io.switchboard.runtime.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The embedded engine: one Lucene index on local disk holding BM25 text (SmartChineseAnalyzer: Chinese
 * word segmentation, English stemming) and HNSW vectors (one field per vector length) side by side.
 * Every change is committed before the call returns, so the index survives restarts and crashes.
 */
public final class LuceneKnowledgeStore implements KnowledgeStore {
    private static final String ID = "id";
    private static final String KB = "kb";
    private static final String DOC = "doc";
    private static final String NAME = "name";
    private static final String TEXT = "text";
    /** HNSW beam width at query time: candidates gathered before the best topK are kept. */
    private static final int MIN_VECTOR_CANDIDATES = 64;

    private static final int MAX_QUERY_TERMS = 64;

    private final FSDirectory directory;
    private final Analyzer analyzer;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    // Commits are serialised so that "durable when it returns" holds for every caller.
    private final ReentrantLock commitLock = new ReentrantLock();

    private LuceneKnowledgeStore(FSDirectory directory, Analyzer analyzer, IndexWriter writer) throws IOException {
        this.directory = directory;
        this.analyzer = analyzer;
        this.writer = writer;
        this.searchers = new SearcherManager(writer, null);
    }

    /** Opens (or creates) the index in {@code directory}; one process at a time (Lucene write lock). */
    public static LuceneKnowledgeStore open(Path directory) {
        try {
            Files.createDirectories(directory);
            FSDirectory fs = FSDirectory.open(directory);
            Analyzer analyzer = new SmartChineseAnalyzer();
            IndexWriterConfig config = new IndexWriterConfig(analyzer);
            config.setCodec(new Lucene103Codec() {
                private final KnnVectorsFormat vectors = new WideVectorsFormat();

                @Override
                public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                    return vectors;
                }
            });
            config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            return new LuceneKnowledgeStore(fs, analyzer, new IndexWriter(fs, config));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the knowledge index at " + directory, e);
        }
    }

    @Override
    public void add(List<IndexedChunk> chunks) {
        if (chunks.isEmpty()) {
            return;
        }
        try {
            for (IndexedChunk chunk : chunks) {
                Document document = new Document();
                document.add(new StringField(ID, chunk.id(), Field.Store.YES));
                document.add(new StringField(KB, chunk.knowledgeBaseId(), Field.Store.YES));
                document.add(new StringField(DOC, chunk.documentId(), Field.Store.YES));
                document.add(new StoredField(NAME, chunk.documentName()));
                document.add(new TextField(TEXT, chunk.text(), Field.Store.YES));
                document.add(new KnnFloatVectorField(
                        vectorField(chunk.vector().length), chunk.vector(), VectorSimilarityFunction.DOT_PRODUCT));
                writer.updateDocument(new Term(ID, chunk.id()), document);
            }
            commit();
        } catch (IOException e) {
            throw new UncheckedIOException("indexing " + chunks.size() + " chunks failed", e);
        }
    }

    @Override
    public void deleteDocument(String knowledgeBaseId, String documentId) {
        delete(new BooleanQuery.Builder()
                .add(new TermQuery(new Term(KB, knowledgeBaseId)), BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term(DOC, documentId)), BooleanClause.Occur.FILTER)
                .build());
    }

    @Override
    public void deleteKnowledgeBase(String knowledgeBaseId) {
        delete(new TermQuery(new Term(KB, knowledgeBaseId)));
    }

    @Override
    public void deleteChunks(List<String> chunkIds) {
        if (!chunkIds.isEmpty()) {
            delete(new TermInSetQuery(ID, chunkIds.stream().map(BytesRef::new).toList()));
        }
    }

    private void delete(Query query) {
        try {
            writer.deleteDocuments(query);
            commit();
        } catch (IOException e) {
            throw new UncheckedIOException("deleting from the knowledge index failed", e);
        }
    }

    @Override
    public List<StoreHit> search(StoreQuery query) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                Query filter = new TermInSetQuery(
                        KB, query.knowledgeBaseIds().stream().map(BytesRef::new).toList());
                return switch (query.mode()) {
                    case VECTOR -> vectorSearch(searcher, query, filter, query.topK());
                    case KEYWORD -> keywordSearch(searcher, query, filter, query.topK());
                    case HYBRID ->
                        Fusion.reciprocalRank(
                                vectorSearch(searcher, query, filter, Fusion.candidates(query.topK())),
                                keywordSearch(searcher, query, filter, Fusion.candidates(query.topK())),
                                query.topK());
                };
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("searching the knowledge index failed", e);
        }
    }

    private List<StoreHit> vectorSearch(IndexSearcher searcher, StoreQuery query, Query filter, int topK)
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
            hits.add(hit(stored.document(scoreDoc.doc), cosine, cosine));
        }
        return hits;
    }

    private List<StoreHit> keywordSearch(IndexSearcher searcher, StoreQuery query, Query filter, int topK)
            throws IOException {
        BooleanQuery.Builder terms = new BooleanQuery.Builder();
        int count = 0;
        try (TokenStream tokens = analyzer.tokenStream(TEXT, query.text())) {
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
        for (ScoreDoc scoreDoc : top.scoreDocs) {
            hits.add(hit(stored.document(scoreDoc.doc), Fusion.saturate(scoreDoc.score), Double.NaN));
        }
        return hits;
    }

    private static StoreHit hit(Document document, double score, double similarity) {
        return new StoreHit(
                document.get(ID),
                document.get(KB),
                document.get(DOC),
                document.get(NAME),
                document.get(TEXT),
                score,
                similarity);
    }

    @Override
    public long count(String knowledgeBaseId) {
        try {
            searchers.maybeRefreshBlocking();
            IndexSearcher searcher = searchers.acquire();
            try {
                return searcher.count(new TermQuery(new Term(KB, knowledgeBaseId)));
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("counting chunks failed", e);
        }
    }

    @Override
    public String engine() {
        return "lucene";
    }

    private void commit() throws IOException {
        commitLock.lock();
        try {
            writer.commit();
            searchers.maybeRefreshBlocking();
        } finally {
            commitLock.unlock();
        }
    }

    private static String vectorField(int dimensions) {
        return "vec_" + dimensions;
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the knowledge index failed", e);
        }
    }
}
