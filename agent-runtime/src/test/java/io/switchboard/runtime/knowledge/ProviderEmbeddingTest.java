package io.switchboard.runtime.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.model.ProviderKind;
import io.switchboard.runtime.security.Secret;
import io.switchboard.runtime.security.SecretBox;
import io.switchboard.runtime.store.Database;
import io.switchboard.runtime.store.DatabaseConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A knowledge base embedded by a provider's OpenAI-compatible embeddings API (a real server on port 0). */
class ProviderEmbeddingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DIMENSIONS = 16;

    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private Database database;
    private LuceneKnowledgeStore store;
    private KnowledgeService knowledge;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/embeddings", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            requests.add(request);
            ObjectNode response = JSON.createObjectNode()
                    .put("object", "list")
                    .put("model", request.get("model").asText());
            ArrayNode data = response.putArray("data");
            JsonNode inputs = request.get("input");
            for (int i = 0; i < inputs.size(); i++) {
                ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
                ArrayNode vector = item.putArray("embedding");
                for (float value : bagOfCharacters(inputs.get(i).asText())) {
                    vector.add(value);
                }
            }
            response.putObject("usage").put("prompt_tokens", 3).put("total_tokens", 3);
            byte[] body = JSON.writeValueAsBytes(response);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        ProviderConfig provider = ProviderConfig.of(
                "embedder",
                "Embedder",
                ProviderKind.OPENAI_COMPATIBLE,
                "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                Secret.of("sk-embed"),
                Duration.ofSeconds(5),
                0);
        database = Database.open(
                new DatabaseConfig("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), null, null, 4),
                SecretBox.fromBase64(SecretBox.generateKeyBase64()));
        store = LuceneKnowledgeStore.open(dir.resolve("index"));
        Map<String, ProviderConfig> providers = Map.of("embedder", provider);
        knowledge = KnowledgeService.create(
                database.knowledge(), store, id -> Optional.ofNullable(providers.get(id)), KnowledgeLimits.DEFAULT);
    }

    @AfterEach
    void stop() {
        knowledge.close();
        store.close();
        database.close();
        server.stop(0);
    }

    /** A deterministic toy embedding: counts of characters hashed into 16 buckets. */
    private static float[] bagOfCharacters(String text) {
        float[] vector = new float[DIMENSIONS];
        text.codePoints().forEach(c -> vector[Math.floorMod(c * 31, DIMENSIONS)]++);
        return vector;
    }

    @Test
    void should_embed_chunks_and_queries_through_the_provider() {
        EmbeddingSettings embedding =
                new EmbeddingSettings(EmbeddingSettings.PROVIDER, "embedder", "text-embedding-3-small");
        String kb = knowledge
                .createBase("remote", null, new KnowledgeBaseSettings(null, embedding, null))
                .id();

        KnowledgeDocument document = knowledge.upload(kb, "a.txt", "zzzz zzzz zzzz".getBytes());
        knowledge.upload(kb, "b.txt", "aaaa bbbb cccc".getBytes());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> knowledge.document(document.id()).status().finished());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> knowledge.documents(kb).stream()
                        .allMatch(d -> d.status().finished()));
        List<Passage> found = knowledge.hitTest(List.of(kb), "zz", 1).get(RetrievalMode.VECTOR);

        assertThat(knowledge.document(document.id()).status()).isEqualTo(DocumentStatus.READY);
        assertThat(found).extracting(Passage::documentName).containsExactly("a.txt");
        assertThat(found.get(0).score()).isGreaterThan(0.98);
        assertThat(requests)
                .allSatisfy(request -> assertThat(request.get("model").asText()).isEqualTo("text-embedding-3-small"));
        assertThat(requests)
                .anySatisfy(
                        request -> assertThat(request.get("input").toString()).contains("zz"));
    }

    @Test
    void should_fail_documents_with_a_reason_when_the_provider_is_gone() {
        EmbeddingSettings embedding = new EmbeddingSettings(EmbeddingSettings.PROVIDER, "missing", "m");
        String kb = knowledge
                .createBase("orphan", null, new KnowledgeBaseSettings(null, embedding, null))
                .id();

        KnowledgeDocument document = knowledge.upload(kb, "a.txt", "some text".getBytes());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> knowledge.document(document.id()).status().finished());

        assertThat(knowledge.document(document.id()).error()).contains("embedding.providerId 'missing'");
    }
}
