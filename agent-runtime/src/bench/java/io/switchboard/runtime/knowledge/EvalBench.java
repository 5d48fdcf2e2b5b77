package io.switchboard.runtime.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answer quality on the bilingual evaluation sets under {@code knowledge-eval/}:
 *
 * <ul>
 *   <li>{@code manuals.json}: 112 questions (57 Chinese, 55 English, some across languages) over eight technical
 *       documents in {@code docs/} (Markdown manuals, an API reference, a deployment guide, an on-call handbook,
 *       two FAQs). A passage answers when it comes from the right document and holds the question's phrase.
 *   <li>{@code eval.json}: 36 questions over 24 one-paragraph support passages (each its own document).
 * </ul>
 *
 * For each in-process embedding model, chunking (plain separators or structure-aware), retrieval mode and
 * reranker (none, the local one over 20 candidates, and the local one with the other in-process model as the
 * base's companion): hit@1, hit@5 and MRR@5, overall, per language and per half of the set (dev: even
 * positions, on which the companion weights were chosen; test: odd positions).
 * No thresholds: this measures ranking. Usage: {@code EvalBench [set]} with set {@code manuals},
 * {@code support} or {@code all} (default).
 */
public final class EvalBench {
    private static final int K = 5;
    /** Candidates the reranker reorders, as a link's rerank.candidates (default 20); -Deval.candidates=N to try others. */
    private static final int CANDIDATES = Integer.getInteger("eval.candidates", 20);
    private static final Synonyms CROSS_LANGUAGE = new Synonyms(List.of(), true);

    record Question(String text, String doc, String find) {}

    record Doc(String id, String name, String text) {}

    /**
     * Vectors by model and text, kept between runs in the file {@code -Deval.cache} names (optional): the
     * embeddings are most of a run's time, and the same texts give the same vectors.
     */
    private static final Map<String, float[]> CACHE = new HashMap<>();

    private static Embedders embedders;

    /** The companion vectors of the chunks being evaluated, for -Deval.explain. */
    private static Map<String, float[]> explainSeconds = Map.of();

    private static float[] embedQuery(EmbeddingSettings settings, String text) {
        return CACHE.computeIfAbsent(settings.key() + "\u0000" + text, k -> embedders.embedQuery(settings, text));
    }

    private static List<float[]> embedAll(EmbeddingSettings settings, List<String> texts) {
        List<String> missing = texts.stream()
                .filter(t -> !CACHE.containsKey(settings.key() + "\u0000" + t))
                .distinct()
                .toList();
        if (!missing.isEmpty()) {
            List<float[]> vectors = embedders.embedAll(settings, missing);
            for (int i = 0; i < missing.size(); i++) {
                CACHE.put(settings.key() + "\u0000" + missing.get(i), vectors.get(i));
            }
        }
        return texts.stream().map(t -> CACHE.get(settings.key() + "\u0000" + t)).toList();
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "all";
        embedders = new Embedders(id -> Optional.empty());
        String cacheFile = System.getProperty("eval.cache");
        if (cacheFile != null && Files.exists(Path.of(cacheFile))) {
            try (var in = new java.io.ObjectInputStream(Files.newInputStream(Path.of(cacheFile)))) {
                CACHE.putAll((Map<String, float[]>) in.readObject());
            }
        }
        try {
            evaluate(which);
        } finally {
            if (cacheFile != null) {
                try (var out = new java.io.ObjectOutputStream(Files.newOutputStream(Path.of(cacheFile)))) {
                    out.writeObject(new HashMap<>(CACHE));
                }
            }
        }
    }

    private static void evaluate(String which) throws Exception {
        ObjectMapper json = new ObjectMapper();
        if (!which.equals("support")) {
            JsonNode manuals = read(json, "manuals.json");
            List<Doc> docs = new ArrayList<>();
            List<Question> questions = new ArrayList<>();
            for (JsonNode q : manuals.get("questions")) {
                questions.add(new Question(q.get("q").asText(), q.get("doc").asText(), q.get("find").asText()));
            }
            for (String name : questions.stream().map(Question::doc).distinct().toList()) {
                try (InputStream in = EvalBench.class.getResourceAsStream("/knowledge-eval/docs/" + name)) {
                    docs.add(new Doc(name, name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
            System.out.printf("manuals: %d documents, %d questions%n", docs.size(), questions.size());
            run(docs, questions, List.of(ChunkStructure.PLAIN, ChunkStructure.AUTO));
        }
        if (!which.equals("manuals")) {
            JsonNode support = read(json, "eval.json");
            List<Doc> docs = new ArrayList<>();
            for (JsonNode p : support.get("passages")) {
                docs.add(new Doc(p.get("id").asText(), p.get("title").asText(), p.get("text").asText()));
            }
            List<Question> questions = new ArrayList<>();
            for (JsonNode q : support.get("questions")) {
                questions.add(new Question(q.get("q").asText(), q.get("answer").asText(), null));
            }
            System.out.printf("%nsupport: %d passages, %d questions%n", docs.size(), questions.size());
            run(docs, questions, List.of(ChunkStructure.AUTO));
        }
    }

    private static JsonNode read(ObjectMapper json, String name) throws Exception {
        try (InputStream in = EvalBench.class.getResourceAsStream("/knowledge-eval/" + name)) {
            return json.readTree(in);
        }
    }

    /** 1 Chinese only, 2 otherwise. */
    private static int language(String text) {
        return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN) ? 1 : 2;
    }

    private static void run(List<Doc> docs, List<Question> questions, List<ChunkStructure> chunkings)
            throws Exception {
        System.out.printf("%-17s %-10s %-8s %-22s %-6s  %-17s  %-17s  %-17s  %-17s  %-17s%n", "model", "chunking",
                "mode", "rerank", "words", "all", "zh", "en", "dev (even)", "test (odd)");
        System.out.printf("%-17s %-10s %-8s %-22s %-6s  %-17s  %-17s  %-17s  %-17s  %-17s%n", "", "", "", "", "",
                "hit@1 hit@5 MRR", "hit@1 hit@5 MRR", "hit@1 hit@5 MRR", "hit@1 hit@5 MRR", "hit@1 hit@5 MRR");
        // -Deval.models=bge-small-zh-v15 runs one model; -Deval.meaningWeight=0.5 weighs the local reranker otherwise.
        List<String> models = List.of(System.getProperty(
                        "eval.models", EmbeddingSettings.BGE_SMALL_ZH + "," + EmbeddingSettings.MINILM)
                .split(","));
        double weight = Double.parseDouble(System.getProperty("eval.meaningWeight", "" + LocalReranker.MEANING_WEIGHT));
        // With a companion model: -Deval.companionWeight (meaning against words) and -Deval.companionShare (the
        // companion's part of meaning).
        double companionWeight = Double.parseDouble(
                System.getProperty("eval.companionWeight", "" + LocalReranker.COMPANION_MEANING_WEIGHT));
        double companionShare = Double.parseDouble(
                System.getProperty("eval.companionShare", "" + LocalReranker.COMPANION_SHARE));
        double offset = Double.parseDouble(
                System.getProperty("eval.crossLanguageOffset", "" + LocalReranker.CROSS_LANGUAGE_OFFSET));
        for (String model : models) {
            EmbeddingSettings settings = new EmbeddingSettings(model, null, null);
            // The other in-process model as the base's companion (embedding.companion), for the local+ rows.
            EmbeddingSettings companion = model.equals(EmbeddingSettings.PROVIDER)
                    ? null
                    : new EmbeddingSettings(
                            model.equals(EmbeddingSettings.MINILM) ? EmbeddingSettings.BGE_SMALL_ZH : EmbeddingSettings.MINILM,
                            null, null);
            Map<String, float[]> queryVectors = new HashMap<>();
            Map<String, float[]> companionVectors = new HashMap<>();
            for (Question question : questions) {
                // -Deval.queryPrefix=...: text put before the question for the base model's embedding (an experiment).
                String prefix = model.equals(EmbeddingSettings.BGE_SMALL_ZH) ? System.getProperty("eval.queryPrefix", "") : "";
                queryVectors.computeIfAbsent(question.text(), t -> embedQuery(settings, prefix + t));
                if (companion != null) {
                    companionVectors.computeIfAbsent(question.text(), t -> embedQuery(companion, t));
                }
            }
            for (ChunkStructure chunking : chunkings) {
                Path dir = Files.createTempDirectory("eval-bench");
                Map<String, float[]> vectors = new HashMap<>();
                Map<String, float[]> seconds = new HashMap<>();
                try (LuceneKnowledgeStore store = LuceneKnowledgeStore.open(dir)) {
                    StructuredChunker chunker = new StructuredChunker(
                            new ChunkingSettings(null, null, null, chunking, null, null));
                    List<IndexedChunk> chunks = new ArrayList<>();
                    for (Doc doc : docs) {
                        List<String> pieces = chunker.chunk(doc.text()).stream()
                                .map(StructuredChunker.Piece::text)
                                .toList();
                        List<float[]> embedded = embedAll(settings, pieces);
                        List<float[]> second = companion == null ? null : embedAll(companion, pieces);
                        for (int i = 0; i < pieces.size(); i++) {
                            String id = doc.id() + "#" + i;
                            vectors.put(id, embedded.get(i));
                            if (second != null) {
                                seconds.put(id, second.get(i));
                            }
                            chunks.add(new IndexedChunk(id, "eval", doc.id(), doc.name(), pieces.get(i), embedded.get(i)));
                        }
                    }
                    store.add(chunks);
                    explainSeconds = seconds;
                    double heading = Double.parseDouble(
                            System.getProperty("eval.headingWeight", "" + LocalReranker.HEADING_WEIGHT));
                    double rare = Double.parseDouble(
                            System.getProperty("eval.rareWordWeight", "" + LocalReranker.RARE_WORD_WEIGHT));
                    LocalReranker reranker = new LocalReranker(ids -> pick(vectors, ids), ids -> pick(seconds, ids),
                            store::wordCounts,
                            new LocalReranker.Weights(weight, companionWeight, companionShare, heading, offset, rare));
                    String headingGrid = System.getProperty("eval.headingGrid");
                    if (headingGrid != null && companion != null && chunking == ChunkStructure.AUTO) {
                        // -Deval.headingGrid=0,0.1,0.2: the heading path's weight, for every mode with
                        // local+companion and xlang words, to choose on dev.
                        for (String headingText : headingGrid.split(",")) {
                          for (String offsetText : System.getProperty("eval.offsetGrid", "" + offset).split(",")) {
                            LocalReranker tried = new LocalReranker(ids -> pick(vectors, ids),
                                    ids -> pick(seconds, ids), store::wordCounts, new LocalReranker.Weights(
                                            weight, companionWeight, companionShare, Double.parseDouble(headingText),
                                            Double.parseDouble(offsetText), rare));
                            for (RetrievalMode mode : RetrievalMode.values()) {
                                report(model, chunking, mode, "local+h" + headingText + "x" + offsetText,
                                        CROSS_LANGUAGE, questions, store, queryVectors, companionVectors, tried);
                            }
                          }
                        }
                        continue;
                    }
                    String rareGrid = System.getProperty("eval.rareGrid");
                    if (rareGrid != null && companion != null && chunking == ChunkStructure.AUTO) {
                        // -Deval.rareGrid=0,0.25,0.5: the rare-word share of the word score (the words' rarity in the
                        // base, from the store's counts), hybrid and keyword,
                        // local with and without the companion, xlang words, to choose on dev.
                        for (String rareText : rareGrid.split(",")) {
                            LocalReranker tried = new LocalReranker(ids -> pick(vectors, ids),
                                    ids -> pick(seconds, ids), store::wordCounts, new LocalReranker.Weights(
                                            weight, companionWeight, companionShare, heading, offset,
                                            Double.parseDouble(rareText)));
                            for (RetrievalMode mode : List.of(RetrievalMode.HYBRID, RetrievalMode.KEYWORD)) {
                                report(model, chunking, mode, "local~r" + rareText, CROSS_LANGUAGE, questions,
                                        store, queryVectors, Map.of(), tried);
                                report(model, chunking, mode, "local+" + companion.model() + "~r" + rareText,
                                        CROSS_LANGUAGE, questions, store, queryVectors, companionVectors, tried);
                            }
                        }
                        continue;
                    }
                    String grid = System.getProperty("eval.grid");
                    if (grid != null && companion != null && chunking == ChunkStructure.AUTO) {
                        // -Deval.grid=0.6,0.7,0.8/0.2,0.3,0.4: hybrid, local+companion, xlang with every pair of
                        // weights (meaning against words / the companion's share of meaning), to choose on dev.
                        String[] axes = grid.split("/");
                        for (String weightText : axes[0].split(",")) {
                            for (String shareText : axes[1].split(",")) {
                                LocalReranker tried = new LocalReranker(ids -> pick(vectors, ids),
                                        ids -> pick(seconds, ids), store::wordCounts, new LocalReranker.Weights(
                                                weight, Double.parseDouble(weightText), Double.parseDouble(shareText),
                                                heading, offset, rare));
                                report(model, chunking, RetrievalMode.HYBRID,
                                        "local+ " + weightText + "/" + shareText, CROSS_LANGUAGE, questions, store,
                                        queryVectors, companionVectors, tried);
                            }
                        }
                        continue;
                    }
                    for (RetrievalMode mode : RetrievalMode.values()) {
                        for (String rerank : companion == null
                                ? List.of("none", "local")
                                : List.of("none", "local", "local+" + companion.model())) {
                            // words: the question's words as written, or also as their translations
                            // (synonyms.crossLanguage).
                            for (Synonyms words : List.of(Synonyms.NONE, CROSS_LANGUAGE)) {
                                report(model, chunking, mode, rerank, words, questions, store, queryVectors,
                                        rerank.contains("+") ? companionVectors : Map.of(), reranker);
                            }
                        }
                    }
                }
            }
        }
    }

    /** Position of the first passage that answers the question among the first {@code limit}, or -1. */
    private static int answerRank(List<StoreHit> found, Question question, int limit) {
        for (int i = 0; i < Math.min(limit, found.size()); i++) {
            StoreHit hit = found.get(i);
            if (hit.documentId().equals(question.doc())
                    && (question.find() == null || hit.text().contains(question.find()))) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, float[]> pick(Map<String, float[]> vectors, List<String> ids) {
        Map<String, float[]> found = new HashMap<>();
        ids.forEach(id -> found.put(id, vectors.get(id)));
        return found;
    }

    private static void report(String model, ChunkStructure chunking, RetrievalMode mode, String rerankName,
            Synonyms words, List<Question> questions, LuceneKnowledgeStore store, Map<String, float[]> queryVectors,
            Map<String, float[]> companionVectors, LocalReranker reranker) {
        boolean rerank = !rerankName.equals("none");
        // -Deval.only=a,b: report only these configurations (model/chunking/mode/rerank/words), to iterate faster.
        String only = System.getProperty("eval.only");
        String thisConfig = model + "/" + chunking.wireName() + "/" + mode.wireName() + "/" + rerankName + "/"
                + (words.crossLanguage() ? "xlang" : "plain");
        if (only != null && !List.of(only.split(",")).contains(thisConfig)) {
            return;
        }
        // [all, zh, en, dev, test] x [hit@1, hit@5, reciprocal rank, questions]
        double[][] totals = new double[5][4];
        for (int index = 0; index < questions.size(); index++) {
            Question question = questions.get(index);
            float[] vector = queryVectors.get(question.text());
            List<StoreHit> found = store.search(new StoreQuery(List.of("eval"), question.text(),
                    mode == RetrievalMode.KEYWORD ? null : vector, mode, rerank ? CANDIDATES : K, words));
            int candidateRank = answerRank(found, question, found.size());
            if (rerank && !found.isEmpty()) {
                float[] second = companionVectors.get(question.text());
                double[] scores = reranker.scores(question.text(), Map.of("eval", vector),
                        second == null ? Map.of() : Map.of("eval", second), words, found);
                // -Deval.fusionWeight=0.1: how much of the retrieval's own (fused) score to keep (an experiment).
                double fusion = Double.parseDouble(System.getProperty("eval.fusionWeight", "0"));
                for (int i = 0; fusion > 0 && i < scores.length; i++) {
                    scores[i] = (1 - fusion) * scores[i] + fusion * found.get(i).score();
                }
                // -Deval.documentWeight=0.1 (-Deval.evidence=share|top3): the passage's document's evidence among
                // the candidates as a term of its own (an experiment; the cluster hypothesis): share = its part of
                // the sum of all candidates' scores, top3 = the mean of its best three (a missing one counts 0).
                double document = Double.parseDouble(System.getProperty("eval.documentWeight", "0"));
                if (document > 0) {
                    boolean share = System.getProperty("eval.evidence", "share").equals("share");
                    Map<String, List<Double>> byDocument = new HashMap<>();
                    double total = 0;
                    for (int i = 0; i < scores.length; i++) {
                        byDocument.computeIfAbsent(found.get(i).documentId(), k -> new ArrayList<>()).add(scores[i]);
                        total += scores[i];
                    }
                    double[] evidence = new double[scores.length];
                    for (int i = 0; i < scores.length; i++) {
                        List<Double> own = byDocument.get(found.get(i).documentId());
                        evidence[i] = share
                                ? (total > 0 ? own.stream().mapToDouble(Double::doubleValue).sum() / total : 0)
                                : own.stream().sorted(java.util.Comparator.reverseOrder()).limit(3)
                                        .mapToDouble(Double::doubleValue).sum() / 3;
                    }
                    for (int i = 0; i < scores.length; i++) {
                        scores[i] = (1 - document) * scores[i] + document * evidence[i];
                    }
                }
                // -Deval.titleWeight=0.1: the share of the question's words in the document's title (the heading
                // path's first part) as a term of its own (an experiment).
                double title = Double.parseDouble(System.getProperty("eval.titleWeight", "0"));
                if (title > 0) {
                    KeywordCoverage.Question terms = KeywordCoverage.Question.of(question.text(), words);
                    java.util.Set<String> pairs = LocalReranker.hanPairs(question.text());
                    for (int i = 0; i < scores.length; i++) {
                        String heading = LocalReranker.heading(found.get(i).text());
                        String name = heading == null ? null : heading.split(" › ")[0];
                        double share = 0;
                        if (name != null) {
                            share = KeywordCoverage.of(terms, name);
                            long inName = pairs.stream().filter(name::contains).count();
                            share = Math.max(share, pairs.isEmpty() ? 0 : (double) inName / pairs.size());
                        }
                        scores[i] = (1 - title) * scores[i] + title * share;
                    }
                }
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < found.size(); i++) {
                    order.add(i);
                }
                order.sort((a, b) -> Double.compare(scores[b], scores[a]));
                List<StoreHit> reordered = new ArrayList<>();
                for (int i : order) {
                    reordered.add(found.get(i));
                }
                found = reordered;
            }
            int rank = answerRank(found, question, K);
            String wordsName = words.crossLanguage() ? "xlang" : "plain";
            String config = model + "/" + chunking.wireName() + "/" + mode.wireName() + "/" + rerankName + "/" + wordsName;
            if (rank != 0 && config.equals(System.getProperty("eval.misses"))) {
                // -Deval.misses=model/chunking/mode/rerank lists the questions not answered first, with what was.
                System.out.printf("  miss %s (rank %d, %s) %s -> %s%n", index % 2 == 0 ? "dev" : "test", rank + 1,
                        candidateRank < 0 ? "not retrieved" : "candidate " + (candidateRank + 1), question.text(),
                        found.isEmpty() ? "nothing" : found.get(0).documentId() + ": "
                                + found.get(0).text().replace('\n', ' ').substring(0, Math.min(90, found.get(0).text().length())));
            }
            if (rank != 0 && config.equals(System.getProperty("eval.misses")) && Boolean.getBoolean("eval.explain")) {
                // -Deval.explain=true: the first three after reranking and the answer, with what the reranker saw.
                KeywordCoverage.Question terms = KeywordCoverage.Question.of(question.text(), words);
                java.util.Set<String> pairs = LocalReranker.hanPairs(question.text());
                System.out.printf("      question terms %s%n", terms.terms());
                int answer = answerRank(found, question, found.size());
                float[] second = companionVectors.get(question.text());
                double[] finals = reranker.scores(question.text(), Map.of("eval", vector),
                        second == null ? Map.of() : Map.of("eval", second), words, found);
                for (int i = 0; i < found.size(); i++) {
                    if (i >= 3 && i != answer) {
                        continue;
                    }
                    StoreHit hit = found.get(i);
                    long inText = pairs.stream().filter(hit.text()::contains).count();
                    String heading = LocalReranker.heading(hit.text());
                    float[] stored = explainSeconds.get(hit.chunkId());
                    double companionCosine = 0;
                    for (int d = 0; second != null && stored != null && d < stored.length; d++) {
                        companionCosine += stored[d] * second[d];
                    }
                    System.out.printf("      score %.3f comp %.3f", finals[i], companionCosine);
                    System.out.printf(" %s%2d sim %.3f kw %.3f pairs %.3f head %.3f %s | %s%n", i == answer ? "*" : " ",
                            i + 1, hit.similarity(), Double.isNaN(hit.keywordScore())
                                    ? KeywordCoverage.of(terms, hit.text()) : hit.keywordScore(),
                            pairs.isEmpty() ? 0 : (double) inText / pairs.size(),
                            heading == null ? 0 : KeywordCoverage.of(terms, heading), hit.documentId(),
                            hit.text().replace('\n', ' ').substring(0, Math.min(110, hit.text().length())));
                }
            }
            // Even positions are the dev half (weights were chosen on it), odd ones the test half.
            for (int group : new int[] {0, language(question.text()), 3 + index % 2}) {
                totals[group][0] += rank == 0 ? 1 : 0;
                totals[group][1] += rank >= 0 ? 1 : 0;
                totals[group][2] += rank >= 0 ? 1.0 / (rank + 1) : 0;
                totals[group][3]++;
            }
        }
        StringBuilder line = new StringBuilder(String.format("%-17s %-10s %-8s %-22s %-6s", model,
                chunking.wireName(), mode.wireName(), rerankName, words.crossLanguage() ? "xlang" : "plain"));
        for (double[] group : totals) {
            line.append(String.format("  %5.3f %5.3f %5.3f", group[0] / group[3], group[1] / group[3],
                    group[2] / group[3]));
        }
        System.out.println(line);
    }
}
