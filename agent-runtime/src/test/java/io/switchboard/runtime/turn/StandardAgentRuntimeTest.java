package io.switchboard.runtime.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.runtime.NotFoundException;
import io.switchboard.runtime.app.AppCatalog;
import io.switchboard.runtime.app.AppConfig;
import io.switchboard.runtime.app.MemorySettings;
import io.switchboard.runtime.memory.HazelcastConversationMemory;
import io.switchboard.runtime.model.LangChainModelInvoker;
import io.switchboard.runtime.model.ModelSettings;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.model.ProviderKind;
import io.switchboard.runtime.offline.EmbeddingQaMatcher;
import io.switchboard.runtime.security.SecretBox;
import io.switchboard.runtime.store.Database;
import io.switchboard.runtime.store.DatabaseConfig;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.RecordedRequest;
import io.vertx.core.json.JsonArray;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The turn pipeline with real parts: H2 store, a Hazelcast member, the LangChain4j client, a fake model. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandardAgentRuntimeTest {
    private Database database;
    private HazelcastInstance hazelcast;
    private FakeOpenAiServer model;
    private final List<TurnLog> recorded = new CopyOnWriteArrayList<>();
    private StandardAgentRuntime runtime;

    @BeforeAll
    void start(@TempDir Path dir) {
        database = Database.open(
                new DatabaseConfig("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), null, null, 4),
                SecretBox.fromBase64(SecretBox.generateKeyBase64()));
        Config config = new Config().setClusterName("runtime-" + UUID.randomUUID());
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        hazelcast = Hazelcast.newHazelcastInstance(config);
        model = FakeOpenAiServer.create().start();
        database.providers()
                .create(new ProviderConfig(
                        "fake",
                        "Fake",
                        ProviderKind.OPENAI_COMPATIBLE,
                        model.baseUrl(),
                        null,
                        Duration.ofSeconds(5),
                        0));
        AppCatalog catalog =
                AppCatalog.create(database.apps(), database.providers(), Duration.ofMinutes(1), Ticker.systemTicker());
        LangChainModelInvoker invoker = LangChainModelInvoker.create(Duration.ofMillis(1));
        runtime = StandardAgentRuntime.builder()
                .catalog(catalog)
                .memory(HazelcastConversationMemory.create(
                        hazelcast,
                        "runtime-test",
                        io.switchboard.runtime.security.SecretBox.fromBase64(
                                io.switchboard.runtime.security.SecretBox.generateKeyBase64())))
                .qaMatcher(EmbeddingQaMatcher.create())
                .models(invoker)
                .speech(invoker)
                .listener(turn -> {
                    throw new IllegalStateException("a broken listener must not break the turn");
                })
                .listener(recorded::add)
                .build();
    }

    @AfterAll
    void stop() {
        model.close();
        hazelcast.shutdown();
        database.close();
    }

    @BeforeEach
    void reset() {
        model.reset();
        recorded.clear();
    }

    private static AppConfig app(String prompt, String language, MemorySettings memory, String provider) {
        return new AppConfig(
                "Test",
                prompt,
                Map.of("company", "Acme"),
                new ModelSettings(provider, "m", null, null, false),
                null,
                null,
                memory,
                language,
                null,
                0,
                null,
                null,
                null);
    }

    private TurnResult ask(String appId, boolean draft, String conversation, String text) {
        return runtime.run(new AgentRequest(appId, draft, "test", conversation, "u1", text, Map.of(), List.of()), null);
    }

    @Test
    void should_show_a_vision_model_the_image_but_keep_only_a_placeholder_in_memory() {
        AppConfig text = app("", null, MemorySettings.DEFAULT, "fake");
        AppConfig vision = new AppConfig(
                text.name(),
                "",
                null,
                new ModelSettings("fake", "m", null, null, true),
                null,
                null,
                null,
                null,
                null,
                0,
                null,
                null,
                null);
        database.apps().create("vision", vision);
        database.apps().publish("vision", null);
        byte[] image = {1, 2, 3};

        askWith("vision", "v1", "what is it?", new Attachment(Attachment.Kind.IMAGE, "image/png", image));
        JsonArray parts = lastMessages().getJsonObject(0).getJsonArray("content");
        TurnResult next = ask("vision", false, "v1", "and now?");

        assertThat(parts.getJsonObject(1).getJsonObject("image_url").getString("url"))
                .isEqualTo("data:image/png;base64,AQID");
        assertThat(lastMessages().getJsonObject(0).getString("content")).isEqualTo("[image] what is it?");
        assertThat(next.text()).isEqualTo("echo: and now? (3 messages)");
        assertThat(recorded.getFirst().query()).isEqualTo("[image] what is it?");
    }

    @Test
    void should_answer_an_image_without_the_model_when_the_app_has_no_vision() {
        database.apps().create("blind", app("", null, MemorySettings.DEFAULT, "fake"));
        database.apps().publish("blind", null);

        TurnResult result =
                askWith("blind", "b1", "", new Attachment(Attachment.Kind.IMAGE, "image/jpeg", new byte[] {9}));

        assertThat(result.text()).isEqualTo(MediaTurn.NO_IMAGES);
        assertThat(result.status()).isEqualTo(TurnStatus.UNSUPPORTED);
        assertThat(model.requests()).isEmpty();
    }

    private TurnResult askWith(String appId, String conversation, String text, Attachment attachment) {
        return runtime.run(
                new AgentRequest(appId, false, "test", conversation, "u1", text, Map.of(), List.of(attachment)), null);
    }

    private JsonArray lastMessages() {
        RecordedRequest request = model.requests().getLast();
        return request.body().getJsonArray("messages");
    }

    @Test
    void should_render_variables_and_ask_for_the_reply_language() {
        database.apps().create("lang", app("You work for {{company}}.", "zh-CN", MemorySettings.DEFAULT, "fake"));
        database.apps().publish("lang", null);

        TurnResult result = ask("lang", false, "c1", "hello");

        assertThat(result.text()).isEqualTo("echo: hello (2 messages)");
        assertThat(result.appVersion()).isEqualTo(1);
        assertThat(lastMessages().getJsonObject(0).getString("content"))
                .isEqualTo("You work for Acme.\n\nAlways answer in this language: zh-CN.");
        assertThat(recorded).singleElement().satisfies(log -> {
            assertThat(log.status()).isEqualTo(TurnStatus.OK);
            assertThat(log.channel()).isEqualTo("test");
            assertThat(log.outputTokens()).isPositive();
        });
    }

    @Test
    void should_keep_draft_and_published_conversations_apart_and_forget_nothing_within_the_window() {
        database.apps().create("mem", app("", null, new MemorySettings(4, 2000), "fake"));
        database.apps().publish("mem", null);

        ask("mem", false, "c1", "one");
        ask("mem", false, "c1", "two");
        TurnResult third = ask("mem", false, "c1", "three");
        TurnResult draft = ask("mem", true, "c1", "draft");

        assertThat(third.text())
                .as("2 earlier turns = 4 messages, then this one")
                .isEqualTo("echo: three (5 messages)");
        assertThat(draft.text()).isEqualTo("echo: draft (1 messages)");
        assertThat(draft.appVersion()).isZero();
    }

    @Test
    void should_trim_memory_to_the_token_budget_oldest_first() {
        database.apps().create("budget", app("", null, new MemorySettings(10, 30), "fake"));
        database.apps().publish("budget", null);
        ask("budget", false, "c1", "x".repeat(200));
        ask("budget", false, "c1", "short");

        TurnResult third = ask("budget", false, "c1", "again");

        assertThat(third.text())
                .as("the short turn fits in 30 tokens, the long one before it does not")
                .isEqualTo("echo: again (3 messages)");
        assertThat(lastMessages().getJsonObject(0).getString("content")).isEqualTo("short");
    }

    @Test
    void should_send_no_history_when_memory_is_off() {
        database.apps().create("nomem", app("", null, new MemorySettings(0, 0), "fake"));
        database.apps().publish("nomem", null);
        ask("nomem", false, "c1", "first");

        TurnResult second = ask("nomem", false, "c1", "second");

        assertThat(second.text()).isEqualTo("echo: second (1 messages)");
    }

    @Test
    void should_fail_politely_when_the_provider_is_gone_and_refuse_unknown_or_unpublished_apps() {
        database.apps().create("orphan", app("", null, null, "missing"));
        database.apps().publish("orphan", null);
        database.apps().create("unpublished", app("", null, null, "fake"));

        TurnResult orphan = ask("orphan", false, "c1", "hi");

        assertThat(orphan.failed()).isTrue();
        assertThat(orphan.status()).isEqualTo(TurnStatus.ERROR);
        assertThat(orphan.text()).contains("administrator");
        assertThat(recorded.getLast().error()).contains("provider 'missing' does not exist");
        assertThatThrownBy(() -> ask("ghost", false, "c1", "hi")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> ask("unpublished", false, "c1", "hi")).isInstanceOf(NotFoundException.class);
        assertThat(ask("unpublished", true, "c1", "hi").text()).startsWith("echo: hi");
    }
}
