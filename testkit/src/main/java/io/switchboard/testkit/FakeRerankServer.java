package io.switchboard.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A loopback rerank API in the shape Jina, Cohere, SiliconFlow and Xinference share: {@code POST
 * /v1/rerank} (also {@code /rerank}, {@code /v2/rerank}) with {@code {model, query, documents, top_n}},
 * answering {@code {results: [{index, relevance_score}]}} best first. A document's score is the share of
 * the query's words (Latin words, or Chinese character pairs) it contains, so tests can predict the order;
 * {@link #score} overrides it per document text. Requests are recorded.
 */
public final class FakeRerankServer implements AutoCloseable {
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Double> overrides = new HashMap<>();
    private volatile String expectedApiKey;
    private volatile int failWith;
    private Vertx vertx;
    private int port = -1;

    private FakeRerankServer() {}

    public static FakeRerankServer start() {
        FakeRerankServer server = new FakeRerankServer();
        server.vertx = Vertx.vertx();
        try {
            server.port = server.vertx
                    .createHttpServer()
                    .requestHandler(server::handle)
                    .listen(0, "127.0.0.1")
                    .await(10, TimeUnit.SECONDS)
                    .actualPort();
        } catch (Exception e) {
            server.vertx.close();
            throw new IllegalStateException("fake rerank server could not listen", e);
        }
        return server;
    }

    /** {@code http://127.0.0.1:PORT/v1}, the base URL a provider is configured with. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/v1";
    }

    /** Requires {@code Authorization: Bearer <key>}; null accepts any request. */
    public FakeRerankServer expectApiKey(String key) {
        this.expectedApiKey = key;
        return this;
    }

    /** Scores documents whose text contains {@code fragment} as {@code score}. */
    public synchronized FakeRerankServer score(String fragment, double score) {
        overrides.put(fragment, score);
        return this;
    }

    /** From now on answers every request with this HTTP status (0: normal answers again). */
    public FakeRerankServer failWith(int status) {
        this.failWith = status;
        return this;
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(buffer -> {
            JsonObject body;
            try {
                body = buffer.length() == 0 ? new JsonObject() : buffer.toJsonObject();
            } catch (DecodeException e) {
                error(request, 400, "body is not JSON");
                return;
            }
            Map<String, String> headers = new HashMap<>();
            request.headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
            requests.add(new RecordedRequest(request.method().name(), request.path(), headers, body));
            if (!request.path().endsWith("/rerank")) {
                error(request, 404, "no route " + request.path());
                return;
            }
            String key = expectedApiKey;
            if (key != null && !("Bearer " + key).equals(request.getHeader("authorization"))) {
                error(request, 401, "invalid api key");
                return;
            }
            if (failWith != 0) {
                error(request, failWith, "scripted failure");
                return;
            }
            String query = body.getString("query");
            JsonArray documents = body.getJsonArray("documents");
            if (query == null || documents == null) {
                error(request, 400, "query and documents are required");
                return;
            }
            List<JsonObject> results = new ArrayList<>();
            for (int i = 0; i < documents.size(); i++) {
                Object document = documents.getValue(i);
                String text =
                        document instanceof JsonObject object ? object.getString("text") : String.valueOf(document);
                results.add(new JsonObject().put("index", i).put("relevance_score", score(query, text)));
            }
            results.sort((a, b) -> Double.compare(b.getDouble("relevance_score"), a.getDouble("relevance_score")));
            int topN = body.getInteger("top_n", results.size());
            request.response()
                    .putHeader("content-type", "application/json")
                    .end(new JsonObject()
                            .put("model", body.getString("model"))
                            .put("results", new JsonArray(results.subList(0, Math.min(topN, results.size()))))
                            .encode());
        });
    }

    private synchronized double score(String query, String text) {
        for (Map.Entry<String, Double> override : overrides.entrySet()) {
            if (text.contains(override.getKey())) {
                return override.getValue();
            }
        }
        Set<String> words = words(query);
        if (words.isEmpty()) {
            return 0;
        }
        Set<String> found = words(text);
        return (double) words.stream().filter(found::contains).count() / words.size();
    }

    private static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
                for (int i = 0; i + 1 < word.length(); i++) {
                    words.add(word.substring(i, i + 2));
                }
            } else if (word.length() > 2) {
                words.add(word);
            }
        }
        return words;
    }

    private static void error(HttpServerRequest request, int status, String message) {
        request.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(new JsonObject().put("detail", message).encode());
    }

    @Override
    public void close() {
        if (vertx != null) {
            vertx.close().await();
        }
    }
}
