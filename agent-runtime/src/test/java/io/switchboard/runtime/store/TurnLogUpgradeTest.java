package io.switchboard.runtime.store;

import static io.switchboard.runtime.store.StoreFixtures.T0;
import static io.switchboard.runtime.store.StoreFixtures.turn;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.runtime.security.SecretBox;
import io.switchboard.runtime.turn.TurnLog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A log written before V8 (UUID key, conversation index) survives the move to sequence keys and buckets. */
class TurnLogUpgradeTest {
    private final TestPostgresSchema postgres = new TestPostgresSchema("up_");

    @TempDir
    Path directory;

    @AfterEach
    void dropSchema() {
        postgres.drop();
    }

    @Test
    void should_keep_and_find_by_conversation_the_turns_logged_before_the_upgrade_on_h2() throws Exception {
        upgradeAndCheck(new DatabaseConfig("jdbc:h2:file:" + directory.resolve("old"), "sa", null, 4), null);
    }

    @Test
    void should_keep_and_find_by_conversation_the_turns_logged_before_the_upgrade_on_postgresql() throws Exception {
        DatabaseConfig config = postgres.create("upgrade");
        String schema = config.jdbcUrl().substring(config.jdbcUrl().indexOf("currentSchema=") + 14);
        upgradeAndCheck(config, schema);
    }

    private void upgradeAndCheck(DatabaseConfig config, String schema) throws Exception {
        String password = config.password() == null ? null : config.password().reveal();
        String url = Database.jdbcUrl(config.jdbcUrl()); // with the H2 options the gateway uses
        var flyway = Flyway.configure()
                .dataSource(url, config.username(), password)
                .locations("classpath:db/migration")
                .target("7");
        if (schema != null) {
            flyway.schemas(schema).defaultSchema(schema);
        }
        flyway.load().migrate();
        try (Connection connection = DriverManager.getConnection(url, config.username(), password)) {
            insertOldTurn(connection, "old-1", "alpha", 0);
            insertOldTurn(connection, "old-2", "beta", 1);
            insertOldTurn(connection, "old-3", "alpha", 2);
        }

        try (Database database = Database.open(config, SecretBox.fromBase64(SecretBox.generateKeyBase64()))) {
            database.turnLogs().append(List.of(turn("new-1", "upgraded", "alpha", T0.plusSeconds(10))));

            assertThat(database.turnLogs().list("upgraded", "alpha", 0, 10))
                    .extracting(TurnLog::id)
                    .containsExactly("new-1", "old-3", "old-1");
            assertThat(database.turnLogs().count("upgraded", "alpha")).isEqualTo(3);
            assertThat(database.turnLogs().count("upgraded", "beta")).isEqualTo(1);
            assertThat(database.turnLogs().count("upgraded", null)).isEqualTo(4);
        }
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
