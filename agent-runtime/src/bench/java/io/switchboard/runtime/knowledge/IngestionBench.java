package io.switchboard.runtime.knowledge;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Ingestion throughput with the in-process embedders on this machine: bilingual text is chunked with the
 * default settings (400 characters), embedded in batches of 16 (as {@link Ingestion} does) and indexed
 * into Lucene; prints chunks/s for embedding alone and end to end, for each in-process model, on one thread
 * (the default ingestion concurrency). Usage: {@code IngestionBench [chunks]}.
 */
public final class IngestionBench {
    private static final String[] ZH = {
        "收到商品七天内可以无理由退货，运费由买家承担。", "订单在付款后四十八小时内发货，江浙沪地区通常次日送达。",
        "所有电热水壶享受两年保修，保修期内非人为损坏可免费维修。", "建议每月用柠檬酸加水煮沸一次，然后用清水冲洗干净。",
        "人工客服的服务时间为每天上午九点到晚上九点。", "每消费一元积一分，一百积分可以抵扣一元。"
    };
    private static final String[] EN = {
        "Unused items can be returned within 30 days of delivery for a full refund.",
        "Orders leave our warehouse within two business days and arrive in three to seven days.",
        "Every kettle carries a two-year limited warranty covering manufacturing defects.",
        "Boil a mixture of water and citric acid once a month, then rinse twice.",
        "A tracking number is emailed as soon as your parcel ships."
    };

    public static void main(String[] args) throws Exception {
        int target = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        Random random = new Random(7);
        StringBuilder text = new StringBuilder();
        List<String> chunks = List.of();
        TextChunker chunker = new TextChunker(ChunkingSettings.DEFAULT);
        while (chunks.size() < target) {
            for (int i = 0; i < 200; i++) {
                boolean chinese = random.nextBoolean();
                text.append(chinese ? ZH[random.nextInt(ZH.length)] : EN[random.nextInt(EN.length)] + " ");
                if (random.nextInt(8) == 0) {
                    text.append("\n\n");
                }
            }
            chunks = chunker.chunk(text.toString());
        }
        chunks = chunks.subList(0, target);
        double averageLength = chunks.stream().mapToInt(String::length).average().orElse(0);
        System.out.printf("%d chunks, %.0f characters on average, %d available processors%n", chunks.size(),
                averageLength, Runtime.getRuntime().availableProcessors());
        Embedders embedders = new Embedders(id -> Optional.empty());
        for (String model : List.of(EmbeddingSettings.BGE_SMALL_ZH, EmbeddingSettings.MINILM)) {
            EmbeddingSettings settings = new EmbeddingSettings(model, null, null);
            embedders.embedAll(settings, chunks.subList(0, 16)); // load and warm the model
            try (LuceneKnowledgeStore store = LuceneKnowledgeStore.open(Files.createTempDirectory("ingest-bench"))) {
                long embedNanos = 0;
                long start = System.nanoTime();
                for (int from = 0; from < chunks.size(); from += 16) {
                    List<String> batch = chunks.subList(from, Math.min(chunks.size(), from + 16));
                    long embedStart = System.nanoTime();
                    List<float[]> vectors = embedders.embedAll(settings, batch);
                    embedNanos += System.nanoTime() - embedStart;
                    List<IndexedChunk> indexed = new ArrayList<>();
                    for (int i = 0; i < batch.size(); i++) {
                        indexed.add(new IndexedChunk("c" + (from + i), "bench", "d" + (from / 64), "doc",
                                batch.get(i), vectors.get(i)));
                    }
                    store.add(indexed);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("%-18s embedding %6.1f chunks/s, end to end (embed + index) %6.1f chunks/s%n", model,
                        chunks.size() / (embedNanos / 1e9), chunks.size() / seconds);
            }
        }
    }
}
