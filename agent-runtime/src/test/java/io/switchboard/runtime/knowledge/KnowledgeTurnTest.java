package io.switchboard.runtime.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.benmanes.caffeine.cache.Ticker;
import io.switchboard.runtime.app.AppCatalog;
import io.switchboard.runtime.app.AppConfig;
import io.switchboard.runtime.memory.ChatEntry;
import io.switchboard.runtime.memory.ConversationMemory;
import io.switchboard.runtime.model.LangChainModelInvoker;
import io.switchboard.runtime.model.ModelSettings;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.model.ProviderKind;
import io.switchboard.runtime.offline.EmbeddingQaMatcher;
import io.switchboard.runtime.security.Secret;
import io.switchboard.runtime.security.SecretBox;
import io.switchboard.runtime.store.Database;
import io.switchboard.runtime.store.DatabaseConfig;
import io.switchboard.runtime.turn.AgentRequest;
import io.switchboard.runtime.turn.StandardAgentRuntime;
import io.switchboard.runtime.turn.TurnResult;
import io.switchboard.runtime.turn.TurnStatus;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.ModelBehaviour;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Turns of apps with linked knowledge: retrieval first, passages in the prompt, citations with the answer. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KnowledgeTurnTest {
    private static final String RETURNS = "退货政策：收到商品七天内可以无理由退货，运费由买家承担。";

    private Database database;
    private LuceneKnowledgeStore store;
    private KnowledgeService knowledge;
    private FakeOpenAiServer openAi;
    private StandardAgentRuntime runtime;
    private String kb;

    @BeforeAll
    void start(@TempDir Path dir) {
        database = Database.open(
                new DatabaseConfig("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), null, null, 4),
                SecretBox.fromBase64(SecretBox.generateKeyBase64()));
        store = LuceneKnowledgeStore.open(dir.resolve("index"));
        knowledge =
                KnowledgeService.create(database.knowledge(), store, id -> Optional.empty(), KnowledgeLimits.DEFAULT);
        openAi = FakeOpenAiServer.create().start();
        database.providers()
                .create(ProviderConfig.of(
                        "fake",
                        "Fake",
                        ProviderKind.OPENAI_COMPATIBLE,
                        openAi.baseUrl(),
                        Secret.of("sk-test"),
                        Duration.ofSeconds(10),
                        0));
        runtime = StandardAgentRuntime.builder()
                .catalog(AppCatalog.create(
                        database.apps(), database.providers(), Duration.ofMinutes(1), Ticker.systemTicker()))
                .memory(new MapMemory())
                .qaMatcher(EmbeddingQaMatcher.create())
                .models(LangChainModelInvoker.create(Duration.ofMillis(1)))
                .knowledge(knowledge)
                .build();

        kb = knowledge.createBase("support", null, null).id();
        KnowledgeDocument returns = knowledge.upload(kb, "returns.txt", RETURNS.getBytes(StandardCharsets.UTF_8));
        KnowledgeDocument shipping =
                knowledge.upload(kb, "shipping.md", "Orders ship within two business days.".getBytes());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> List.of(returns.id(), shipping.id()).stream()
                        .allMatch(id -> knowledge.document(id).status() == DocumentStatus.READY));
    }

    @AfterAll
    void stop() {
        knowledge.close();
        store.close();
        openAi.close();
        database.close();
    }

    private TurnResult ask(String appId, AppConfig config, String text) {
        database.apps()
                .create(
                        appId,
                        config.withKnowledge(
                                new KnowledgeLink(List.of(kb), 2, 0.5, RetrievalMode.HYBRID, null, null, null)));
        return runtime.run(new AgentRequest(appId, true, "test", "c1", null, text, Map.of(), List.of(), null), null);
    }

    @Test
    void should_search_the_drafts_link_in_the_debug_chat_and_the_published_versions_on_channels() {
        AppConfig offline = new AppConfig(
                "Offline", null, null, null, null, null, null, null, null, 0, null, null, null, null, null, null, null);
        database.apps().create("draft-link-app", offline);
        database.apps().publish("draft-link-app", "without knowledge");
        database.apps()
                .updateDraft(
                        "draft-link-app",
                        offline.withKnowledge(
                                new KnowledgeLink(List.of(kb), 2, 0.5, RetrievalMode.HYBRID, null, null, null)));

        TurnResult debug = runtime.run(
                new AgentRequest("draft-link-app", true, "test", "c1", null, "怎么退货？", Map.of(), List.of(), null), null);
        TurnResult channel = runtime.run(
                new AgentRequest("draft-link-app", false, "test", "c2", null, "怎么退货？", Map.of(), List.of(), null),
                null);

        assertThat(debug.status()).isEqualTo(TurnStatus.KNOWLEDGE);
        assertThat(channel.status()).as("linked in the draft only").isEqualTo(TurnStatus.OFFLINE);
    }

    @Test
    void should_answer_offline_with_the_best_passage_and_its_citation() {
        AppConfig offline = new AppConfig(
                "Offline", null, null, null, null, null, null, null, null, 0, null, null, null, null, null, null, null);

        TurnResult result = ask("offline-app", offline, "怎么退货？");

        assertThat(result.status()).isEqualTo(TurnStatus.KNOWLEDGE);
        assertThat(result.text()).contains("七天内可以无理由退货").contains("(returns.txt)");
        assertThat(result.citations()).hasSize(1);
        assertThat(result.citations().get(0).source()).isEqualTo("returns.txt");
        assertThat(result.citations().get(0).passage()).isEqualTo(RETURNS);
    }

    @Test
    void should_put_the_passages_into_the_prompt_and_cite_them_with_the_model_answer() {
        openAi.enqueue(ModelBehaviour.reply("七天内可以退货。"));
        AppConfig online = new AppConfig(
                "Online",
                "You help customers.",
                null,
                new ModelSettings("fake", "gpt-4o-mini", null, null, false),
                null,
                null,
                null,
                null,
                null,
                0,
                null,
                null,
                null,
                null,
                null,
                null,
                null);

        TurnResult result = ask("online-app", online, "可以退货吗");

        assertThat(result.text()).isEqualTo("七天内可以退货。");
        assertThat(result.citations()).extracting(c -> c.source()).contains("returns.txt");
        String system = openAi.requests()
                .getLast()
                .body()
                .getJsonArray("messages")
                .getJsonObject(0)
                .getString("content");
        assertThat(system)
                .startsWith("You help customers.")
                .contains("[1] returns.txt")
                .contains(RETURNS);
    }

    @Test
    void should_search_for_a_follow_up_as_the_apps_model_rewrote_it() {
        AppConfig online = new AppConfig(
                "Follow-ups",
                "You help customers.",
                null,
                new ModelSettings("fake", "gpt-4o-mini", null, null, false),
                null,
                null,
                null,
                null,
                null,
                0,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        database.apps()
                .create(
                        "follow-up-app",
                        online.withKnowledge(
                                new KnowledgeLink(List.of(kb), 2, null, RetrievalMode.KEYWORD, null, null, true)));
        openAi.enqueue(ModelBehaviour.reply("可以，七天内无理由退货。"));
        TurnResult first = runtime.run(
                new AgentRequest("follow-up-app", true, "test", "f1", null, "买的东西能退吗", Map.of(), List.of(), null),
                null);
        assertThat(first.status()).isEqualTo(TurnStatus.OK);
        int before = openAi.requests().size();

        // "Who pays for shipping then?" has no word of the returns passage; the rewrite does.
        openAi.enqueue(ModelBehaviour.reply("查询：「退货的运费由谁承担」"), ModelBehaviour.reply("运费由买家承担。"));
        TurnResult second = runtime.run(
                new AgentRequest("follow-up-app", true, "test", "f1", null, "那邮费谁出？", Map.of(), List.of(), null), null);

        assertThat(second.text()).isEqualTo("运费由买家承担。");
        assertThat(second.citations()).extracting(c -> c.source()).containsExactly("returns.txt");
        var rewrite = openAi.requests().get(before).body().getJsonArray("messages");
        assertThat(rewrite.getJsonObject(0).getString("content"))
                .contains("standalone search query")
                .contains("user: 买的东西能退吗")
                .contains("assistant: 可以，七天内无理由退货。");
        assertThat(rewrite.getJsonObject(1).getString("content")).isEqualTo("那邮费谁出？");
    }

    @Test
    void should_answer_without_knowledge_when_nothing_relevant_is_found() {
        AppConfig offline = new AppConfig(
                "Quiet",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                0,
                "I do not know.",
                null,
                null,
                null,
                null,
                null,
                null);
        database.apps()
                .create(
                        "quiet-app",
                        offline.withKnowledge(
                                new KnowledgeLink(List.of(kb), 2, 0.95, RetrievalMode.VECTOR, null, null, null)));

        TurnResult result = runtime.run(
                new AgentRequest(
                        "quiet-app",
                        true,
                        "test",
                        "c1",
                        null,
                        "What is the capital of Peru?",
                        Map.of(),
                        List.of(),
                        null),
                null);

        assertThat(result.status()).isEqualTo(TurnStatus.OFFLINE);
        assertThat(result.text()).isEqualTo("I do not know.");
        assertThat(result.citations()).isEmpty();
    }

    /** Conversation memory in a map: the turn pipeline needs one, these tests do not look at it. */
    private static final class MapMemory implements ConversationMemory {
        private final Map<String, List<ChatEntry>> entries = new HashMap<>();

        @Override
        public synchronized List<ChatEntry> recent(String key, int max) {
            List<ChatEntry> all = entries.getOrDefault(key, List.of());
            return List.copyOf(all.subList(Math.max(0, all.size() - max), all.size()));
        }

        @Override
        public synchronized void append(String key, List<ChatEntry> added, int keep) {
            entries.computeIfAbsent(key, k -> new ArrayList<>()).addAll(added);
        }

        @Override
        public synchronized void clear(String key) {
            entries.remove(key);
        }
    }
}
