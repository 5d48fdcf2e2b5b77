package io.switchboard.runtime.knowledge;

import io.milvus.common.clientenum.FunctionType;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import java.util.List;
import java.util.Map;

/**
 * The chunk collection of {@link MilvusKnowledgeStore}: ids, knowledge base, document, name, text analysed
 * with the jieba tokenizer (Chinese word segmentation) feeding Milvus's BM25 function into a sparse vector,
 * and the dense embedding under an HNSW cosine index.
 */
final class MilvusCollections {
    private MilvusCollections() {}

    static void create(MilvusClientV2 client, String name, int dimension, int maxTextBytes) {
        CreateCollectionReq.CollectionSchema schema =
                CreateCollectionReq.CollectionSchema.builder().build();
        schema.addField(AddFieldReq.builder()
                .fieldName("id")
                .dataType(DataType.VarChar)
                .maxLength(128)
                .isPrimaryKey(true)
                .autoID(false)
                .build());
        schema.addField(AddFieldReq.builder()
                .fieldName("kb")
                .dataType(DataType.VarChar)
                .maxLength(128)
                .build());
        schema.addField(AddFieldReq.builder()
                .fieldName("doc")
                .dataType(DataType.VarChar)
                .maxLength(128)
                .build());
        schema.addField(AddFieldReq.builder()
                .fieldName("name")
                .dataType(DataType.VarChar)
                .maxLength(1024)
                .build());
        schema.addField(AddFieldReq.builder()
                .fieldName("text")
                .dataType(DataType.VarChar)
                .maxLength(maxTextBytes)
                .enableAnalyzer(true)
                .analyzerParams(Map.of("tokenizer", "jieba"))
                .build());
        schema.addField(AddFieldReq.builder()
                .fieldName("vec")
                .dataType(DataType.FloatVector)
                .dimension(dimension)
                .build());
        schema.addField(AddFieldReq.builder()
                .fieldName("sparse")
                .dataType(DataType.SparseFloatVector)
                .build());
        schema.addFunction(CreateCollectionReq.Function.builder()
                .name("text_bm25")
                .functionType(FunctionType.BM25)
                .inputFieldNames(List.of("text"))
                .outputFieldNames(List.of("sparse"))
                .build());
        client.createCollection(CreateCollectionReq.builder()
                .collectionName(name)
                .collectionSchema(schema)
                .consistencyLevel(ConsistencyLevel.STRONG)
                .indexParams(List.of(
                        IndexParam.builder()
                                .fieldName("vec")
                                .indexType(IndexParam.IndexType.HNSW)
                                .metricType(IndexParam.MetricType.COSINE)
                                .extraParams(Map.of("M", 16, "efConstruction", 200))
                                .build(),
                        IndexParam.builder()
                                .fieldName("sparse")
                                .indexType(IndexParam.IndexType.SPARSE_INVERTED_INDEX)
                                .metricType(IndexParam.MetricType.BM25)
                                .build()))
                .build());
    }
}
