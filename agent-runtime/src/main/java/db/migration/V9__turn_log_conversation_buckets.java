package db.migration;

import io.switchboard.runtime.store.ConversationBuckets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Fills {@code turn_logs.conversation_bucket} for turns logged before V8: the bucket is computed in Java
 * ({@link ConversationBuckets}), which no SQL both H2 and PostgreSQL understand can reproduce.
 */
public final class V9__turn_log_conversation_buckets extends BaseJavaMigration {
    private static final int BATCH = 1_000;

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        // Chunks by key, each read completely before it is updated: H2 does not promise a cursor's
        // behaviour over rows updated while it is open.
        try (PreparedStatement select = connection.prepareStatement("select seq, conversation_id from turn_logs"
                        + " where seq > ? and conversation_bucket is null order by seq limit " + BATCH);
                PreparedStatement update =
                        connection.prepareStatement("update turn_logs set conversation_bucket = ? where seq = ?")) {
            long after = Long.MIN_VALUE;
            while (true) {
                select.setLong(1, after);
                List<Map.Entry<Long, String>> chunk = new ArrayList<>(BATCH);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        chunk.add(new AbstractMap.SimpleEntry<>(rows.getLong(1), rows.getString(2)));
                    }
                }
                if (chunk.isEmpty()) {
                    return;
                }
                for (Map.Entry<Long, String> row : chunk) {
                    update.setInt(1, ConversationBuckets.of(row.getValue()));
                    update.setLong(2, row.getKey());
                    update.addBatch();
                }
                update.executeBatch();
                after = chunk.getLast().getKey();
            }
        }
    }
}
