package io.switchboard.runtime.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.switchboard.runtime.workflow.PausedRun;
import io.switchboard.runtime.workflow.PausedRunStore;
import io.switchboard.runtime.workflow.WorkflowGraph;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class JdbcPausedRunStore implements PausedRunStore {
    private static final String COLUMNS = "run_id, workflow_id, state_json, timeout_at, created_at";

    /** The JSON column: the paused run without the times, which have columns of their own. */
    record State(
            String runId,
            String workflowId,
            int version,
            WorkflowGraph graph,
            Map<String, Object> inputs,
            String conversationId,
            List<PausedRun.Finished> finished,
            String waiting,
            String prompt,
            List<String> actions,
            Map<String, Object> editable,
            PausedRun.Notify recipient,
            int tokens) {}

    private final Jdbc jdbc;

    JdbcPausedRunStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void save(PausedRun run) {
        String json = WorkflowJson.write(new State(
                run.runId(),
                run.workflowId(),
                run.version(),
                run.graph(),
                run.inputs(),
                run.conversationId(),
                run.finished(),
                run.waiting(),
                run.prompt(),
                run.actions(),
                run.editable(),
                run.recipient(),
                run.tokens()));
        jdbc.inTransaction("save paused run", connection -> {
            try (PreparedStatement delete =
                    connection.prepareStatement("delete from workflow_paused_runs where run_id = ?")) {
                delete.setString(1, run.runId());
                delete.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into workflow_paused_runs (" + COLUMNS + ", claimed_at) values (?, ?, ?, ?, ?, null)")) {
                insert.setString(1, run.runId());
                insert.setString(2, run.workflowId());
                insert.setString(3, json);
                Jdbc.setInstant(insert, 4, run.timeoutAt() == null ? null : Jdbc.truncate(run.timeoutAt()));
                Jdbc.setInstant(insert, 5, run.createdAt() == null ? jdbc.now() : Jdbc.truncate(run.createdAt()));
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
    public Optional<PausedRun> find(String workflowId, String runId) {
        List<PausedRun> found = select("where workflow_id = ? and run_id = ?", workflowId, runId, 0, 1);
        return found.stream().findFirst();
    }

    @Override
    public List<PausedRun> list(String workflowId, int offset, int limit) {
        Jdbc.requirePage(offset, limit);
        return select("where workflow_id = ? order by created_at, run_id", workflowId, null, offset, limit);
    }

    private List<PausedRun> select(String where, String workflowId, String runId, int offset, int limit) {
        return jdbc.inTransaction("find paused runs", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select " + COLUMNS + " from workflow_paused_runs " + where + " limit ? offset ?")) {
                int i = 1;
                select.setString(i++, workflowId);
                if (runId != null) {
                    select.setString(i++, runId);
                }
                select.setInt(i++, limit);
                select.setInt(i, offset);
                List<PausedRun> runs = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        runs.add(run(rows));
                    }
                }
                return runs;
            }
        });
    }

    private static PausedRun run(ResultSet rows) throws SQLException {
        State state = WorkflowJson.read(rows.getString("state_json"), new TypeReference<State>() {});
        return new PausedRun(
                state.runId(),
                state.workflowId(),
                state.version(),
                state.graph(),
                state.inputs(),
                state.conversationId(),
                state.finished(),
                state.waiting(),
                state.prompt(),
                state.actions(),
                state.editable(),
                Jdbc.getInstant(rows, "timeout_at"),
                state.recipient(),
                state.tokens(),
                Jdbc.getInstant(rows, "created_at"));
    }

    @Override
    public Optional<PausedRun> claim(String workflowId, String runId, Instant now, Duration staleAfter) {
        boolean claimed = jdbc.inTransaction("claim paused run", connection -> {
            try (PreparedStatement update = connection.prepareStatement("update workflow_paused_runs set claimed_at = ?"
                    + " where workflow_id = ? and run_id = ? and (claimed_at is null or claimed_at < ?)")) {
                Jdbc.setInstant(update, 1, Jdbc.truncate(now));
                update.setString(2, workflowId);
                update.setString(3, runId);
                Jdbc.setInstant(update, 4, Jdbc.truncate(now.minus(staleAfter)));
                return update.executeUpdate() == 1;
            }
        });
        return claimed ? find(workflowId, runId) : Optional.empty();
    }

    @Override
    public void release(String runId) {
        update("update workflow_paused_runs set claimed_at = null where run_id = ?", runId);
    }

    @Override
    public void delete(String runId) {
        update("delete from workflow_paused_runs where run_id = ?", runId);
    }

    private void update(String sql, String runId) {
        jdbc.inTransaction("update paused run", connection -> {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setString(1, runId);
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<String[]> dueForTimeout(Instant now, int limit) {
        return jdbc.inTransaction("find timed-out paused runs", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select workflow_id, run_id from"
                            + " workflow_paused_runs where timeout_at <= ? and claimed_at is null order by timeout_at limit ?")) {
                Jdbc.setInstant(select, 1, Jdbc.truncate(now));
                select.setInt(2, limit);
                List<String[]> due = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        due.add(new String[] {rows.getString(1), rows.getString(2)});
                    }
                }
                return due;
            }
        });
    }
}
