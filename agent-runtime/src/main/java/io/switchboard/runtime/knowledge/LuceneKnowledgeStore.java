package io.switchboard.runtime.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
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
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded engine: one Lucene index on local disk holding BM25 text (SmartChineseAnalyzer: Chinese
 * word segmentation, English stemming) and HNSW vectors (one field per vector length) side by side.
 * Every change is committed before the call returns, so the index survives restarts and crashes.
 */
public final class LuceneKnowledgeStore implements KnowledgeStore {
    private static final Logger LOG = LoggerFactory.getLogger(LuceneKnowledgeStore.class);
    static final String ID = "id";
    static final String KB = "kb";
    static final String DOC = "doc";
    static final String NAME = "name";
    static final String TEXT = "text";

    private final FSDirectory directory;
    private final Analyzer analyzer;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final LuceneSearch search;
    // Commits are serialised so that "durable when it returns" holds for every caller.
    private final ReentrantLock commitLock = new ReentrantLock();

    private LuceneKnowledgeStore(FSDirectory directory, Analyzer analyzer, IndexWriter writer) throws IOException {
        this.directory = directory;
        this.analyzer = analyzer;
        this.writer = writer;
        this.searchers = new SearcherManager(writer, null);
        this.search = new LuceneSearch(analyzer);
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
            // Every ingested document commits, which makes many small segments, and each segment has its own
            // HNSW graph to search: fewer, larger segments made vector search about 3 times faster at 100k chunks.
            TieredMergePolicy merges = new TieredMergePolicy();
            merges.setSegmentsPerTier(4);
            merges.setFloorSegmentMB(64);
            config.setMergePolicy(merges);
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
                return search.search(searcher, query);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("searching the knowledge index failed", e);
        }
    }

    @Override
    public WordCounts wordCounts(List<String> knowledgeBaseIds, String text, Synonyms synonyms) {
        if (knowledgeBaseIds == null || knowledgeBaseIds.isEmpty() || text == null || text.isBlank()) {
            return WordCounts.UNKNOWN;
        }
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return search.wordCounts(searcher, knowledgeBaseIds, text, synonyms == null ? Synonyms.NONE : synonyms);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("counting words in the knowledge index failed", e);
        }
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

    /** Merges down to at most {@code maxSegments} segments (benchmarks, maintenance). Slow: minutes at 100k. */
    void forceMerge(int maxSegments) {
        try {
            writer.forceMerge(maxSegments);
            commit();
        } catch (IOException e) {
            throw new UncheckedIOException("merging the knowledge index failed", e);
        }
    }

    /** Segments of the current index (benchmarks and diagnostics). */
    int segments() {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return searcher.getIndexReader().leaves().size();
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the index failed", e);
        }
    }

    @Override
    public KnowledgeEngine engine() {
        return KnowledgeEngine.LUCENE;
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

    static String vectorField(int dimensions) {
        return "vec_" + dimensions;
    }

    @Override
    public void close() {
        try {
            searchers.close();
            if (writer.getTragicException() != null) {
                // A broken writer cannot commit; what it held uncommitted is lost either way, and the last
                // commit on disk is intact. Rolling back releases the write lock so the next open works.
                LOG.warn(
                        "the knowledge index writer had failed; closing without a commit", writer.getTragicException());
                writer.rollback();
            } else {
                try {
                    writer.close();
                } catch (IllegalStateException e) { // AlreadyClosedException included
                    // The writer broke while closing (a merge thread's tragedy): give the lock back all the same.
                    LOG.warn("closing the knowledge index writer failed; rolling back", e);
                    writer.rollback();
                }
            }
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the knowledge index failed", e);
        }
    }
}
