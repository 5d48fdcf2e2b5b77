package io.switchboard.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.runtime.NotFoundException;
import io.switchboard.runtime.security.Secret;
import io.switchboard.runtime.security.SecretBox;
import io.switchboard.runtime.tool.StoredToolProvider;
import io.switchboard.runtime.workflow.NodeTrace;
import io.switchboard.runtime.workflow.Workflow;
import io.switchboard.runtime.workflow.WorkflowGraph;
import io.switchboard.runtime.workflow.WorkflowRun;
import io.switchboard.runtime.workflow.WorkflowStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Workflow and tool-provider stores on H2 and, when configured, PostgreSQL (own schema per run). */
class SkillStoresTest {
    private static final WorkflowGraph GRAPH;

    static {
        try {
            GRAPH = new ObjectMapper()
                    .readValue(
                            "{\"description\":\"d\",\"nodes\":[{\"id\":\"start\",\"type\":\"start\",\"config\":{\"inputs\":[]}}],\"edges\":[]}",
                            WorkflowGraph.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static WorkflowGraph graph() {
        return GRAPH;
    }

    static Stream<String> databases() {
        String pg = System.getenv("SWITCHBOARD_TEST_PG_URL");
        return pg == null || pg.isBlank() ? Stream.of("h2") : Stream.of("h2", "postgresql");
    }

    private DatabaseConfig config;

    Database open(String kind) throws Exception {
        SecretBox secrets = SecretBox.create(new byte[SecretBox.KEY_BYTES]);
        if (kind.equals("h2")) {
            config = new DatabaseConfig("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", null, 2);
            return Database.open(config, secrets);
        }
        String url = System.getenv("SWITCHBOARD_TEST_PG_URL");
        String user = System.getenv("SWITCHBOARD_TEST_PG_USER");
        String password = System.getenv("SWITCHBOARD_TEST_PG_PASSWORD");
        String schema = "s_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("create schema " + schema);
        }
        config = new DatabaseConfig(
                url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                user,
                Secret.ofNullable(password),
                2);
        return Database.open(config, secrets);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void should_keep_drafts_versions_and_runs_of_workflows(String kind) throws Exception {
        try (Database database = open(kind)) {
            WorkflowStore store = database.workflows();
            Workflow created = store.create("First", GRAPH);
            assertThat(store.find(created.id()).orElseThrow().draft()).isEqualTo(GRAPH);
            assertThat(store.publish(created.id()).version()).isEqualTo(1);
            assertThat(store.publish(created.id()).version()).isEqualTo(2);
            Workflow renamed = store.update(created.id(), "Renamed", GRAPH);
            assertThat(renamed.name()).isEqualTo("Renamed");
            assertThat(renamed.publishedVersion()).isEqualTo(2);
            assertThat(store.findVersion(created.id(), 1).orElseThrow().graph()).isEqualTo(GRAPH);
            assertThat(store.list(0, 10)).extracting(Workflow::id).containsExactly(created.id());
            assertThatThrownBy(() -> store.update("wf-missing", "x", GRAPH)).isInstanceOf(NotFoundException.class);

            NodeTrace trace = new NodeTrace(
                    "start", "start", NodeTrace.Status.SUCCEEDED, Map.of("a", 1), Map.of("b", "x"), null, 1, 0, 12, 0);
            WorkflowRun run = new WorkflowRun(
                    "run-1",
                    created.id(),
                    2,
                    WorkflowRun.Status.SUCCEEDED,
                    Map.of("out", "x"),
                    null,
                    List.of(trace),
                    3,
                    7,
                    Instant.now());
            store.saveRun(run);
            WorkflowRun stored = store.findRun(created.id(), "run-1").orElseThrow();
            assertThat(stored.nodes()).containsExactly(trace);
            assertThat(stored.outputs()).containsEntry("out", "x");
            assertThat(stored.tokens()).isEqualTo(7);
            assertThat(store.listRuns(created.id(), 0, 10))
                    .singleElement()
                    .satisfies(r -> assertThat(r.nodes()).isEmpty());

            assertThat(store.delete(created.id())).isTrue();
            assertThat(store.findRun(created.id(), "run-1")).isEmpty();
            assertThat(store.findVersion(created.id(), 1)).isEmpty();
            store.saveRun(run); // a run of a deleted workflow is dropped, not an error
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void should_seal_tool_provider_settings_at_rest(String kind) throws Exception {
        try (Database database = open(kind)) {
            StoredToolProvider created =
                    database.toolProviders().create("openapi", "Pets", "d", "{\"secret\":\"tok-123\"}");
            assertThat(database.toolProviders().find(created.id()).orElseThrow().settingsJson())
                    .isEqualTo("{\"secret\":\"tok-123\"}");
            List<String> raw = new ArrayList<>();
            try (Connection connection = DriverManager.getConnection(
                            Database.jdbcUrl(config.jdbcUrl()),
                            config.username(),
                            config.password() == null ? null : config.password().reveal());
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("select settings_enc from tool_providers")) {
                while (rows.next()) {
                    raw.add(rows.getString(1));
                }
            }
            assertThat(raw)
                    .singleElement()
                    .satisfies(value -> assertThat(value).startsWith("v1:").doesNotContain("tok-123"));
            assertThat(database.toolProviders().list())
                    .extracting(StoredToolProvider::id)
                    .containsExactly(created.id());
            assertThat(database.toolProviders().delete(created.id())).isTrue();
            assertThat(database.toolProviders().list()).isEmpty();
        }
    }
}
