package io.switchboard.runtime.store;

import static io.switchboard.runtime.store.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.runtime.access.ResourceKind;
import io.switchboard.runtime.access.Workspace;
import io.switchboard.runtime.access.WorkspaceRole;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;

/** Before V70 there were no workspaces: every row and every administrator lands in the default one. */
class WorkspaceUpgradeTest extends UpgradeContract {
    @Override
    String oldVersion() {
        return "42"; // the newest migration before V70 on this branch
    }

    @Override
    void writeOldRows(Connection connection) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("insert into apps (id, draft_json, provider_id,"
                + " published_version, created_at, updated_at) values ('old-app', '{\"name\":\"Old\"}', null, null,"
                + " ?, ?)")) {
            insert.setTimestamp(1, Timestamp.from(T0));
            insert.setTimestamp(2, Timestamp.from(T0));
            insert.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("insert into workflows (id, name, draft_json,"
                + " published_version, created_at, updated_at) values ('old-flow', 'Old', '{}', null, ?, ?)")) {
            insert.setTimestamp(1, Timestamp.from(T0));
            insert.setTimestamp(2, Timestamp.from(T0));
            insert.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into admin_users (username, password_hash, created_at) values ('root', 'x', ?)")) {
            insert.setTimestamp(1, Timestamp.from(T0));
            insert.executeUpdate();
        }
    }

    @Override
    void checkUpgraded(Database database) {
        var workspaces = database.workspaces();
        assertThat(workspaces.role(Workspace.DEFAULT_ID, "root")).contains(WorkspaceRole.OWNER);
        assertThat(workspaces.assignments(ResourceKind.APP)).containsEntry("old-app", Workspace.DEFAULT_ID);
        assertThat(workspaces.assignments(ResourceKind.WORKFLOW)).containsEntry("old-flow", Workspace.DEFAULT_ID);
        assertThat(workspaces.workspaceOf(ResourceKind.APP, "old-app")).isEqualTo(Workspace.DEFAULT_ID);
    }
}
