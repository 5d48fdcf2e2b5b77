package io.switchboard.runtime.knowledge;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.request.data.BaseVector;
import io.milvus.v2.service.vector.request.data.EmbeddedText;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The scale-out engine: Milvus through its Java SDK. One collection per vector length
 * ({@code <prefix>_<dimensions>}) with an HNSW cosine index on the embedding and Milvus's own BM25
 * full-text search (jieba tokenizer, so Chinese is segmented) on the text; hybrid results are fused in
 * Java with the same reciprocal-rank fusion as the Lucene engine, so both engines score alike. Reads use
 * strong consistency, so a search sees every write that returned before it.
 */
public final class MilvusKnowledgeStore implements KnowledgeStore {
    /** Collections are named {@code switchboard_chunks_<dimensions>} unless configured otherwise. */
    public static final String DEFAULT_COLLECTION_PREFIX = "switchboard_chunks";

    private static final int MAX_TEXT_BYTES = 65_535;
    private static final List<String> OUTPUT = List.of("id", "kb", "doc", "name", "text");

    private final MilvusClientV2 client;
    private final String prefix;
    private final Set<Integer> dimensions = ConcurrentHashMap.newKeySet();

    private MilvusKnowledgeStore(MilvusClientV2 client, String prefix) {
        this.client = client;
        this.prefix = prefix;
        for (String name : client.listCollections().getCollectionNames()) {
            if (name.startsWith(prefix + "_")) {
                try {
                    dimensions.add(Integer.parseInt(name.substring(prefix.length() + 1)));
                } catch (NumberFormatException ignored) {
                    // someone else's collection with a similar name
                }
            }
        }
    }

    /**
     * Connects to Milvus at {@code uri} (e.g. {@code http://milvus:19530}); {@code token} may be null.
     * Collections are named {@code <collectionPrefix>_<dimensions>}.
     */
    public static MilvusKnowledgeStore connect(String uri, String token, String collectionPrefix) {
        Objects.requireNonNull(uri, "uri");
        if (collectionPrefix == null || !collectionPrefix.matches("[A-Za-z_][A-Za-z0-9_]{0,200}")) {
            throw new IllegalArgumentException("collectionPrefix must be letters, digits and underscores");
        }
        ConnectConfig.ConnectConfigBuilder config =
                ConnectConfig.builder().uri(uri).connectTimeoutMs(10_000).rpcDeadlineMs(30_000);
        if (token != null && !token.isBlank()) {
            config.token(token);
        }
        return new MilvusKnowledgeStore(new MilvusClientV2(config.build()), collectionPrefix);
    }

    @Override
    public void add(List<IndexedChunk> chunks) {
        Map<Integer, List<JsonObject>> rows = new LinkedHashMap<>();
        for (IndexedChunk chunk : chunks) {
            JsonObject row = new JsonObject();
            row.addProperty("id", chunk.id());
            row.addProperty("kb", chunk.knowledgeBaseId());
            row.addProperty("doc", chunk.documentId());
            row.addProperty("name", chunk.documentName());
            row.addProperty("text", clip(chunk.text()));
            JsonArray vector = new JsonArray(chunk.vector().length);
            for (float value : chunk.vector()) {
                vector.add(value);
            }
            row.add("vec", vector);
            rows.computeIfAbsent(chunk.vector().length, d -> new ArrayList<>()).add(row);
        }
        rows.forEach((dimension, batch) -> client.upsert(UpsertReq.builder()
                .collectionName(collection(ensureCollection(dimension)))
                .data(batch)
                .build()));
    }

    @Override
    public void deleteDocument(String knowledgeBaseId, String documentId) {
        deleteWhere("kb == " + literal(knowledgeBaseId) + " and doc == " + literal(documentId));
    }

    @Override
    public void deleteKnowledgeBase(String knowledgeBaseId) {
        deleteWhere("kb == " + literal(knowledgeBaseId));
    }

    @Override
    public void deleteChunks(List<String> chunkIds) {
        if (!chunkIds.isEmpty()) {
            deleteWhere("id in ["
                    + chunkIds.stream().map(MilvusKnowledgeStore::literal).collect(Collectors.joining(",")) + "]");
        }
    }

    private void deleteWhere(String filter) {
        for (int dimension : dimensions) {
            client.delete(DeleteReq.builder()
                    .collectionName(collection(dimension))
                    .filter(filter)
                    .build());
        }
    }

    @Override
    public List<StoreHit> search(StoreQuery query) {
        int dimension = query.mode() == RetrievalMode.KEYWORD ? -1 : query.vector().length;
        String filter = "kb in ["
                + query.knowledgeBaseIds().stream()
                        .map(MilvusKnowledgeStore::literal)
                        .collect(Collectors.joining(","))
                + "]";
        if (query.mode() == RetrievalMode.KEYWORD) {
            List<StoreHit> hits = new ArrayList<>();
            for (int each : dimensions) {
                hits.addAll(keyword(each, query.text(), query.synonyms(), filter, query.topK()));
            }
            if (dimensions.size() > 1) {
                hits.sort((a, b) -> Double.compare(b.score(), a.score()));
            }
            return hits.size() > query.topK() ? List.copyOf(hits.subList(0, query.topK())) : hits;
        }
        if (!dimensions.contains(dimension)) {
            return List.of();
        }
        return switch (query.mode()) {
            case VECTOR -> vector(dimension, query.vector(), filter, query.topK());
            case HYBRID ->
                Fusion.reciprocalRank(
                        vector(dimension, query.vector(), filter, Fusion.candidates(query.topK())),
                        keyword(dimension, query.text(), query.synonyms(), filter, Fusion.candidates(query.topK())),
                        query.topK());
            case KEYWORD -> throw new IllegalStateException("handled above");
        };
    }

    private List<StoreHit> vector(int dimension, float[] vector, String filter, int topK) {
        SearchResp response = client.search(SearchReq.builder()
                .collectionName(collection(dimension))
                .annsField("vec")
                .metricType(IndexParam.MetricType.COSINE)
                .data(List.<BaseVector>of(new FloatVec(vector)))
                .filter(filter)
                .limit(topK)
                .outputFields(OUTPUT)
                .searchParams(Map.of("ef", Math.max(64, topK)))
                .consistencyLevel(ConsistencyLevel.STRONG)
                .build());
        return hits(response, true);
    }

    private List<StoreHit> keyword(int dimension, String text, Synonyms synonyms, String filter, int topK) {
        SearchResp response = client.search(SearchReq.builder()
                .collectionName(collection(dimension))
                .annsField("sparse")
                .metricType(IndexParam.MetricType.BM25)
                .data(List.<BaseVector>of(new EmbeddedText(synonyms.expand(text))))
                .filter(filter)
                .limit(topK)
                .outputFields(OUTPUT)
                .consistencyLevel(ConsistencyLevel.STRONG)
                .build());
        return hits(response, false, KeywordCoverage.Question.of(text, synonyms));
    }

    private static List<StoreHit> hits(SearchResp response, boolean vector) {
        return hits(response, vector, null);
    }

    /** Keyword hits come ranked by BM25 and are scored by {@link KeywordCoverage} like Lucene's. */
    private static List<StoreHit> hits(SearchResp response, boolean vector, KeywordCoverage.Question queryTerms) {
        List<StoreHit> hits = new ArrayList<>();
        for (List<SearchResp.SearchResult> results : response.getSearchResults()) {
            for (SearchResp.SearchResult result : results) {
                Map<String, Object> entity = result.getEntity();
                double raw = result.getScore();
                // Milvus Lite reports BM25 as a negative distance, Milvus as a positive score: use its size.
                String text = String.valueOf(entity.get("text"));
                double score = vector ? Math.max(0, raw) : KeywordCoverage.of(queryTerms, text);
                if (!vector && raw == 0) {
                    continue; // no query term occurs in the chunk
                }
                hits.add(new StoreHit(
                        String.valueOf(entity.getOrDefault("id", result.getId())),
                        String.valueOf(entity.get("kb")),
                        String.valueOf(entity.get("doc")),
                        String.valueOf(entity.get("name")),
                        text,
                        score,
                        vector ? score : Double.NaN,
                        vector ? Double.NaN : score));
            }
        }
        return hits;
    }

    @Override
    public long count(String knowledgeBaseId) {
        long total = 0;
        for (int dimension : dimensions) {
            var response = client.query(QueryReq.builder()
                    .collectionName(collection(dimension))
                    .filter("kb == " + literal(knowledgeBaseId))
                    .outputFields(List.of("count(*)"))
                    .consistencyLevel(ConsistencyLevel.STRONG)
                    .build());
            for (var row : response.getQueryResults()) {
                Object count = row.getEntity().get("count(*)");
                total += count instanceof Number number ? number.longValue() : 0;
            }
        }
        return total;
    }

    @Override
    public KnowledgeEngine engine() {
        return KnowledgeEngine.MILVUS;
    }

    @Override
    public void close() {
        client.close();
    }

    private synchronized int ensureCollection(int dimension) {
        if (dimensions.contains(dimension)) {
            return dimension;
        }
        String name = collection(dimension);
        if (!client.hasCollection(
                HasCollectionReq.builder().collectionName(name).build())) {
            MilvusCollections.create(client, name, dimension, MAX_TEXT_BYTES);
        }
        dimensions.add(dimension);
        return dimension;
    }

    private String collection(int dimension) {
        return prefix + "_" + dimension;
    }

    /** A string literal for a Milvus filter expression. */
    private static String literal(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String clip(String text) {
        // VARCHAR limits count bytes; a chunk is far below this unless settings allow huge chunks.
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (utf8.length <= MAX_TEXT_BYTES) {
            return text;
        }
        int end = text.length();
        while (text.substring(0, end).getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            end = end * 9 / 10;
        }
        return text.substring(0, end);
    }
}
