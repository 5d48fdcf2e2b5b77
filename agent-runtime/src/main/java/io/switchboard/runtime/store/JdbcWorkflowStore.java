package io.switchboard.runtime.store;

import io.switchboard.runtime.NotFoundException;
import io.switchboard.runtime.security.RandomIds;
import io.switchboard.runtime.workflow.Workflow;
import io.switchboard.runtime.workflow.WorkflowGraph;
import io.switchboard.runtime.workflow.WorkflowRun;
import io.switchboard.runtime.workflow.WorkflowStore;
import io.switchboard.runtime.workflow.WorkflowVersion;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class JdbcWorkflowStore implements WorkflowStore {
    private static final String COLUMNS = "id, name, draft_json, published_version, created_at, updated_at";
    private static final String RUN_COLUMNS =
            "id, workflow_id, version, status, error, trace_json, latency_ms, created_at";

    private final Jdbc jdbc;

    JdbcWorkflowStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Workflow create(String name, WorkflowGraph draft) {
        Instant now = jdbc.now();
        Workflow workflow = new Workflow(newId(), name, draft, null, now, now);
        return jdbc.inTransaction("create workflow", connection -> {
            insert(connection, workflow);
            return workflow;
        });
    }

    /** A fresh workflow id. */
    static String newId() {
        return RandomIds.base62("wf-", 12).toLowerCase();
    }

    /** Inserts {@code workflow} and, when it has a published version, that version with the draft's graph. */
    static void insert(java.sql.Connection connection, Workflow workflow) throws SQLException {
        try (PreparedStatement insert =
                connection.prepareStatement("insert into workflows (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, workflow.id());
            insert.setString(2, workflow.name());
            insert.setString(3, WorkflowJson.write(workflow.draft()));
            if (workflow.publishedVersion() == null) {
                insert.setNull(4, java.sql.Types.INTEGER);
            } else {
                insert.setInt(4, workflow.publishedVersion());
            }
            Jdbc.setInstant(insert, 5, workflow.createdAt());
            Jdbc.setInstant(insert, 6, workflow.updatedAt());
            insert.executeUpdate();
        }
        if (workflow.publishedVersion() != null) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into workflow_versions (workflow_id, version, graph_json, created_at) values (?, ?, ?, ?)")) {
                insert.setString(1, workflow.id());
                insert.setInt(2, workflow.publishedVersion());
                insert.setString(3, WorkflowJson.write(workflow.draft()));
                Jdbc.setInstant(insert, 4, workflow.createdAt());
                insert.executeUpdate();
            }
        }
    }

    @Override
    public Optional<Workflow> find(String id) {
        return jdbc.inTransaction("find workflow", connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("select " + COLUMNS + " from workflows where id = ?")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(workflow(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Workflow> list(int offset, int limit) {
        Jdbc.requirePage(offset, limit);
        return jdbc.inTransaction("list workflows", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select " + COLUMNS + " from workflows order by created_at, id limit ? offset ?")) {
                select.setInt(1, limit);
                select.setInt(2, offset);
                List<Workflow> found = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(workflow(rows));
                    }
                }
                return found;
            }
        });
    }

    @Override
    public Workflow update(String id, String name, WorkflowGraph draft) {
        Instant now = jdbc.now();
        jdbc.inTransaction("update workflow", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update workflows set name = ?, draft_json = ?, updated_at = ? where id = ?")) {
                update.setString(1, name);
                update.setString(2, WorkflowJson.write(draft));
                Jdbc.setInstant(update, 3, now);
                update.setString(4, id);
                if (update.executeUpdate() == 0) {
                    throw new NotFoundException("workflow '" + id + "' not found");
                }
            }
            return null;
        });
        return find(id).orElseThrow(() -> new NotFoundException("workflow '" + id + "' not found"));
    }

    @Override
    public WorkflowVersion publish(String id) {
        Instant now = jdbc.now();
        return jdbc.inTransaction("publish workflow", connection -> {
            String draft;
            try (PreparedStatement select =
                    connection.prepareStatement("select draft_json from workflows where id = ? for update")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        throw new NotFoundException("workflow '" + id + "' not found");
                    }
                    draft = rows.getString(1);
                }
            }
            int version;
            try (PreparedStatement max = connection.prepareStatement(
                    "select coalesce(max(version), 0) from workflow_versions where workflow_id = ?")) {
                max.setString(1, id);
                try (ResultSet rows = max.executeQuery()) {
                    rows.next();
                    version = rows.getInt(1) + 1;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into workflow_versions (workflow_id, version, graph_json, created_at) values (?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setInt(2, version);
                insert.setString(3, draft);
                Jdbc.setInstant(insert, 4, now);
                insert.executeUpdate();
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "update workflows set published_version = ?, updated_at = ? where id = ?")) {
                update.setInt(1, version);
                Jdbc.setInstant(update, 2, now);
                update.setString(3, id);
                update.executeUpdate();
            }
            return new WorkflowVersion(id, version, WorkflowJson.graph(draft, id), now);
        });
    }

    @Override
    public Optional<WorkflowVersion> findVersion(String id, int version) {
        return jdbc.inTransaction("find workflow version", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select graph_json, created_at from workflow_versions where workflow_id = ? and version = ?")) {
                select.setString(1, id);
                select.setInt(2, version);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next()
                            ? Optional.of(new WorkflowVersion(
                                    id,
                                    version,
                                    WorkflowJson.graph(rows.getString(1), id),
                                    Jdbc.getInstant(rows, "created_at")))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean delete(String id) {
        return jdbc.inTransaction("delete workflow", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("delete from workflows where id = ?")) {
                delete.setString(1, id);
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void saveRun(WorkflowRun run) {
        jdbc.inTransaction("save workflow run", connection -> {
            // A paused run is saved again when it resumes: the newer outcome replaces it.
            try (PreparedStatement delete = connection.prepareStatement("delete from workflow_runs where id = ?")) {
                delete.setString(1, run.id());
                delete.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into workflow_runs (" + RUN_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, run.id());
                insert.setString(2, run.workflowId());
                insert.setInt(3, run.version());
                insert.setString(4, run.status().wireName());
                insert.setString(5, run.error());
                insert.setString(
                        6, WorkflowJson.write(new WorkflowJson.Trace(run.outputs(), run.nodes(), run.tokens())));
                insert.setLong(7, run.latencyMs());
                Jdbc.setInstant(insert, 8, run.createdAt() == null ? jdbc.now() : Jdbc.truncate(run.createdAt()));
                insert.executeUpdate();
            } catch (SQLException e) {
                if (!Jdbc.isForeignKeyViolation(e)) {
                    throw e;
                }
            }
            return null;
        });
    }

    @Override
    public Optional<WorkflowRun> findRun(String workflowId, String runId) {
        List<WorkflowRun> runs = runs("where workflow_id = ? and id = ?", workflowId, runId, 0, 1, true);
        return runs.stream().findFirst();
    }

    @Override
    public List<WorkflowRun> listRuns(String workflowId, int offset, int limit) {
        Jdbc.requirePage(offset, limit);
        return runs("where workflow_id = ?", workflowId, null, offset, limit, false);
    }

    private List<WorkflowRun> runs(
            String where, String workflowId, String runId, int offset, int limit, boolean withNodes) {
        return jdbc.inTransaction("list workflow runs", connection -> {
            try (PreparedStatement select = connection.prepareStatement("select " + RUN_COLUMNS + " from workflow_runs "
                    + where + " order by created_at desc, id desc limit ? offset ?")) {
                int next = 1;
                select.setString(next++, workflowId);
                if (runId != null) {
                    select.setString(next++, runId);
                }
                select.setInt(next++, limit);
                select.setInt(next, offset);
                List<WorkflowRun> found = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        WorkflowJson.Trace trace = WorkflowJson.trace(rows.getString("trace_json"));
                        found.add(new WorkflowRun(
                                rows.getString("id"),
                                rows.getString("workflow_id"),
                                rows.getInt("version"),
                                WorkflowRun.Status.parse(rows.getString("status")),
                                trace.outputs() == null ? Map.of() : trace.outputs(),
                                rows.getString("error"),
                                withNodes ? trace.nodes() : List.of(),
                                rows.getLong("latency_ms"),
                                trace.tokens(),
                                Jdbc.getInstant(rows, "created_at")));
                    }
                }
                return found;
            }
        });
    }

    private static Workflow workflow(ResultSet rows) throws SQLException {
        String id = rows.getString("id");
        return new Workflow(
                id,
                rows.getString("name"),
                WorkflowJson.graph(rows.getString("draft_json"), id),
                Jdbc.getNullableInt(rows, "published_version"),
                Jdbc.getInstant(rows, "created_at"),
                Jdbc.getInstant(rows, "updated_at"));
    }
}
