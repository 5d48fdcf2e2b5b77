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
import io.switchboard.runtime.app.FollowUpSettings;
import io.switchboard.runtime.app.MemorySettings;
import io.switchboard.runtime.app.QaPair;
import io.switchboard.runtime.app.SummarySettings;
import io.switchboard.runtime.memory.HazelcastConversationMemory;
import io.switchboard.runtime.memory.MemoryKeys;
import io.switchboard.runtime.model.LangChainModelInvoker;
import io.switchboard.runtime.model.ModelSettings;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.model.ProviderKind;
import io.switchboard.runtime.offline.EmbeddingQaMatcher;
import io.switchboard.runtime.security.SecretBox;
import io.switchboard.runtime.store.Database;
import io.switchboard.runtime.store.DatabaseConfig;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.ModelBehaviour;
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
    /** Where the work after a turn runs: inline (deterministic) unless a test needs it apart. */
    private volatile java.util.concurrent.Executor afterTurn = Runnable::run;

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
                .create(ProviderConfig.of(
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
                .summaries(database.summaries())
                .afterTurnExecutor(task -> afterTurn.execute(task))
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
        afterTurn = Runnable::run;
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
                null,
                null,
                null,
                null,
                null);
    }

    private TurnResult ask(String appId, boolean draft, String conversation, String text) {
        return runtime.run(
                new AgentRequest(appId, draft, "test", conversation, "u1", text, Map.of(), List.of(), null), null);
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
                null,
                null,
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

        assertThat(result.text()).isEqualTo(FixedReply.NO_IMAGES.in(Lang.BOTH));
        assertThat(result.status()).isEqualTo(TurnStatus.UNSUPPORTED);
        assertThat(model.requests()).isEmpty();
    }

    private TurnResult askWith(String appId, String conversation, String text, Attachment attachment) {
        return runtime.run(
                new AgentRequest(appId, false, "test", conversation, "u1", text, Map.of(), List.of(attachment), null),
                null);
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
        database.apps().create("mem", app("", null, new MemorySettings(4, 2000, null), "fake"));
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
        database.apps().create("budget", app("", null, new MemorySettings(10, 30, null), "fake"));
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
        database.apps().create("nomem", app("", null, new MemorySettings(0, 0, null), "fake"));
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

    @Test
    void should_send_the_default_fallback_in_the_users_language_unless_the_app_names_one() {
        database.apps().create("offline-any", offline(null, null));
        database.apps().publish("offline-any", null);
        database.apps().create("offline-en", offline("en-US", null));
        database.apps().publish("offline-en", null);
        database.apps().create("offline-own", offline("zh-CN", "请换个问法。"));
        database.apps().publish("offline-own", null);

        assertThat(ask("offline-any", false, "c1", "营业时间？").text()).isEqualTo("抱歉，这个问题我暂时无法回答。");
        assertThat(ask("offline-any", false, "c2", "opening hours?").text())
                .isEqualTo("Sorry, I don't know the answer to that yet.");
        assertThat(ask("offline-any", false, "c3", "???").text())
                .as("nothing tells the language: both")
                .isEqualTo(AppConfig.DEFAULT_FALLBACK);
        assertThat(ask("offline-en", false, "c1", "营业时间？").text())
                .as("the app's language wins over the user's")
                .isEqualTo("Sorry, I don't know the answer to that yet.");
        assertThat(ask("offline-own", false, "c1", "hours?").text())
                .as("an admin's own fallback is sent as written")
                .isEqualTo("请换个问法。");
    }

    @Test
    void should_tell_the_user_of_a_model_failure_in_the_apps_language() {
        database.apps().create("zh-fail", app("", "zh-Hans-CN", MemorySettings.DEFAULT, "fake"));
        database.apps().publish("zh-fail", null);
        model.enqueue(ModelBehaviour.fail(401, "bad key"));

        TurnResult result = ask("zh-fail", false, "c1", "hello");

        assertThat(result.failed()).isTrue();
        assertThat(result.text()).isEqualTo("AI 服务拒绝了请求，请联系管理员。");
    }

    @Test
    void should_refuse_a_reply_language_that_is_no_language_tag_and_keep_tags_canonical() {
        assertThat(app("", "zh-cn", MemorySettings.DEFAULT, "fake").replyLanguage())
                .isEqualTo("zh-CN");
        assertThat(app("", " ", MemorySettings.DEFAULT, "fake").replyLanguage()).isNull();
        for (String bad : List.of("Chinese please", "zh_CN!", "x-private", "12")) {
            assertThatThrownBy(() -> app("", bad, MemorySettings.DEFAULT, "fake"))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("replyLanguage must be a BCP-47 language tag");
        }
    }

    @Test
    void should_fold_what_leaves_the_window_into_a_summary_the_model_sees_at_turns_1_n_and_3n() {
        // A window of one turn (2 messages): N = 2 turns fill it, the summary starts after turn 2.
        database.apps()
                .create(
                        "sum",
                        app(
                                "Be brief.",
                                null,
                                new MemorySettings(2, 2000, new SummarySettings(0, null, null)),
                                "fake"));
        database.apps().publish("sum", null);
        String key = MemoryKeys.of("sum", false, "c1");

        // turn 1: no summary, no history
        ask("sum", false, "c1", "one");
        assertThat(model.requests()).hasSize(1);
        assertThat(lastMessages().getJsonObject(0).getString("content")).isEqualTo("Be brief.");
        assertThat(database.summaries().find(key)).isEmpty();

        // turn N = 2: the window holds turn 1, nothing has left it yet; afterwards turn 1 leaves it
        model.enqueue(ModelBehaviour.echo(), ModelBehaviour.reply("S2: the user said one."));
        ask("sum", false, "c1", "two");
        JsonArray second = model.requests().get(1).body().getJsonArray("messages");
        assertThat(second.getJsonObject(0).getString("content")).isEqualTo("Be brief.");
        assertThat(second.getJsonObject(1).getString("content")).isEqualTo("one");
        String foldRequest = model.requests()
                .get(2)
                .body()
                .getJsonArray("messages")
                .getJsonObject(1)
                .getString("content");
        assertThat(foldRequest)
                .contains("Current summary:\n(none yet)")
                .contains("User: one\nAssistant: echo: one (2 messages)")
                .doesNotContain("User: two");
        assertThat(database.summaries().find(key))
                .hasValueSatisfying(s -> assertThat(s.text()).isEqualTo("S2: the user said one."));

        for (int turn = 3; turn <= 5; turn++) {
            model.enqueue(ModelBehaviour.echo(), ModelBehaviour.reply("S" + turn + "."));
            ask("sum", false, "c1", "turn " + turn);
        }
        // turn 3N = 6: the summary written after turn 5 (which folded turn 4 into S4) comes before the window
        model.reset();
        TurnResult sixth = ask("sum", false, "c1", "six");
        assertThat(sixth.text()).isEqualTo("echo: six (4 messages)");
        JsonArray messages = model.requests().get(0).body().getJsonArray("messages");
        assertThat(messages.getJsonObject(0).getString("content"))
                .isEqualTo("Be brief.\n\nSummary of the earlier conversation:\nS5.");
        assertThat(messages.getJsonObject(1).getString("content")).isEqualTo("turn 5");
        String lastFold = model.requests()
                .get(1)
                .body()
                .getJsonArray("messages")
                .getJsonObject(1)
                .getString("content");
        assertThat(lastFold).contains("Current summary:\nS5.").contains("User: turn 5");
        assertThat(database.summaries().find(key)).isPresent();
        assertThat(database.summaries().find(MemoryKeys.of("sum", true, "c1")))
                .as("the draft's conversation is another one")
                .isEmpty();
    }

    @Test
    void should_keep_the_summary_within_its_bound_and_keep_the_old_one_when_the_model_fails() {
        database.apps()
                .create(
                        "bound",
                        app("", null, new MemorySettings(2, 2000, new SummarySettings(100, null, null)), "fake"));
        database.apps().publish("bound", null);
        String key = MemoryKeys.of("bound", false, "c1");
        ask("bound", false, "c1", "one");

        model.enqueue(ModelBehaviour.echo(), ModelBehaviour.reply("长".repeat(300)));
        ask("bound", false, "c1", "two");
        assertThat(database.summaries().find(key))
                .hasValueSatisfying(s -> assertThat(s.text()).hasSize(100));

        model.enqueue(ModelBehaviour.echo(), ModelBehaviour.fail(400, "no"));
        TurnResult third = ask("bound", false, "c1", "three");
        assertThat(third.failed()).as("a failed summary never fails the turn").isFalse();
        assertThat(database.summaries().find(key))
                .hasValueSatisfying(s -> assertThat(s.text()).isEqualTo("长".repeat(100)));
        assertThatThrownBy(() -> new SummarySettings(99, null, null)).hasMessageContaining("memory.summary.maxChars");
        assertThatThrownBy(() -> new SummarySettings(0, "p", null)).hasMessageContaining("memory.summary.modelName");
        assertThatThrownBy(() -> new MemorySettings(0, 0, new SummarySettings(0, null, null)))
                .hasMessageContaining("memory.lastMessages");
    }

    @Test
    void should_return_the_answer_while_a_slow_model_still_writes_the_summary() {
        database.apps()
                .create(
                        "sum-slow",
                        app("", null, new MemorySettings(2, 2000, new SummarySettings(0, null, null)), "fake"));
        database.apps().publish("sum-slow", null);
        String key = MemoryKeys.of("sum-slow", false, "c1");
        // After-turn work on virtual threads, as the gateway runs it; the fold after turn 2 takes 3 s to start.
        afterTurn = task -> Thread.ofVirtual().start(task);
        ask("sum-slow", false, "c1", "one");
        model.enqueue(ModelBehaviour.echo(), ModelBehaviour.slowFirstToken(Duration.ofSeconds(3)));

        TurnResult second = ask("sum-slow", false, "c1", "two");

        assertThat(second.text()).isEqualTo("echo: two (3 messages)");
        assertThat(database.summaries().find(key))
                .as("the answer never waits for the summary")
                .isEmpty();
        // ...which still comes (before the next test starts).
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> database.summaries().find(key).isPresent());
        assertThat(model.requests()).hasSize(3);
    }

    @Test
    void should_write_follow_ups_after_the_answer_and_log_them_with_the_turn() throws Exception {
        AppConfig base = app("", null, MemorySettings.DEFAULT, "fake");
        database.apps().create("fu", withFollowUps(base, new FollowUpSettings(2, null, null)));
        database.apps().publish("fu", null);
        model.enqueue(
                ModelBehaviour.echo(),
                ModelBehaviour.reply("[\"How much is it?\", \"Where is it sold?\", \"A third?\"]"));

        TurnResult result = ask("fu", false, "c1", "what is a widget");

        assertThat(result.text()).isEqualTo("echo: what is a widget (1 messages)");
        assertThat(result.followUps().toCompletableFuture().get())
                .containsExactly("How much is it?", "Where is it sold?");
        assertThat(model.requests()).hasSize(2);
        String prompt = model.requests()
                .get(1)
                .body()
                .getJsonArray("messages")
                .getJsonObject(1)
                .getString("content");
        assertThat(prompt).contains("User: what is a widget").contains("Assistant: echo: what is a widget");
        assertThat(recorded)
                .singleElement()
                .satisfies(log -> assertThat(log.followUps()).containsExactly("How much is it?", "Where is it sold?"));
    }

    @Test
    void should_return_the_answer_while_a_slow_model_still_writes_the_follow_ups() {
        AppConfig base = app("", null, MemorySettings.DEFAULT, "fake");
        database.apps().create("fu-slow", withFollowUps(base, new FollowUpSettings(2, null, null)));
        database.apps().publish("fu-slow", null);
        // After-turn work on virtual threads, as the gateway runs it. The answer at once; the model then
        // takes 3 s to start the follow-ups, far longer than the moment between the answer and the return.
        afterTurn = task -> Thread.ofVirtual().start(task);
        model.enqueue(ModelBehaviour.echo(), ModelBehaviour.slowFirstToken(Duration.ofSeconds(3)));

        TurnResult result = ask("fu-slow", false, "c1", "what is a widget");

        assertThat(result.text()).isEqualTo("echo: what is a widget (1 messages)");
        assertThat(result.followUps().toCompletableFuture())
                .as("the answer never waits for its follow-ups")
                .isNotDone();
        // ...which still come, and the turn is logged with them (before the next test starts).
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> result.followUps().toCompletableFuture().isDone() && !recorded.isEmpty());
        assertThat(model.requests()).hasSize(2);
    }

    @Test
    void should_offer_the_nearest_other_qa_questions_when_offline_and_none_when_off() throws Exception {
        List<QaPair> pairs = List.of(
                new QaPair("What are your opening hours?", "9 to 5."),
                new QaPair("When are you open on weekends?", "Saturdays 10 to 2."),
                new QaPair("How do I return a product?", "Bring it back within 30 days."),
                new QaPair("怎么退货？", "30天内退回。"));
        AppConfig offline = new AppConfig(
                "Offline",
                "",
                Map.of(),
                null,
                null,
                null,
                null,
                null,
                pairs,
                0,
                null,
                null,
                null,
                null,
                new FollowUpSettings(2, null, null),
                null,
                null);
        database.apps().create("fu-offline", offline);
        database.apps().publish("fu-offline", null);
        database.apps().create("fu-off", withFollowUps(offline, null));
        database.apps().publish("fu-off", null);

        TurnResult result = ask("fu-offline", false, "c1", "What are your opening hours?");
        TurnResult off = ask("fu-off", false, "c1", "What are your opening hours?");

        assertThat(result.text()).isEqualTo("9 to 5.");
        assertThat(result.followUps().toCompletableFuture().get())
                .as("other questions in the user's script, nearest first")
                .containsExactly("When are you open on weekends?", "How do I return a product?");
        assertThat(off.followUps().toCompletableFuture().get()).isEmpty();
        assertThatThrownBy(() -> new FollowUpSettings(6, null, null)).hasMessageContaining("followUps.count");
    }

    @Test
    void should_read_follow_ups_from_a_list_when_the_model_writes_no_json() {
        assertThat(FollowUpWriter.parse("1. First?\n2) Second?\n- Third?", 3))
                .containsExactly("First?", "Second?", "Third?");
        assertThat(FollowUpWriter.parse("（1）价格多少？\n（2）在哪买？", 5)).containsExactly("价格多少？", "在哪买？");
        assertThat(FollowUpWriter.parse("", 3)).isEmpty();
    }

    private static AppConfig withFollowUps(AppConfig config, FollowUpSettings followUps) {
        return new AppConfig(
                config.name(),
                config.systemPrompt(),
                config.variables(),
                config.model(),
                config.openingStatement(),
                config.suggestedQuestions(),
                config.memory(),
                config.replyLanguage(),
                config.qaPairs(),
                config.qaThreshold(),
                config.fallbackText(),
                config.skills(),
                config.speech(),
                config.knowledge(),
                followUps,
                null,
                null);
    }

    private static AppConfig offline(String language, String fallback) {
        return new AppConfig(
                "Offline", "", Map.of(), null, null, null, null, language, null, 0, fallback, null, null, null, null,
                null, null);
    }
}
