package io.switchboard.runtime.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answer quality on the bilingual evaluation set ({@code knowledge-eval/eval.json}): for each in-process
 * embedding model and retrieval mode, hit rate@5 (the answering passage is among the first five) and
 * MRR@5 (mean of 1/rank, 0 beyond five). Each passage is its own document, indexed with the default
 * chunking, in a fresh Lucene index. Run it after changing chunking, analyzers, fusion or models.
 */
public final class EvalBench {
    private static final int K = 5;

    /** 1 Chinese only, 2 English only, 3 both. */
    private static int language(String text) {
        boolean han = text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
        boolean latin = text.codePoints().anyMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
        return han && latin ? 3 : han ? 1 : 2;
    }

    public static void main(String[] args) throws Exception {
        JsonNode eval;
        try (InputStream in = EvalBench.class.getResourceAsStream("/knowledge-eval/eval.json")) {
            eval = new ObjectMapper().readTree(in);
        }
        Embedders embedders = new Embedders(id -> Optional.empty());
        System.out.printf("%d passages, %d questions%n", eval.get("passages").size(), eval.get("questions").size());
        System.out.printf("%-18s %-8s  %-11s  %-11s  %-11s  %-11s%n", "model", "mode", "all", "zh", "en", "mixed");
        System.out.printf("%-18s %-8s  %-11s  %-11s  %-11s  %-11s%n", "", "", "hit@5 MRR", "hit@5 MRR", "hit@5 MRR",
                "hit@5 MRR");
        for (String model : List.of(EmbeddingSettings.BGE_SMALL_ZH, EmbeddingSettings.MINILM)) {
            EmbeddingSettings settings = new EmbeddingSettings(model, null, null);
            Path dir = Files.createTempDirectory("eval-bench");
            try (LuceneKnowledgeStore store = LuceneKnowledgeStore.open(dir)) {
                List<IndexedChunk> chunks = new ArrayList<>();
                TextChunker chunker = new TextChunker(ChunkingSettings.DEFAULT);
                for (JsonNode passage : eval.get("passages")) {
                    List<String> pieces = chunker.chunk(passage.get("text").asText());
                    List<float[]> vectors = embedders.embedAll(settings, pieces);
                    for (int i = 0; i < pieces.size(); i++) {
                        String id = passage.get("id").asText();
                        chunks.add(new IndexedChunk(id + "#" + i, "eval", id, passage.get("title").asText(),
                                pieces.get(i), vectors.get(i)));
                    }
                }
                store.add(chunks);
                for (RetrievalMode mode : RetrievalMode.values()) {
                    // [all, zh, en, mixed] x [hits, reciprocal ranks, questions]
                    double[][] totals = new double[4][3];
                    for (JsonNode question : eval.get("questions")) {
                        String text = question.get("q").asText();
                        float[] vector = mode == RetrievalMode.KEYWORD ? null : embedders.embedQuery(settings, text);
                        List<StoreHit> found = store.search(new StoreQuery(List.of("eval"), text, vector, mode, K, null));
                        double hit = 0;
                        double reciprocal = 0;
                        for (int rank = 0; rank < found.size(); rank++) {
                            if (found.get(rank).documentId().equals(question.get("answer").asText())) {
                                hit = 1;
                                reciprocal = 1.0 / (rank + 1);
                                break;
                            }
                        }
                        for (int group : new int[] {0, language(text)}) {
                            totals[group][0] += hit;
                            totals[group][1] += reciprocal;
                            totals[group][2]++;
                        }
                    }
                    StringBuilder line = new StringBuilder(String.format("%-18s %-8s", model, mode.wireName()));
                    for (double[] group : totals) {
                        line.append(String.format("  %5.3f %5.3f", group[0] / group[2], group[1] / group[2]));
                    }
                    System.out.println(line);
                }
            }
        }
    }
}
