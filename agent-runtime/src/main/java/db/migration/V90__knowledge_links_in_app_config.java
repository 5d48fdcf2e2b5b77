package db.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Moves each app's knowledge link from {@code app_knowledge} into its configuration ({@code knowledge} of
 * the draft and of the published version), then drops the table: links are versioned with the app from
 * now on. Earlier versions keep no link (they were served with whatever link was current). JSON is edited
 * in Java because H2 and PostgreSQL share no JSON functions.
 */
public final class V90__knowledge_links_in_app_config extends BaseJavaMigration {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    record Link(String appId, String settingsJson) {}

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        List<Link> links = new ArrayList<>();
        try (Statement select = connection.createStatement();
                ResultSet rows = select.executeQuery("select app_id, settings_json from app_knowledge")) {
            while (rows.next()) {
                links.add(new Link(rows.getString(1), rows.getString(2)));
            }
        }
        try (PreparedStatement app =
                        connection.prepareStatement("select draft_json, published_version from apps where id = ?");
                PreparedStatement draft = connection.prepareStatement("update apps set draft_json = ? where id = ?");
                PreparedStatement version = connection.prepareStatement(
                        "select config_json from app_versions" + " where app_id = ? and version = ?");
                PreparedStatement published = connection.prepareStatement(
                        "update app_versions set config_json = ? where app_id = ? and version = ?")) {
            for (Link link : links) {
                ObjectNode settings = (ObjectNode) JSON.readTree(link.settingsJson());
                settings.remove("appId");
                app.setString(1, link.appId());
                String draftJson;
                Integer publishedVersion;
                try (ResultSet rows = app.executeQuery()) {
                    if (!rows.next()) {
                        continue;
                    }
                    draftJson = rows.getString(1);
                    int number = rows.getInt(2);
                    publishedVersion = rows.wasNull() ? null : number;
                }
                draft.setString(1, withKnowledge(draftJson, settings));
                draft.setString(2, link.appId());
                draft.executeUpdate();
                if (publishedVersion == null) {
                    continue;
                }
                version.setString(1, link.appId());
                version.setInt(2, publishedVersion);
                String configJson;
                try (ResultSet rows = version.executeQuery()) {
                    if (!rows.next()) {
                        continue;
                    }
                    configJson = rows.getString(1);
                }
                published.setString(1, withKnowledge(configJson, settings));
                published.setString(2, link.appId());
                published.setInt(3, publishedVersion);
                published.executeUpdate();
            }
        }
        try (Statement drop = connection.createStatement()) {
            drop.execute("drop table app_knowledge");
        }
    }

    private static String withKnowledge(String configJson, JsonNode settings) throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(configJson);
        config.set("knowledge", settings);
        return JSON.writeValueAsString(config);
    }
}
