package io.switchboard.runtime.knowledge;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Ingestion throughput with the in-process embedders on this machine: bilingual text is chunked with the
 * default settings (400 characters), embedded in batches of 16 (as {@link Ingestion} does) and indexed
 * into Lucene; prints chunks/s for embedding alone and end to end, for each in-process model, with one
 * document at a time (the default ingestion concurrency; each batch is embedded on all cores). Then, unless
 * pages is 0, a generated PDF of that many pages (about 2,000 characters of English text each) goes the
 * whole way a document goes: Tika parsing, structure-aware chunking, embedding with bge-small-zh and
 * indexing. Usage: {@code IngestionBench [chunks] [pages]}.
 */
public final class IngestionBench {
    /** As {@link Ingestion} embeds. */
    private static final int BATCH = 32;

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
        int pages = args.length > 1 ? Integer.parseInt(args[1]) : 500;
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
                long cpuStart = processCpu();
                long start = System.nanoTime();
                for (int from = 0; from < chunks.size(); from += BATCH) {
                    List<String> batch = chunks.subList(from, Math.min(chunks.size(), from + BATCH));
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
                double cpu = (processCpu() - cpuStart) / 1e9;
                System.out.printf("%-18s embedding %6.1f chunks/s, end to end (embed + index) %6.1f chunks/s;"
                                + " process CPU %.1f s (%.1f chunks per CPU second)%n", model,
                        chunks.size() / (embedNanos / 1e9), chunks.size() / seconds, cpu, chunks.size() / cpu);
            }
        }
        if (pages > 0) {
            pdf(embedders, pages, random);
        }
    }

    private static void pdf(Embedders embedders, int pages, Random random) throws Exception {
        byte[] bytes;
        try (org.apache.pdfbox.pdmodel.PDDocument document = new org.apache.pdfbox.pdmodel.PDDocument();
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
            var font = new org.apache.pdfbox.pdmodel.font.PDType1Font(
                    org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA);
            for (int p = 0; p < pages; p++) {
                var page = new org.apache.pdfbox.pdmodel.PDPage();
                document.addPage(page);
                try (var content = new org.apache.pdfbox.pdmodel.PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(font, 9);
                    content.setLeading(11);
                    content.newLineAtOffset(40, 750);
                    for (int line = 0; line < 30; line++) {
                        StringBuilder text = new StringBuilder();
                        while (text.length() < 65) {
                            text.append(EN[random.nextInt(EN.length)]).append(' ');
                        }
                        content.showText(text.substring(0, 65));
                        content.newLine();
                        if (random.nextInt(6) == 0) {
                            content.newLine();
                        }
                    }
                    content.endText();
                }
            }
            document.save(out);
            bytes = out.toByteArray();
        }
        EmbeddingSettings settings = EmbeddingSettings.DEFAULT;
        long cpuStart = processCpu();
        long start = System.nanoTime();
        String text = new DocumentParser(50_000_000).parse(bytes, "manual.pdf", "application/pdf", null).text();
        long parsed = System.nanoTime();
        List<String> pieces = new StructuredChunker(ChunkingSettings.DEFAULT).chunk(text).stream()
                .map(StructuredChunker.Piece::text)
                .toList();
        long chunked = System.nanoTime();
        long embedNanos = 0;
        try (LuceneKnowledgeStore store = LuceneKnowledgeStore.open(Files.createTempDirectory("pdf-bench"))) {
            List<IndexedChunk> indexed = new ArrayList<>();
            for (int from = 0; from < pieces.size(); from += BATCH) {
                List<String> batch = pieces.subList(from, Math.min(pieces.size(), from + BATCH));
                long embedStart = System.nanoTime();
                List<float[]> vectors = embedders.embedAll(settings, batch);
                embedNanos += System.nanoTime() - embedStart;
                for (int i = 0; i < batch.size(); i++) {
                    indexed.add(new IndexedChunk("p" + (from + i), "bench", "pdf", "manual.pdf", batch.get(i),
                            vectors.get(i)));
                }
            }
            store.add(indexed);
        }
        double total = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d-page PDF (%,d bytes, %,d characters): parse %.1f s, chunk %.2f s, embed %.1f s"
                        + " (%d chunks, %.1f chunks/s), total %.1f s (%.1f chunks/s end to end); process CPU %.1f s%n",
                pages, bytes.length, text.length(), (parsed - start) / 1e9, (chunked - parsed) / 1e9,
                embedNanos / 1e9, pieces.size(), pieces.size() / (embedNanos / 1e9), total, pieces.size() / total,
                (processCpu() - cpuStart) / 1e9);
    }

    /** CPU time of the whole process (ONNX Runtime's threads too), in nanoseconds; a 10 ms clock here. */
    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
