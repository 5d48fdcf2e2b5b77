package io.switchboard.runtime.store;

import static io.switchboard.runtime.store.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.runtime.app.App;
import io.switchboard.runtime.knowledge.KnowledgeLink;
import io.switchboard.runtime.knowledge.RetrievalMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.List;

/** A knowledge link stored beside the app before V90 moves into its draft and its published version. */
class KnowledgeLinkUpgradeTest extends UpgradeContract {
    private static final String CONFIG = "{\"name\":\"%s\",\"systemPrompt\":\"Hi\",\"qaThreshold\":0.8}";

    @Override
    String oldVersion() {
        return "10"; // the newest migration before V90 on this branch
    }

    @Override
    void writeOldRows(Connection connection) throws Exception {
        insertApp(connection, "linked", 2);
        insertVersion(connection, "linked", 1);
        insertVersion(connection, "linked", 2);
        insertApp(connection, "draft-only", null);
        insertApp(connection, "unlinked", null);
        insertLink(
                connection,
                "linked",
                "{\"appId\":\"linked\",\"knowledgeBaseIds\":[\"kb_a\",\"kb_b\"],"
                        + "\"topK\":3,\"scoreThreshold\":0.4,\"mode\":\"keyword\"}");
        insertLink(connection, "draft-only", "{\"appId\":\"draft-only\",\"knowledgeBaseIds\":[\"kb_a\"]}");
    }

    @Override
    void checkUpgraded(Database database) {
        KnowledgeLink expected =
                new KnowledgeLink(List.of("kb_a", "kb_b"), 3, 0.4, RetrievalMode.KEYWORD, null, null, null);
        App linked = database.apps().find("linked").orElseThrow();
        assertThat(linked.draft().knowledge()).isEqualTo(expected);
        assertThat(linked.draft().systemPrompt()).isEqualTo("Hi");
        assertThat(database.apps()
                        .findVersion("linked", 2)
                        .orElseThrow()
                        .config()
                        .knowledge())
                .isEqualTo(expected);
        assertThat(database.apps()
                        .findVersion("linked", 1)
                        .orElseThrow()
                        .config()
                        .knowledge())
                .as("an older version was not served with the link as it is now")
                .isNull();
        assertThat(database.apps().find("draft-only").orElseThrow().draft().knowledge())
                .isEqualTo(new KnowledgeLink(List.of("kb_a"), null, null, null, null, null, null));
        assertThat(database.apps().find("unlinked").orElseThrow().draft().knowledge())
                .isNull();
    }

    private static void insertApp(Connection connection, String id, Integer published) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("insert into apps (id, draft_json, provider_id,"
                + " published_version, created_at, updated_at) values (?, ?, null, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, CONFIG.formatted(id));
            insert.setObject(3, published);
            insert.setTimestamp(4, Timestamp.from(T0));
            insert.setTimestamp(5, Timestamp.from(T0));
            insert.executeUpdate();
        }
    }

    private static void insertVersion(Connection connection, String appId, int version) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("insert into app_versions (app_id, version,"
                + " config_json, provider_id, note, created_at) values (?, ?, ?, null, null, ?)")) {
            insert.setString(1, appId);
            insert.setInt(2, version);
            insert.setString(3, CONFIG.formatted(appId + " v" + version));
            insert.setTimestamp(4, Timestamp.from(T0));
            insert.executeUpdate();
        }
    }

    private static void insertLink(Connection connection, String appId, String settings) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into app_knowledge (app_id, settings_json, updated_at) values (?, ?, ?)")) {
            insert.setString(1, appId);
            insert.setString(2, settings);
            insert.setTimestamp(3, Timestamp.from(T0));
            insert.executeUpdate();
        }
    }
}
