package io.switchboard.runtime.store;

import io.switchboard.runtime.memory.ConversationSummaries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

final class JdbcConversationSummaries implements ConversationSummaries {
    private final Jdbc jdbc;

    JdbcConversationSummaries(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Summary> find(String conversationKey) {
        return jdbc.inTransaction("read conversation summary", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select summary, updated_at from conversation_summaries where memory_key = ?")) {
                select.setString(1, conversationKey);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next()
                            ? Optional.of(new Summary(rows.getString(1), Jdbc.getInstant(rows, "updated_at")))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public void put(String conversationKey, String appId, String text) {
        if (text.length() > 4000) {
            throw new IllegalArgumentException("a conversation summary holds at most 4000 characters");
        }
        Instant now = jdbc.now();
        // Two members finishing turns of one conversation at once: one row either way, the later write wins.
        jdbc.inTransaction("store conversation summary", connection -> {
            if (update(connection, conversationKey, text, now) > 0) {
                return null;
            }
            try (PreparedStatement insert = connection.prepareStatement("insert into conversation_summaries"
                    + " (memory_key, app_id, summary, updated_at) values (?, ?, ?, ?) on conflict do nothing")) {
                insert.setString(1, conversationKey);
                insert.setString(2, appId);
                insert.setString(3, text);
                Jdbc.setInstant(insert, 4, now);
                if (insert.executeUpdate() == 0) {
                    update(connection, conversationKey, text, now);
                }
            }
            return null;
        });
    }

    private static int update(Connection connection, String key, String text, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update conversation_summaries set summary = ?, updated_at = ? where memory_key = ?")) {
            update.setString(1, text);
            Jdbc.setInstant(update, 2, now);
            update.setString(3, key);
            return update.executeUpdate();
        }
    }

    @Override
    public boolean delete(String conversationKey) {
        return jdbc.inTransaction("delete conversation summary", connection -> {
            try (PreparedStatement delete =
                    connection.prepareStatement("delete from conversation_summaries where memory_key = ?")) {
                delete.setString(1, conversationKey);
                return delete.executeUpdate() > 0;
            }
        });
    }
}
