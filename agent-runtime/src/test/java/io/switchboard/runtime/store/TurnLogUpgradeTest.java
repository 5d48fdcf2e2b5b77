package io.switchboard.runtime.store;

import static io.switchboard.runtime.store.StoreFixtures.T0;
import static io.switchboard.runtime.store.StoreFixtures.turn;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.runtime.turn.TurnLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.List;

/** A log written before V8 (UUID key, conversation index) survives the move to sequence keys and buckets. */
class TurnLogUpgradeTest extends UpgradeContract {
    @Override
    String oldVersion() {
        return "7";
    }

    @Override
    void writeOldRows(Connection connection) throws Exception {
        insertOldTurn(connection, "old-1", "alpha", 0);
        insertOldTurn(connection, "old-2", "beta", 1);
        insertOldTurn(connection, "old-3", "alpha", 2);
    }

    @Override
    void checkUpgraded(Database database) {
        database.turnLogs().append(List.of(turn("new-1", "upgraded", "alpha", T0.plusSeconds(10))));

        assertThat(database.turnLogs().list("upgraded", "alpha", 0, 10))
                .extracting(TurnLog::id)
                .containsExactly("new-1", "old-3", "old-1");
        assertThat(database.turnLogs().count("upgraded", "alpha")).isEqualTo(3);
        assertThat(database.turnLogs().count("upgraded", "beta")).isEqualTo(1);
        assertThat(database.turnLogs().count("upgraded", null)).isEqualTo(4);
    }

    private static void insertOldTurn(Connection connection, String id, String conversation, int second)
            throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("insert into turn_logs (id, app_id, app_version,"
                + " channel, conversation_id, user_id, query, answer, status, latency_ms, first_token_ms,"
                + " input_tokens, output_tokens, created_at) values (?, 'upgraded', 1, 'web', ?, 'u', 'q', 'a',"
                + " 'ok', 1, 1, 1, 1, ?)")) {
            insert.setString(1, id);
            insert.setString(2, conversation);
            insert.setTimestamp(3, Timestamp.from(T0.plusSeconds(second)));
            insert.executeUpdate();
        }
    }
}
