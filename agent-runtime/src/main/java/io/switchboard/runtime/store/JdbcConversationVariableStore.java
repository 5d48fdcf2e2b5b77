package io.switchboard.runtime.store;

import io.switchboard.runtime.workflow.ConversationVariableStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

final class JdbcConversationVariableStore implements ConversationVariableStore {
    private final Jdbc jdbc;

    JdbcConversationVariableStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, Object> load(String workflowId, String conversationId) {
        return jdbc.inTransaction("load conversation variables", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select values_json from workflow_conversation_vars where workflow_id = ? and conversation_id = ?")) {
                select.setString(1, workflowId);
                select.setString(2, conversationId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? WorkflowJson.readMap(rows.getString(1)) : Map.of();
                }
            }
        });
    }

    @Override
    public void save(String workflowId, String conversationId, Map<String, Object> values) {
        String json = WorkflowJson.write(values);
        jdbc.inTransaction("save conversation variables", connection -> {
            try (PreparedStatement update =
                    connection.prepareStatement("update workflow_conversation_vars set values_json = ?, updated_at = ?"
                            + " where workflow_id = ? and conversation_id = ?")) {
                update.setString(1, json);
                Jdbc.setInstant(update, 2, jdbc.now());
                update.setString(3, workflowId);
                update.setString(4, conversationId);
                if (update.executeUpdate() > 0) {
                    return null;
                }
            }
            // PostgreSQL aborts a transaction at a failed statement: a savepoint keeps it usable.
            java.sql.Savepoint beforeInsert = connection.setSavepoint();
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into workflow_conversation_vars (workflow_id, conversation_id, values_json, updated_at)"
                            + " values (?, ?, ?, ?)")) {
                insert.setString(1, workflowId);
                insert.setString(2, conversationId);
                insert.setString(3, json);
                Jdbc.setInstant(insert, 4, jdbc.now());
                insert.executeUpdate();
            } catch (SQLException e) {
                // A deleted workflow keeps no variables; a concurrent first save of the same key wins.
                if (!Jdbc.isForeignKeyViolation(e) && !Jdbc.isUniqueViolation(e)) {
                    throw e;
                }
                connection.rollback(beforeInsert);
            }
            return null;
        });
    }
}
