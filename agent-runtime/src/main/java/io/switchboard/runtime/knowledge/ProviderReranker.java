package io.switchboard.runtime.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.runtime.model.ProviderConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A provider's rerank API, {@code POST {baseUrl}/rerank} with {@code {model, query, documents, top_n}} and
 * {@code {results: [{index, relevance_score}]}} back: the shape Jina ({@code …/v1}), Cohere
 * ({@code …/v2}), SiliconFlow and Xinference share. The provider's key goes as a bearer token. Scores are
 * taken as the provider reports them (Jina, Cohere and SiliconFlow give 0–1).
 */
final class ProviderReranker implements Reranker {
    /** A turn waits for this: a rerank that takes longer is abandoned and the retrieval order kept. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final ProviderConfig provider;
    private final String model;

    ProviderReranker(HttpClient http, ProviderConfig provider, String model) {
        this.http = http;
        this.provider = provider;
        this.model = model;
    }

    @Override
    public double[] scores(String query, Map<String, float[]> queryVectors, List<StoreHit> passages) {
        ObjectNode body =
                JSON.createObjectNode().put("model", model).put("query", query).put("top_n", passages.size());
        ArrayNode documents = body.putArray("documents");
        passages.forEach(p -> documents.add(p.text()));
        String base = provider.baseUrl().endsWith("/")
                ? provider.baseUrl().substring(0, provider.baseUrl().length() - 1)
                : provider.baseUrl();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/rerank"))
                .timeout(provider.timeout().compareTo(MAX_WAIT) < 0 ? provider.timeout() : MAX_WAIT)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (provider.apiKey() != null) {
            request.header("authorization", "Bearer " + provider.apiKey().reveal());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RerankFailure("rerank provider '" + provider.id() + "' could not be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RerankFailure("interrupted while reranking");
        }
        if (response.statusCode() / 100 != 2) {
            throw new RerankFailure("rerank provider '" + provider.id() + "' answered HTTP " + response.statusCode());
        }
        double[] scores = new double[passages.size()];
        Arrays.fill(scores, Double.NEGATIVE_INFINITY);
        try {
            JsonNode results = JSON.readTree(response.body()).path("results");
            for (JsonNode result : results) {
                int index = result.path("index").asInt(-1);
                JsonNode score = result.has("relevance_score") ? result.get("relevance_score") : result.get("score");
                if (index >= 0 && index < scores.length && score != null && score.isNumber()) {
                    scores[index] = score.asDouble();
                }
            }
        } catch (IOException e) {
            throw new RerankFailure("rerank provider '" + provider.id() + "' answered something other than JSON");
        }
        return scores;
    }

    /** The reranker could not be used; retrieval keeps its own order. */
    static final class RerankFailure extends RuntimeException {
        RerankFailure(String message) {
            super(message, null, false, false);
        }
    }
}
