package io.switchboard.runtime.store;

import io.switchboard.runtime.memory.ConversationStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

final class JdbcConversationStore implements ConversationStore {
    private static final String UPDATE =
            "update conversation_memory set content = ?, updated_at = ? where conversation_key = ?";
    private static final String INSERT = "insert into conversation_memory (conversation_key, content, updated_at)"
            + " values (?, ?, ?) on conflict do nothing";
    /** Keys per {@code in (...)} list: well under both databases' parameter limits. */
    private static final int BATCH = 500;

    private final Jdbc jdbc;

    JdbcConversationStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public byte[] load(String conversationKey, Duration maxIdle) {
        return loadAll(List.of(conversationKey), maxIdle).get(conversationKey);
    }

    @Override
    public Map<String, byte[]> loadAll(Collection<String> conversationKeys, Duration maxIdle) {
        Instant since = maxIdle.isZero() ? Instant.EPOCH : jdbc.now().minus(maxIdle);
        return jdbc.inTransaction("load conversations", connection -> {
            Map<String, byte[]> found = new HashMap<>();
            for (List<String> batch : batches(conversationKeys)) {
                String sql = "select conversation_key, content from conversation_memory where updated_at > ?"
                        + " and conversation_key in (" + "?,".repeat(batch.size() - 1) + "?)";
                try (PreparedStatement select = connection.prepareStatement(sql)) {
                    Jdbc.setInstant(select, 1, since);
                    for (int i = 0; i < batch.size(); i++) {
                        select.setString(i + 2, batch.get(i));
                    }
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            found.put(rows.getString(1), rows.getBytes(2));
                        }
                    }
                }
            }
            return found;
        });
    }

    @Override
    public void store(String conversationKey, byte[] value) {
        storeAll(Map.of(conversationKey, value));
    }

    @Override
    public void storeAll(Map<String, byte[]> values) {
        values.keySet().forEach(JdbcConversationStore::check);
        if (values.isEmpty()) {
            return;
        }
        Instant now = jdbc.now();
        // One batch of updates, then one batch of inserts for the keys no row had: a write-behind batch of
        // 200 conversations is two statements, not 200-400 prepared and executed one by one.
        List<Map.Entry<String, byte[]>> all = List.copyOf(values.entrySet());
        jdbc.inTransaction("store conversations", connection -> {
            List<Map.Entry<String, byte[]>> missing = unchanged(all, update(connection, all, now));
            if (!missing.isEmpty()) {
                // Writes of one key come from its partition's owner one at a time, so the insert rarely
                // races; when it does (a partition moving), the row it lost to is updated.
                List<Map.Entry<String, byte[]>> raced = unchanged(missing, insert(connection, missing, now));
                if (!raced.isEmpty()) {
                    update(connection, raced, now);
                }
            }
            return null;
        });
    }

    @Override
    public void deleteAll(Collection<String> conversationKeys) {
        jdbc.inTransaction("delete conversations", connection -> {
            for (List<String> batch : batches(conversationKeys)) {
                String sql = "delete from conversation_memory where conversation_key in ("
                        + "?,".repeat(batch.size() - 1) + "?)";
                try (PreparedStatement delete = connection.prepareStatement(sql)) {
                    for (int i = 0; i < batch.size(); i++) {
                        delete.setString(i + 1, batch.get(i));
                    }
                    delete.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public int deleteIdle(Duration maxIdle) {
        Instant before = jdbc.now().minus(maxIdle);
        return jdbc.inTransaction("delete idle conversations", connection -> {
            try (PreparedStatement delete =
                    connection.prepareStatement("delete from conversation_memory where updated_at <= ?")) {
                Jdbc.setInstant(delete, 1, before);
                return delete.executeUpdate();
            }
        });
    }

    private static int[] update(Connection connection, List<Map.Entry<String, byte[]>> values, Instant now)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
            for (Map.Entry<String, byte[]> value : values) {
                update.setBytes(1, value.getValue());
                Jdbc.setInstant(update, 2, now);
                update.setString(3, value.getKey());
                update.addBatch();
            }
            return update.executeBatch();
        }
    }

    private static int[] insert(Connection connection, List<Map.Entry<String, byte[]>> values, Instant now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (Map.Entry<String, byte[]> value : values) {
                insert.setString(1, value.getKey());
                insert.setBytes(2, value.getValue());
                Jdbc.setInstant(insert, 3, now);
                insert.addBatch();
            }
            return insert.executeBatch();
        }
    }

    /**
     * The values whose statement changed no row. A driver that cannot tell ({@code SUCCESS_NO_INFO}) changed
     * it: both drivers report counts for these statements.
     */
    private static List<Map.Entry<String, byte[]>> unchanged(List<Map.Entry<String, byte[]>> values, int[] counts) {
        List<Map.Entry<String, byte[]>> none = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (counts[i] == 0) {
                none.add(values.get(i));
            }
        }
        return none;
    }

    private static List<List<String>> batches(Collection<String> keys) {
        List<String> all = new ArrayList<>(keys);
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < all.size(); from += BATCH) {
            batches.add(all.subList(from, Math.min(all.size(), from + BATCH)));
        }
        return batches;
    }

    private static void check(String conversationKey) {
        if (conversationKey == null || conversationKey.isEmpty() || conversationKey.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("conversation key must be 1-" + MAX_KEY_LENGTH + " characters");
        }
    }
}
