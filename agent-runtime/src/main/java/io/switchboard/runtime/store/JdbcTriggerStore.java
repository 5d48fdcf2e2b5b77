package io.switchboard.runtime.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.switchboard.runtime.security.RandomIds;
import io.switchboard.runtime.workflow.TriggerStore;
import io.switchboard.runtime.workflow.WorkflowTrigger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class JdbcTriggerStore implements TriggerStore {
    private static final String COLUMNS =
            "id, workflow_id, kind, cron, time_zone, inputs_json, mapping_json, secret_hash, enabled, created_at";

    private final Jdbc jdbc;

    JdbcTriggerStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public WorkflowTrigger create(WorkflowTrigger trigger) {
        WorkflowTrigger created = new WorkflowTrigger(
                RandomIds.base62("tr-", 16).toLowerCase(),
                trigger.workflowId(),
                trigger.kind(),
                trigger.cron(),
                trigger.timeZone(),
                trigger.inputs(),
                trigger.mapping(),
                trigger.secretHash(),
                trigger.enabled(),
                jdbc.now());
        return jdbc.inTransaction("create trigger", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into workflow_triggers (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, created.id());
                insert.setString(2, created.workflowId());
                insert.setString(3, created.kind().wireName());
                insert.setString(4, created.cron());
                insert.setString(5, created.timeZone());
                insert.setString(6, WorkflowJson.write(created.inputs()));
                insert.setString(7, WorkflowJson.write(created.mapping()));
                insert.setString(8, created.secretHash());
                insert.setBoolean(9, created.enabled());
                Jdbc.setInstant(insert, 10, created.createdAt());
                insert.executeUpdate();
            } catch (SQLException e) {
                if (Jdbc.isForeignKeyViolation(e)) {
                    throw new io.switchboard.runtime.NotFoundException(
                            "workflow '" + created.workflowId() + "' does not exist");
                }
                throw e;
            }
            return created;
        });
    }

    @Override
    public Optional<WorkflowTrigger> find(String triggerId) {
        return select("where id = ?", triggerId).stream().findFirst();
    }

    @Override
    public List<WorkflowTrigger> list(String workflowId) {
        return select("where workflow_id = ? order by created_at, id", workflowId);
    }

    @Override
    public List<WorkflowTrigger> schedules() {
        return select("where kind = ? and enabled = true", WorkflowTrigger.Kind.SCHEDULE.wireName());
    }

    private List<WorkflowTrigger> select(String where, String value) {
        return jdbc.inTransaction("find triggers", connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("select " + COLUMNS + " from workflow_triggers " + where)) {
                select.setString(1, value);
                List<WorkflowTrigger> triggers = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        triggers.add(new WorkflowTrigger(
                                rows.getString("id"),
                                rows.getString("workflow_id"),
                                WorkflowTrigger.Kind.parse(rows.getString("kind")),
                                rows.getString("cron"),
                                rows.getString("time_zone"),
                                WorkflowJson.readMap(rows.getString("inputs_json")),
                                WorkflowJson.read(
                                        rows.getString("mapping_json"), new TypeReference<Map<String, String>>() {}),
                                rows.getString("secret_hash"),
                                rows.getBoolean("enabled"),
                                Jdbc.getInstant(rows, "created_at")));
                    }
                }
                return triggers;
            }
        });
    }

    @Override
    public boolean delete(String workflowId, String triggerId) {
        return jdbc.inTransaction("delete trigger", connection -> {
            try (PreparedStatement delete =
                    connection.prepareStatement("delete from workflow_triggers where workflow_id = ? and id = ?")) {
                delete.setString(1, workflowId);
                delete.setString(2, triggerId);
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean claimTick(String triggerId, Instant tick) {
        return jdbc.inTransaction("claim trigger tick", connection -> {
            try (PreparedStatement prune = connection.prepareStatement(
                    "delete from workflow_trigger_ticks where trigger_id = ? and tick_at < ?")) {
                prune.setString(1, triggerId);
                Jdbc.setInstant(prune, 2, Jdbc.truncate(tick.minusSeconds(7 * 24 * 3600)));
                prune.executeUpdate();
            }
            // PostgreSQL aborts a transaction at a failed statement: a savepoint keeps it usable.
            java.sql.Savepoint beforeInsert = connection.setSavepoint();
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into workflow_trigger_ticks (trigger_id, tick_at) values (?, ?)")) {
                insert.setString(1, triggerId);
                Jdbc.setInstant(insert, 2, Jdbc.truncate(tick));
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (Jdbc.isUniqueViolation(e) || Jdbc.isForeignKeyViolation(e)) {
                    connection.rollback(beforeInsert);
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public Optional<String> rememberIdempotencyKey(String triggerId, String key, String runId) {
        return jdbc.inTransaction("remember idempotency key", connection -> {
            // PostgreSQL aborts a transaction at a failed statement: a savepoint keeps it usable.
            java.sql.Savepoint beforeInsert = connection.setSavepoint();
            try (PreparedStatement insert = connection.prepareStatement("insert into workflow_trigger_keys"
                    + " (trigger_id, idempotency_key, run_id, created_at) values (?, ?, ?, ?)")) {
                insert.setString(1, triggerId);
                insert.setString(2, key);
                insert.setString(3, runId);
                Jdbc.setInstant(insert, 4, jdbc.now());
                insert.executeUpdate();
                return Optional.<String>empty();
            } catch (SQLException e) {
                if (!Jdbc.isUniqueViolation(e)) {
                    throw e;
                }
                connection.rollback(beforeInsert);
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "select run_id from workflow_trigger_keys where trigger_id = ? and idempotency_key = ?")) {
                select.setString(1, triggerId);
                select.setString(2, key);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }
}
