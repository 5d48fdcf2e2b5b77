package io.switchboard.runtime.store;

import static io.switchboard.runtime.store.StoreFixtures.configUsing;
import static io.switchboard.runtime.store.StoreFixtures.offlineConfig;
import static io.switchboard.runtime.store.StoreFixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.runtime.ConflictException;
import io.switchboard.runtime.NotFoundException;
import io.switchboard.runtime.access.ApiKeys;
import io.switchboard.runtime.app.App;
import io.switchboard.runtime.app.AppConfig;
import io.switchboard.runtime.app.AppVersion;
import io.switchboard.runtime.appfile.AppFileStore;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.model.ProviderKind;
import io.switchboard.runtime.model.ProviderLimits;
import io.switchboard.runtime.model.ProviderOptions;
import io.switchboard.runtime.security.Secret;
import io.switchboard.runtime.security.SecretBox;
import io.switchboard.runtime.workflow.WorkflowGraph;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every database behind {@link Database} must do: written once, run against H2 and PostgreSQL.
 * Apps, providers and migrations here; keys, admins and logs in {@link AccessAndLogContract}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreContractTest extends AccessAndLogContract {
    static final String MASTER_KEY = SecretBox.generateKeyBase64();

    private DatabaseConfig config;
    protected Database database;

    /** A database this test class may fill and empty at will. */
    protected abstract DatabaseConfig config();

    @BeforeAll
    void openDatabase() {
        config = config();
        database = Database.open(config, SecretBox.fromBase64(MASTER_KEY));
    }

    @AfterAll
    void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        try (Connection connection = raw();
                Statement statement = connection.createStatement()) {
            for (String table : List.of(
                    "turn_logs", "channel_bindings", "api_keys", "app_versions", "apps", "providers", "admin_users")) {
                statement.executeUpdate("delete from " + table);
            }
        }
    }

    @Override
    protected Database database() {
        return database;
    }

    /** A plain JDBC connection beside the pool, to look at what is really stored. */
    protected Connection raw() throws SQLException {
        String password = config.password() == null ? null : config.password().reveal();
        return DriverManager.getConnection(Database.jdbcUrl(config.jdbcUrl()), config.username(), password);
    }

    @Test
    void should_create_and_find_app_with_its_whole_draft() {
        App created = database.apps().create("shop-bot", configUsing("openai", "Shop bot"));

        App found = database.apps().find("shop-bot").orElseThrow();

        assertThat(found).isEqualTo(created);
        assertThat(found.draft()).isEqualTo(configUsing("openai", "Shop bot"));
        assertThat(found.publishedVersion()).isNull();
        assertThat(database.apps().find("no-such-app")).isEmpty();
    }

    @Test
    void should_refuse_an_app_id_that_is_taken() {
        database.apps().create("taken", offlineConfig("First"));

        assertThatThrownBy(() -> database.apps().create("taken", offlineConfig("Second")))
                .isInstanceOf(ConflictException.class)
                .hasMessage("app 'taken' already exists");
        assertThat(database.apps().find("taken").orElseThrow().draft().name()).isEqualTo("First");
    }

    @Test
    void should_say_which_app_is_unknown() {
        assertThatThrownBy(() -> database.apps().updateDraft("ghost", offlineConfig("x")))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("app 'ghost' not found");
        assertThatThrownBy(() -> database.apps().publish("ghost", null)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> database.apps().rollback("ghost", 1)).isInstanceOf(NotFoundException.class);
        assertThat(database.apps().delete("ghost")).isFalse();
    }

    @Test
    void should_list_apps_by_id_in_pages() {
        for (String id : List.of("c-app", "a-app", "e-app", "b-app", "d-app")) {
            database.apps().create(id, offlineConfig(id));
        }

        assertThat(database.apps().list(0, 2)).extracting(App::id).containsExactly("a-app", "b-app");
        assertThat(database.apps().list(2, 2)).extracting(App::id).containsExactly("c-app", "d-app");
        assertThat(database.apps().list(4, 2)).extracting(App::id).containsExactly("e-app");
        assertThat(database.apps().list(5, 2)).isEmpty();
    }

    @Test
    void should_replace_the_draft_and_leave_the_published_version_alone() {
        database.apps().create("editable", offlineConfig("Before"));
        AppVersion published = database.apps().publish("editable", "first");

        App updated = database.apps().updateDraft("editable", configUsing("openai", "After"));

        assertThat(updated.draft().name()).isEqualTo("After");
        assertThat(updated.publishedVersion()).isEqualTo(1);
        assertThat(database.apps().find("editable").orElseThrow()).isEqualTo(updated);
        assertThat(database.apps().findVersion("editable", 1).orElseThrow()).isEqualTo(published);
        assertThat(published.config().name()).isEqualTo("Before");
    }

    @Test
    void should_number_versions_on_each_publish_and_roll_back_to_an_earlier_one() {
        database.apps().create("versioned", offlineConfig("v1"));
        AppVersion first = database.apps().publish("versioned", "launch");
        database.apps().updateDraft("versioned", offlineConfig("v2"));
        AppVersion second = database.apps().publish("versioned", null);

        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(database.apps().find("versioned").orElseThrow().publishedVersion())
                .isEqualTo(2);
        assertThat(database.apps().versions("versioned")).containsExactly(second, first);

        App rolledBack = database.apps().rollback("versioned", 1);

        assertThat(rolledBack.publishedVersion()).isEqualTo(1);
        assertThat(rolledBack.draft().name()).isEqualTo("v2");
        assertThat(database.apps()
                        .findVersion("versioned", 1)
                        .orElseThrow()
                        .config()
                        .name())
                .isEqualTo("v1");
        assertThatThrownBy(() -> database.apps().rollback("versioned", 3))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("version 3 of app 'versioned' not found");
        assertThat(database.apps().findVersion("versioned", 3)).isEmpty();
    }

    @Test
    void should_give_concurrent_publishes_distinct_consecutive_numbers() throws Exception {
        database.apps().create("busy", offlineConfig("Busy"));
        List<Callable<AppVersion>> publishes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String note = "publish " + i;
            publishes.add(() -> database.apps().publish("busy", note));
        }

        List<Integer> numbers = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<AppVersion> result : threads.invokeAll(publishes)) {
                numbers.add(result.get().version());
            }
        }

        assertThat(numbers).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(database.apps().versions("busy")).hasSize(8);
        assertThat(database.apps().find("busy").orElseThrow().publishedVersion())
                .isEqualTo(8);
    }

    @Test
    void should_ignore_properties_it_does_not_know_when_reading_a_draft() throws SQLException {
        database.apps().create("newer", offlineConfig("Old name"));
        try (Connection connection = raw();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("update apps set draft_json ="
                    + " '{\"name\":\"From a newer release\",\"laterFeature\":{\"x\":1}}' where id = 'newer'");
        }

        AppConfig draft = database.apps().find("newer").orElseThrow().draft();

        assertThat(draft.name()).isEqualTo("From a newer release");
        assertThat(draft.qaThreshold()).isEqualTo(AppConfig.DEFAULT_QA_THRESHOLD);
    }

    @Test
    void should_delete_an_app_with_its_versions_keys_and_logs() {
        database.apps().create("doomed", offlineConfig("Doomed"));
        database.apps().create("survivor", offlineConfig("Survivor"));
        database.apps().publish("doomed", null);
        database.apiKeys().create(ApiKeys.generate("doomed", "ci").stored());
        database.turnLogs().append(List.of(StoreFixtures.turn("t1", "doomed", "c1", StoreFixtures.T0)));
        database.turnLogs().append(List.of(StoreFixtures.turn("t2", "survivor", "c1", StoreFixtures.T0)));

        assertThat(database.apps().delete("doomed")).isTrue();

        assertThat(database.apps().find("doomed")).isEmpty();
        assertThat(database.apps().versions("doomed")).isEmpty();
        assertThat(database.apiKeys().listByApp("doomed")).isEmpty();
        assertThat(database.turnLogs().count("doomed", null)).isZero();
        assertThat(database.turnLogs().count("survivor", null)).isEqualTo(1);
        assertThat(database.apps().delete("doomed")).isFalse();
    }

    @Test
    void should_keep_the_provider_key_encrypted_at_rest_and_return_it_decrypted() throws SQLException {
        String clearKey = "sk-live-4f9a1c7e2b";
        database.providers().create(provider("deepseek", clearKey));

        String stored;
        try (Connection connection = raw();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select api_key_enc from providers where id = 'deepseek'")) {
            rows.next();
            stored = rows.getString(1);
        }

        assertThat(stored).startsWith("v1:").doesNotContain(clearKey);
        ProviderConfig found = database.providers().find("deepseek").orElseThrow();
        assertThat(found.apiKey().reveal()).isEqualTo(clearKey);
        assertThat(found).isEqualTo(provider("deepseek", clearKey));
    }

    @Test
    void should_seal_every_extra_key_at_rest_and_keep_the_limits_and_the_order_of_the_keys() throws SQLException {
        ProviderLimits limits =
                new ProviderLimits(30, 40, 5, Duration.ofSeconds(12), 8, Duration.ofMillis(250), Duration.ofMinutes(2));
        ProviderConfig provider = new ProviderConfig(
                "rotating",
                "Rotating",
                ProviderKind.OPENAI_COMPATIBLE,
                "https://api.example.com/v1",
                Secret.of("sk-first-key-0001"),
                Duration.ofSeconds(30),
                1,
                List.of(Secret.of("sk-second-key-0002"), Secret.of("sk-third-key-0003")),
                limits);
        database.providers().create(provider);

        String stored;
        String storedLimits;
        try (Connection connection = raw();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "select extra_keys_enc, limits_json from providers where id = 'rotating'")) {
            rows.next();
            stored = rows.getString(1);
            storedLimits = rows.getString(2);
        }

        assertThat(stored.split("\n"))
                .hasSize(2)
                .allSatisfy(part -> assertThat(part).startsWith("v1:"));
        assertThat(stored).doesNotContain("sk-second-key-0002", "sk-third-key-0003");
        assertThat(storedLimits).contains("\"failureRateThreshold\":30");
        ProviderConfig found = database.providers().find("rotating").orElseThrow();
        assertThat(found).isEqualTo(provider);
        assertThat(found.keys())
                .extracting(Secret::reveal)
                .containsExactly("sk-first-key-0001", "sk-second-key-0002", "sk-third-key-0003");

        database.providers()
                .update(new ProviderConfig(
                        "rotating",
                        "Rotating",
                        ProviderKind.OPENAI_COMPATIBLE,
                        "https://api.example.com/v1",
                        Secret.of("sk-first-key-0001"),
                        Duration.ofSeconds(30),
                        1,
                        List.of(),
                        null));
        ProviderConfig reset = database.providers().find("rotating").orElseThrow();
        assertThat(reset.extraKeys()).isEmpty();
        assertThat(reset.limits()).isEqualTo(ProviderLimits.DEFAULT);
    }

    @Test
    void should_store_hosted_provider_options_and_keep_their_key_sealed() throws SQLException {
        ProviderConfig gemini = new ProviderConfig(
                "gemini",
                "Gemini",
                ProviderKind.GEMINI,
                "https://generativelanguage.googleapis.com/v1beta",
                Secret.of("AIza-clear-key-123"),
                java.time.Duration.ofSeconds(30),
                1,
                new ProviderOptions(2048, null, java.util.Map.of("HARM_CATEGORY_HARASSMENT", "BLOCK_ONLY_HIGH")));
        ProviderConfig azure = new ProviderConfig(
                "azure",
                null,
                ProviderKind.AZURE_OPENAI,
                "https://contoso.openai.azure.com",
                Secret.of("azure-clear-key-456"),
                null,
                0,
                new ProviderOptions(null, "2024-10-21", null));
        ProviderConfig anthropic = new ProviderConfig(
                "anthropic", null, ProviderKind.ANTHROPIC, "https://api.anthropic.com/v1", null, null, 0, null);
        database.providers().create(gemini);
        database.providers().create(azure);
        database.providers().create(anthropic);

        assertThat(database.providers().find("gemini")).contains(gemini);
        assertThat(database.providers().find("azure")).contains(azure);
        // Anthropic's defaults were filled in when the record was built, and are stored as such.
        assertThat(database.providers().find("anthropic").orElseThrow().options())
                .isEqualTo(new ProviderOptions(
                        ProviderOptions.DEFAULT_ANTHROPIC_MAX_TOKENS, ProviderOptions.DEFAULT_ANTHROPIC_VERSION, null));
        try (Connection connection = raw();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "select api_key_enc, options from providers where id in ('gemini', 'azure') order by id")) {
            while (rows.next()) {
                assertThat(rows.getString(1)).startsWith("v1:").doesNotContain("clear-key");
                assertThat(rows.getString(2)).doesNotContain("clear-key");
            }
        }
        ProviderConfig moved = new ProviderConfig(
                "azure",
                null,
                ProviderKind.AZURE_OPENAI,
                "https://contoso.openai.azure.com",
                azure.apiKey(),
                null,
                0,
                new ProviderOptions(null, "2025-04-01-preview", null));
        database.providers().update(moved);
        assertThat(database.providers().find("azure").orElseThrow().options().apiVersion())
                .isEqualTo("2025-04-01-preview");
    }

    @Test
    void should_create_update_list_and_refuse_duplicate_providers() {
        database.providers().create(provider("zeta", null));
        database.providers().create(provider("alpha", "k1"));

        assertThatThrownBy(() -> database.providers().create(provider("alpha", "k2")))
                .isInstanceOf(ConflictException.class)
                .hasMessage("provider 'alpha' already exists");
        assertThatThrownBy(() -> database.providers().update(provider("nobody", null)))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("provider 'nobody' not found");

        database.providers().update(provider("zeta", "now-with-key"));

        assertThat(database.providers().list()).extracting(ProviderConfig::id).containsExactly("alpha", "zeta");
        assertThat(database.providers().find("zeta").orElseThrow().apiKey().reveal())
                .isEqualTo("now-with-key");
        assertThat(database.providers().find("alpha").orElseThrow().apiKey().reveal())
                .isEqualTo("k1");
    }

    @Test
    void should_refuse_to_delete_a_provider_while_an_app_draft_uses_it() {
        database.providers().create(provider("openai", "k"));
        database.apps().create("uses-openai", configUsing("openai", "Bot"));

        assertThatThrownBy(() -> database.providers().delete("openai"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("provider 'openai' is used by app 'uses-openai'");
        assertThat(database.providers().find("openai")).isPresent();

        database.apps().updateDraft("uses-openai", offlineConfig("Bot"));

        assertThat(database.providers().delete("openai")).isTrue();
        assertThat(database.providers().delete("openai")).isFalse();
    }

    @Test
    void should_refuse_to_delete_a_provider_the_published_version_still_uses() {
        database.providers().create(provider("ollama", null));
        database.apps().create("live", configUsing("ollama", "Live"));
        database.apps().publish("live", null);
        database.apps().updateDraft("live", offlineConfig("Live"));

        assertThatThrownBy(() -> database.providers().delete("ollama"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("used by app 'live'");
    }

    @Test
    void should_fail_clearly_when_opened_with_another_master_key() {
        assertThatThrownBy(() -> Database.open(config, SecretBox.fromBase64(SecretBox.generateKeyBase64())))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("master key does not match");
    }

    @Test
    void should_leave_an_existing_database_as_it_is_when_opened_again() throws SQLException {
        database.apps().create("kept", offlineConfig("Kept"));

        try (Database again = Database.open(config, SecretBox.fromBase64(MASTER_KEY))) {
            assertThat(again.apps().find("kept")).isPresent();
            assertThat(again.healthy()).isTrue();
        }

        try (Connection connection = raw();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "select count(*), count(distinct version) from flyway_schema_history where type = 'SQL'")) {
            rows.next();
            assertThat(rows.getInt(1))
                    .as("every migration applied once")
                    .isEqualTo(rows.getInt(2))
                    .isEqualTo(migrations());
        }
        assertThat(database.healthy()).isTrue();
    }

    private static int migrations() {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration"))) {
            return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void should_seal_channel_settings_at_rest_and_open_them_on_read() throws SQLException {
        database.apps().create("bound", offlineConfig("Bound"));
        String settings = "{\"appSecret\":\"wx-secret-value-123\",\"token\":\"tok\"}";

        var binding = database.channelBindings().create("bound", "wechat-mp", settings);

        assertThat(binding.id()).startsWith("ch_");
        assertThat(database.channelBindings().find(binding.id()).orElseThrow().configJson())
                .isEqualTo(settings);
        try (Connection connection = raw();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select config_enc from channel_bindings")) {
            rows.next();
            assertThat(rows.getString(1)).startsWith("v1:").doesNotContain("wx-secret-value-123");
        }
        assertThat(binding.toString()).doesNotContain("wx-secret-value-123");
    }

    @Test
    void should_list_update_disable_and_delete_channel_bindings() {
        database.apps().create("bound", offlineConfig("Bound"));
        var first = database.channelBindings().create("bound", "telegram", "{\"n\":1}");
        var second = database.channelBindings().create("bound", "wecom", "{\"n\":2}");

        var updated = database.channelBindings().update(first.id(), "{\"n\":3}", false);

        assertThat(updated.enabled()).isFalse();
        assertThat(database.channelBindings().listByApp("bound"))
                .extracting(b -> b.id())
                .containsExactly(first.id(), second.id());
        assertThat(database.channelBindings().listEnabledByType("telegram")).isEmpty();
        assertThat(database.channelBindings().listEnabledByType("wecom"))
                .extracting(b -> b.configJson())
                .containsExactly("{\"n\":2}");
        assertThat(database.channelBindings().delete(second.id())).isTrue();
        assertThat(database.channelBindings().delete(second.id())).isFalse();
        assertThatThrownBy(() -> database.channelBindings().update("ch_missing", "{}", true))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void should_refuse_a_binding_of_an_unknown_app_and_drop_bindings_with_their_app() {
        assertThatThrownBy(() -> database.channelBindings().create("ghost", "telegram", "{}"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("ghost");
        database.apps().create("bound", offlineConfig("Bound"));
        var binding = database.channelBindings().create("bound", "telegram", "{}");

        database.apps().delete("bound");

        assertThat(database.channelBindings().find(binding.id())).isEmpty();
    }

    @Test
    void should_import_an_app_with_its_workflows_in_one_transaction_or_not_at_all() {
        WorkflowGraph graph = new WorkflowGraph("flow", List.of(), List.of());
        String first = database.appFiles().newWorkflowId();
        App imported = database.appFiles()
                .importApp(
                        "imported",
                        offlineConfig("Imported"),
                        List.of(new AppFileStore.NewWorkflow(first, "Flow", graph, true)),
                        true,
                        "imported");

        assertThat(imported.publishedVersion()).isEqualTo(1);
        assertThat(database.apps().findVersion("imported", 1).orElseThrow().note())
                .isEqualTo("imported");
        assertThat(database.workflows().find(first).orElseThrow().publishedVersion())
                .isEqualTo(1);
        assertThat(database.workflows().findVersion(first, 1).orElseThrow().graph())
                .isEqualTo(graph);

        // The app id is taken: the workflow written before the app in the same transaction is rolled back.
        String second = database.appFiles().newWorkflowId();
        assertThatThrownBy(() -> database.appFiles()
                        .importApp(
                                "imported",
                                offlineConfig("Again"),
                                List.of(new AppFileStore.NewWorkflow(second, "Flow 2", graph, false)),
                                false,
                                null))
                .isInstanceOf(ConflictException.class);
        assertThat(database.workflows().find(second)).isEmpty();
        assertThat(database.apps().find("imported").orElseThrow().draft().name())
                .isEqualTo("Imported");
        database.workflows().delete(first);
    }
}
