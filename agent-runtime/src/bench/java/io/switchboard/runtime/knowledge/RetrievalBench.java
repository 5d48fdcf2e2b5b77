package io.switchboard.runtime.knowledge;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Retrieval at scale on the Lucene engine: N chunks (default 100,000) with synthetic 512-d embeddings
 * (clustered, like real sentence embeddings) and synthetic bilingual text (Zipf-distributed words and
 * Chinese two-character words); p50/p99 latency of vector, keyword and hybrid search (topK 10, one thread,
 * filtered by knowledge base) and recall@10 of the HNSW vector search against exact brute force over the
 * same vectors. Usage: {@code RetrievalBench [chunks] [queries] [indexDir]}.
 */
public final class RetrievalBench {
    private static final int DIMENSIONS = 512;
    private static final int CLUSTERS = 2_000;
    private static final int TOP_K = 10;

    public static void main(String[] args) throws Exception {
        int chunks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("retrieval-bench");
        Random random = new Random(42);
        SyntheticCorpus corpus = new SyntheticCorpus(random);
        float[][] centroids = new float[CLUSTERS][];
        for (int i = 0; i < CLUSTERS; i++) {
            centroids[i] = gaussian(random, 1.0f);
        }
        float[][] vectors = new float[chunks][];
        String[] texts = new String[chunks];
        for (int i = 0; i < chunks; i++) {
            vectors[i] = near(centroids[random.nextInt(CLUSTERS)], random, 0.8f);
            texts[i] = corpus.passage(40);
        }

        try (LuceneKnowledgeStore store = LuceneKnowledgeStore.open(dir)) {
            long start = System.nanoTime();
            // An index left by an earlier run with the same size holds the same (seeded) data: reuse it.
            int first = store.count("bench") == chunks ? chunks : 0;
            for (int from = first; from < chunks; from += 2_000) {
                List<IndexedChunk> batch = new ArrayList<>();
                for (int i = from; i < Math.min(chunks, from + 2_000); i++) {
                    batch.add(new IndexedChunk("c" + i, "bench", "d" + (i / 20), "doc " + (i / 20), texts[i], vectors[i]));
                }
                store.add(batch);
            }
            System.out.printf("indexed %,d chunks in %.1f s (%d segments)%n", chunks - first,
                    (System.nanoTime() - start) / 1e9, store.segments());
            String merge = System.getProperty("bench.forceMerge");
            if (merge != null) {
                long mergeStart = System.nanoTime();
                store.forceMerge(Integer.parseInt(merge));
                System.out.printf("merged to %d segments in %.1f s%n", store.segments(),
                        (System.nanoTime() - mergeStart) / 1e9);
            }

            float[][] queryVectors = new float[queries][];
            String[] queryTexts = new String[queries];
            for (int q = 0; q < queries; q++) {
                int target = random.nextInt(chunks);
                queryVectors[q] = near(vectors[target], random, 0.5f);
                queryTexts[q] = corpus.queryFrom(texts[target], random);
            }
            for (RetrievalMode mode : RetrievalMode.values()) {
                run(store, mode, queryVectors, queryTexts, Math.min(queries, 500)); // warm-up (JIT)
            }
            // Modes take turns query by query, so a noisy neighbour on the machine hurts them alike.
            // Wall time includes waiting for a core on a shared machine; the thread's CPU time does not, and is
            // what the latency would be on an idle core.
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long[][] latencies = new long[RetrievalMode.values().length][queries];
            long[][] cpu = new long[RetrievalMode.values().length][queries];
            for (int q = 0; q < queries; q++) {
                for (RetrievalMode mode : RetrievalMode.values()) {
                    StoreQuery query = new StoreQuery(List.of("bench"), queryTexts[q], queryVectors[q], mode, TOP_K, null);
                    long cpuBegin = threads.getCurrentThreadCpuTime();
                    long begin = System.nanoTime();
                    store.search(query);
                    latencies[mode.ordinal()][q] = System.nanoTime() - begin;
                    cpu[mode.ordinal()][q] = threads.getCurrentThreadCpuTime() - cpuBegin;
                }
            }
            System.out.printf("%-8s %28s   %28s%n", "", "wall time", "CPU time");
            for (RetrievalMode mode : RetrievalMode.values()) {
                long[] wall = latencies[mode.ordinal()];
                long[] used = cpu[mode.ordinal()];
                Arrays.sort(wall);
                Arrays.sort(used);
                System.out.printf("%-8s p50 %6.2f p90 %6.2f p99 %6.2f   p50 %6.2f p90 %6.2f p99 %6.2f ms%n",
                        mode.wireName(), wall[queries / 2] / 1e6, wall[(int) (queries * 0.9)] / 1e6,
                        wall[(int) (queries * 0.99)] / 1e6, used[queries / 2] / 1e6, used[(int) (queries * 0.9)] / 1e6,
                        used[(int) (queries * 0.99)] / 1e6);
            }
            // Hybrid search for 20 candidates, then the local reranker over them (stored vectors looked up in
            // memory here, in the catalog in the gateway), best 10 kept: what a link with rerank.model=local costs.
            LocalReranker reranker = new LocalReranker(
                    ids -> {
                        java.util.Map<String, float[]> found = new java.util.HashMap<>();
                        ids.forEach(id -> found.put(id, vectors[Integer.parseInt(id.substring(1))]));
                        return found;
                    },
                    // Companion vectors (384-d, all-MiniLM-L6-v2's size): the first 384 components of the chunk's
                    // vector, unit length; what matters here is the cost, not the value.
                    ids -> {
                        java.util.Map<String, float[]> found = new java.util.HashMap<>();
                        ids.forEach(id -> found.put(id,
                                Embedders.unit(Arrays.copyOf(vectors[Integer.parseInt(id.substring(1))], 384))));
                        return found;
                    },
                    store::wordCounts,
                    LocalReranker.Weights.DEFAULT);
            long[] rerankWall = new long[queries];
            long[] rerankCpu = new long[queries];
            for (int round = 0; round < 2; round++) { // the first round warms up
                for (int q = 0; q < queries; q++) {
                    long cpuBegin = threads.getCurrentThreadCpuTime();
                    long begin = System.nanoTime();
                    List<StoreHit> candidates = store.search(new StoreQuery(
                            List.of("bench"), queryTexts[q], queryVectors[q], RetrievalMode.HYBRID, 20, null));
                    reranker.scores(queryTexts[q], java.util.Map.of("bench", queryVectors[q]), candidates);
                    rerankWall[q] = System.nanoTime() - begin;
                    rerankCpu[q] = threads.getCurrentThreadCpuTime() - cpuBegin;
                }
            }
            Arrays.sort(rerankWall);
            Arrays.sort(rerankCpu);
            System.out.printf("%-8s p50 %6.2f p90 %6.2f p99 %6.2f   p50 %6.2f p90 %6.2f p99 %6.2f ms%n",
                    "hybrid20+local rerank", rerankWall[queries / 2] / 1e6, rerankWall[(int) (queries * 0.9)] / 1e6,
                    rerankWall[(int) (queries * 0.99)] / 1e6, rerankCpu[queries / 2] / 1e6,
                    rerankCpu[(int) (queries * 0.9)] / 1e6, rerankCpu[(int) (queries * 0.99)] / 1e6);
            // The same with a companion model (embedding.companion = all-minilm-l6-v2): the question is embedded
            // by MiniLM in process (the real model, on the query text) and compared with the candidates' stored
            // companion vectors; and the whole path a turn takes, the question embedded by bge-small-zh as well.
            // "before": LangChain4j's own model classes (ONNX Runtime's default session: a pool of spinning intra-op
            // threads per call), one embedding after the other. "after": our sessions (one thread per call, no
            // spinning) through Embedders.questionVectors, the two embeddings side by side. Each query's text is
            // new to the question cache (warm-up goes around it), so this is the uncached cost.
            Embedders embedders = new Embedders(id -> java.util.Optional.empty());
            EmbeddingSettings bge = new EmbeddingSettings(EmbeddingSettings.BGE_SMALL_ZH, null, null);
            EmbeddingSettings miniLm = new EmbeddingSettings(EmbeddingSettings.MINILM, null, null);
            dev.langchain4j.model.embedding.EmbeddingModel defaultBge =
                    new dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel();
            dev.langchain4j.model.embedding.EmbeddingModel defaultMiniLm =
                    new dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel();
            for (int q = 0; q < Math.min(queries, 200); q++) { // warm-up of the models
                embedders.embedQuery(bge, queryTexts[q]);
                embedders.embedQuery(miniLm, queryTexts[q]);
                if (Boolean.getBoolean("bench.before")) {
                    defaultBge.embed(queryTexts[q]);
                    defaultMiniLm.embed(queryTexts[q]);
                }
            }
            // ONNX Runtime may run a model on threads of its own: CPU time here is the whole process's.
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            // -Dbench.before=true also times LangChain4j's own sessions (the "before" rows of docs/benchmarks.md).
            boolean before = Boolean.getBoolean("bench.before");
            String[] all = {
                "after: embed bge+hybrid20+rerank", "after: hybrid20+rerank+companion",
                "after: embed both+hybrid20+rerank", "before: hybrid20+rerank+companion",
                "before: embed both+hybrid20+rerank"
            };
            String[] labels = before ? all : Arrays.copyOf(all, 3);
            long[][] wallTimes = new long[labels.length][queries];
            long[][] cpuTimes = new long[labels.length][queries];
            long[][] threadTimes = new long[labels.length][queries];
            // Variants take turns query by query, as the modes above, so load changes hurt them alike.
            long gcCount = gcCount();
            long gcMillis = gcMillis();
            for (int q = 0; q < queries; q++) {
                for (int variant = 0; variant < labels.length; variant++) {
                    long cpuBegin = os.getProcessCpuTime();
                    long threadBegin = threads.getCurrentThreadCpuTime();
                    long begin = System.nanoTime();
                    // The vectors' values are not used for the search: the corpus's vectors are synthetic.
                    // Each text is new to the question cache (" #variant").
                    String text = queryTexts[q] + " #" + variant;
                    float[] second = switch (variant) {
                        case 0 -> {
                            embedders.questionVectors(bge, null, text);
                            yield null;
                        }
                        case 1 -> embedders.questionVectors(miniLm, null, text).vector();
                        case 2 -> embedders.questionVectors(bge, miniLm, text).companion();
                        case 3 -> defaultMiniLm.embed(queryTexts[q]).content().vector();
                        default -> {
                            defaultBge.embed(queryTexts[q]);
                            yield defaultMiniLm.embed(queryTexts[q]).content().vector();
                        }
                    };
                    List<StoreHit> candidates = store.search(new StoreQuery(
                            List.of("bench"), queryTexts[q], queryVectors[q], RetrievalMode.HYBRID, 20, null));
                    reranker.scores(queryTexts[q], java.util.Map.of("bench", queryVectors[q]),
                            second == null ? java.util.Map.of() : java.util.Map.of("bench", Embedders.unit(second)),
                            candidates);
                    wallTimes[variant][q] = System.nanoTime() - begin;
                    cpuTimes[variant][q] = os.getProcessCpuTime() - cpuBegin;
                    threadTimes[variant][q] = threads.getCurrentThreadCpuTime() - threadBegin;
                }
            }
            System.out.printf("garbage collections during these rows: %d, %d ms in all%n",
                    gcCount() - gcCount, gcMillis() - gcMillis);
            System.out.printf("%-36s %28s   %28s   %28s   %s%n", "", "wall time", "process CPU (10 ms clock)",
                    "calling thread's CPU", "process CPU mean");
            for (int variant = 0; variant < labels.length; variant++) {
                long[] wall = wallTimes[variant];
                long[] used = cpuTimes[variant];
                long[] own = threadTimes[variant];
                // The 10 ms clock's steps average out over many queries: the mean is what a query costs all threads.
                double mean = Arrays.stream(used).average().orElse(0) / 1e6;
                Arrays.sort(wall);
                Arrays.sort(used);
                Arrays.sort(own);
                System.out.printf("%-36s p50 %6.2f p90 %6.2f p99 %6.2f   p50 %6.2f p90 %6.2f p99 %6.2f   "
                                + "p50 %6.2f p90 %6.2f p99 %6.2f ms   %6.2f ms%n",
                        labels[variant], wall[queries / 2] / 1e6, wall[(int) (queries * 0.9)] / 1e6,
                        wall[(int) (queries * 0.99)] / 1e6, used[queries / 2] / 1e6,
                        used[(int) (queries * 0.9)] / 1e6, used[(int) (queries * 0.99)] / 1e6,
                        own[queries / 2] / 1e6, own[(int) (queries * 0.9)] / 1e6, own[(int) (queries * 0.99)] / 1e6,
                        mean);
            }
            System.out.printf("load average during the run: %.1f on %d processors%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
            int recallQueries = Math.min(queries, 300);
            double recall = 0;
            for (int q = 0; q < recallQueries; q++) {
                Set<String> exact = bruteForce(vectors, queryVectors[q]);
                Set<String> found = new HashSet<>();
                store.search(new StoreQuery(List.of("bench"), null, queryVectors[q], RetrievalMode.VECTOR, TOP_K, null))
                        .forEach(hit -> found.add(hit.chunkId()));
                found.retainAll(exact);
                recall += found.size() / (double) TOP_K;
            }
            System.out.printf("vector recall@10 vs brute force: %.3f (%d queries)%n", recall / recallQueries, recallQueries);
        }
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionCount)
                .sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime)
                .sum();
    }

    private static long[] run(KnowledgeStore store, RetrievalMode mode, float[][] vectors, String[] texts, int count) {
        long[] latencies = new long[count];
        for (int q = 0; q < count; q++) {
            StoreQuery query = new StoreQuery(List.of("bench"), texts[q], vectors[q], mode, TOP_K, null);
            long start = System.nanoTime();
            store.search(query);
            latencies[q] = System.nanoTime() - start;
        }
        return latencies;
    }

    private static Set<String> bruteForce(float[][] vectors, float[] query) {
        int[] best = new int[TOP_K];
        double[] scores = new double[TOP_K];
        Arrays.fill(scores, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < vectors.length; i++) {
            double dot = 0;
            float[] v = vectors[i];
            for (int d = 0; d < v.length; d++) {
                dot += v[d] * query[d];
            }
            if (dot > scores[TOP_K - 1]) {
                int at = TOP_K - 1;
                while (at > 0 && scores[at - 1] < dot) {
                    scores[at] = scores[at - 1];
                    best[at] = best[at - 1];
                    at--;
                }
                scores[at] = dot;
                best[at] = i;
            }
        }
        Set<String> ids = new HashSet<>();
        for (int i : best) {
            ids.add("c" + i);
        }
        return ids;
    }

    static float[] gaussian(Random random, float scale) {
        float[] v = new float[DIMENSIONS];
        for (int d = 0; d < DIMENSIONS; d++) {
            v[d] = (float) (random.nextGaussian() * scale);
        }
        return v;
    }

    /** {@code center} (as a unit vector) plus Gaussian noise of about {@code noise} in length. */
    static float[] near(float[] center, Random random, float noise) {
        float[] v = gaussian(random, noise / (float) Math.sqrt(DIMENSIONS));
        for (int d = 0; d < DIMENSIONS; d++) {
            v[d] += center[d] / (float) Math.sqrt(norm(center));
        }
        return Embedders.unit(v);
    }

    private static double norm(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        return n;
    }
}
