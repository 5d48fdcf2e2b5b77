package io.switchboard.runtime.store;

import io.switchboard.runtime.ConflictException;
import io.switchboard.runtime.access.ResourceKind;
import io.switchboard.runtime.access.Workspace;
import io.switchboard.runtime.access.WorkspaceInvite;
import io.switchboard.runtime.access.WorkspaceMember;
import io.switchboard.runtime.access.WorkspaceRole;
import io.switchboard.runtime.access.WorkspaceStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

final class JdbcWorkspaceStore implements WorkspaceStore {
    private static final String INVITE_COLUMNS = "id, workspace_id, username, email, role, token_hash, invited_by,"
            + " created_at, expires_at, accepted_at, accepted_by";

    private final Jdbc jdbc;

    JdbcWorkspaceStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean create(Workspace workspace, String owner) {
        try {
            return jdbc.inTransaction("create workspace", connection -> {
                try (PreparedStatement insert =
                        connection.prepareStatement("insert into workspaces (id, name, created_at) values (?, ?, ?)")) {
                    insert.setString(1, workspace.id());
                    insert.setString(2, workspace.name());
                    Jdbc.setInstant(insert, 3, Jdbc.truncate(workspace.createdAt()));
                    insert.executeUpdate();
                } catch (SQLException e) {
                    if (Jdbc.isUniqueViolation(e)) {
                        throw new ConflictException("workspace '" + workspace.id() + "' already exists");
                    }
                    throw e;
                }
                insertMember(connection, workspace.id(), owner, WorkspaceRole.OWNER);
                return true;
            });
        } catch (ConflictException e) {
            return false;
        }
    }

    @Override
    public Optional<Workspace> find(String id) {
        return jdbc.inTransaction("find workspace", connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("select id, name, created_at from workspaces where id = ?")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(workspace(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean rename(String id, String name) {
        return jdbc.inTransaction("rename workspace", connection -> {
            try (PreparedStatement update =
                    connection.prepareStatement("update workspaces set name = ? where id = ?")) {
                update.setString(1, name);
                update.setString(2, id);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<Membership> workspacesOf(String username) {
        return jdbc.inTransaction("list workspaces of a user", connection -> {
            try (PreparedStatement select = connection.prepareStatement("select w.id, w.name, w.created_at, m.role"
                    + " from workspaces w join workspace_members m on m.workspace_id = w.id"
                    + " where m.username = ? order by w.id")) {
                select.setString(1, username);
                List<Membership> out = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        out.add(new Membership(workspace(rows), WorkspaceRole.of(rows.getString("role"))));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Optional<WorkspaceRole> role(String workspaceId, String username) {
        return jdbc.inTransaction("find workspace role", connection -> roleIn(connection, workspaceId, username));
    }

    @Override
    public List<WorkspaceMember> members(String workspaceId) {
        return jdbc.inTransaction("list workspace members", connection -> {
            try (PreparedStatement select = connection.prepareStatement("select workspace_id, username, role, added_at"
                    + " from workspace_members where workspace_id = ? order by username")) {
                select.setString(1, workspaceId);
                List<WorkspaceMember> out = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        out.add(new WorkspaceMember(
                                rows.getString("workspace_id"),
                                rows.getString("username"),
                                WorkspaceRole.of(rows.getString("role")),
                                Jdbc.getInstant(rows, "added_at")));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Outcome putMember(String workspaceId, String username, WorkspaceRole role) {
        return jdbc.inTransaction("put workspace member", connection -> {
            lockWorkspace(connection, workspaceId);
            Optional<WorkspaceRole> current = roleIn(connection, workspaceId, username);
            if (current.isEmpty()) {
                insertMember(connection, workspaceId, username, role);
                return Outcome.DONE;
            }
            if (current.get() == WorkspaceRole.OWNER
                    && role != WorkspaceRole.OWNER
                    && owners(connection, workspaceId) <= 1) {
                return Outcome.LAST_OWNER;
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "update workspace_members set role = ? where workspace_id = ? and username = ?")) {
                update.setString(1, role.wireName());
                update.setString(2, workspaceId);
                update.setString(3, username);
                update.executeUpdate();
            }
            return Outcome.DONE;
        });
    }

    @Override
    public Outcome removeMember(String workspaceId, String username) {
        return jdbc.inTransaction("remove workspace member", connection -> {
            lockWorkspace(connection, workspaceId);
            Optional<WorkspaceRole> current = roleIn(connection, workspaceId, username);
            if (current.isEmpty()) {
                return Outcome.NOT_FOUND;
            }
            if (current.get() == WorkspaceRole.OWNER && owners(connection, workspaceId) <= 1) {
                return Outcome.LAST_OWNER;
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "delete from workspace_members where workspace_id = ? and username = ?")) {
                delete.setString(1, workspaceId);
                delete.setString(2, username);
                delete.executeUpdate();
            }
            return Outcome.DONE;
        });
    }

    @Override
    public boolean adoptOwnerless(String workspaceId, String username) {
        return jdbc.inTransaction("adopt ownerless workspace", connection -> {
            if (!lockWorkspace(connection, workspaceId) || owners(connection, workspaceId) > 0) {
                return false;
            }
            if (roleIn(connection, workspaceId, username).isPresent()) {
                try (PreparedStatement update = connection.prepareStatement(
                        "update workspace_members set role = 'owner' where workspace_id = ? and username = ?")) {
                    update.setString(1, workspaceId);
                    update.setString(2, username);
                    update.executeUpdate();
                }
            } else {
                insertMember(connection, workspaceId, username, WorkspaceRole.OWNER);
            }
            return true;
        });
    }

    @Override
    public void createInvite(WorkspaceInvite invite) {
        jdbc.inTransaction("create workspace invite", connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into workspace_invites ("
                    + INVITE_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, invite.id());
                insert.setString(2, invite.workspaceId());
                insert.setString(3, invite.username());
                insert.setString(4, invite.email());
                insert.setString(5, invite.role().wireName());
                insert.setString(6, invite.tokenHash());
                insert.setString(7, invite.invitedBy());
                Jdbc.setInstant(insert, 8, Jdbc.truncate(invite.createdAt()));
                Jdbc.setInstant(insert, 9, Jdbc.truncate(invite.expiresAt()));
                Jdbc.setInstant(insert, 10, Jdbc.truncate(invite.acceptedAt()));
                insert.setString(11, invite.acceptedBy());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public List<WorkspaceInvite> invites(String workspaceId) {
        return jdbc.inTransaction("list workspace invites", connection -> {
            try (PreparedStatement select = connection.prepareStatement("select " + INVITE_COLUMNS
                    + " from workspace_invites where workspace_id = ? and accepted_at is null"
                    + " order by created_at desc, id")) {
                select.setString(1, workspaceId);
                List<WorkspaceInvite> out = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        out.add(invite(rows));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Optional<WorkspaceInvite> findInviteByTokenHash(String tokenHash) {
        return jdbc.inTransaction("find workspace invite", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select " + INVITE_COLUMNS + " from workspace_invites where token_hash = ?")) {
                select.setString(1, tokenHash);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(invite(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean deleteInvite(String workspaceId, String inviteId) {
        return jdbc.inTransaction("delete workspace invite", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "delete from workspace_invites" + " where workspace_id = ? and id = ? and accepted_at is null")) {
                delete.setString(1, workspaceId);
                delete.setString(2, inviteId);
                return delete.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean acceptInvite(String inviteId, String username, Instant now) {
        return jdbc.inTransaction("accept workspace invite", connection -> {
            String workspaceId;
            WorkspaceRole role;
            try (PreparedStatement select = connection.prepareStatement("select workspace_id, role"
                    + " from workspace_invites where id = ? and accepted_at is null and expires_at > ?")) {
                select.setString(1, inviteId);
                Jdbc.setInstant(select, 2, Jdbc.truncate(now));
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return false;
                    }
                    workspaceId = rows.getString("workspace_id");
                    role = WorkspaceRole.of(rows.getString("role"));
                }
            }
            try (PreparedStatement update = connection.prepareStatement("update workspace_invites"
                    + " set accepted_at = ?, accepted_by = ? where id = ? and accepted_at is null")) {
                Jdbc.setInstant(update, 1, Jdbc.truncate(now));
                update.setString(2, username);
                update.setString(3, inviteId);
                if (update.executeUpdate() != 1) {
                    return false;
                }
            }
            lockWorkspace(connection, workspaceId);
            Optional<WorkspaceRole> current = roleIn(connection, workspaceId, username);
            if (current.isEmpty()) {
                insertMember(connection, workspaceId, username, role);
            } else if (!current.get().atLeast(role)) {
                try (PreparedStatement update = connection.prepareStatement(
                        "update workspace_members set role = ? where workspace_id = ? and username = ?")) {
                    update.setString(1, role.wireName());
                    update.setString(2, workspaceId);
                    update.setString(3, username);
                    update.executeUpdate();
                }
            }
            return true;
        });
    }

    @Override
    public void assign(ResourceKind kind, String resourceId, String workspaceId) {
        jdbc.inTransaction("assign resource to workspace", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update workspace_resources set workspace_id = ? where kind = ? and resource_id = ?")) {
                update.setString(1, workspaceId);
                update.setString(2, column(kind));
                update.setString(3, resourceId);
                if (update.executeUpdate() == 1) {
                    return 1;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into workspace_resources (kind, resource_id, workspace_id) values (?, ?, ?)")) {
                insert.setString(1, column(kind));
                insert.setString(2, resourceId);
                insert.setString(3, workspaceId);
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public String workspaceOf(ResourceKind kind, String resourceId) {
        return jdbc.inTransaction("find workspace of resource", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select workspace_id from workspace_resources where kind = ? and resource_id = ?")) {
                select.setString(1, column(kind));
                select.setString(2, resourceId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? rows.getString(1) : Workspace.DEFAULT_ID;
                }
            }
        });
    }

    @Override
    public Map<String, String> assignments(ResourceKind kind) {
        return jdbc.inTransaction("list workspaces of resources", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select resource_id, workspace_id from workspace_resources where kind = ?")) {
                select.setString(1, column(kind));
                Map<String, String> out = new HashMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        out.put(rows.getString(1), rows.getString(2));
                    }
                }
                return out;
            }
        });
    }

    private static String column(ResourceKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** Serialises membership changes of one workspace (the last-owner rule); false when there is none. */
    private static boolean lockWorkspace(Connection connection, String workspaceId) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("select id from workspaces where id = ? for update")) {
            select.setString(1, workspaceId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static Optional<WorkspaceRole> roleIn(Connection connection, String workspaceId, String username)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select role from workspace_members where workspace_id = ? and username = ?")) {
            select.setString(1, workspaceId);
            select.setString(2, username);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(WorkspaceRole.of(rows.getString(1))) : Optional.empty();
            }
        }
    }

    private static int owners(Connection connection, String workspaceId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select count(*) from workspace_members where workspace_id = ? and role = 'owner'")) {
            select.setString(1, workspaceId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static void insertMember(Connection connection, String workspaceId, String username, WorkspaceRole role)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into workspace_members" + " (workspace_id, username, role, added_at) values (?, ?, ?, ?)")) {
            insert.setString(1, workspaceId);
            insert.setString(2, username);
            insert.setString(3, role.wireName());
            Jdbc.setInstant(insert, 4, Jdbc.truncate(Instant.now()));
            insert.executeUpdate();
        }
    }

    private static Workspace workspace(ResultSet rows) throws SQLException {
        return new Workspace(rows.getString("id"), rows.getString("name"), Jdbc.getInstant(rows, "created_at"));
    }

    private static WorkspaceInvite invite(ResultSet rows) throws SQLException {
        return new WorkspaceInvite(
                rows.getString("id"),
                rows.getString("workspace_id"),
                rows.getString("username"),
                rows.getString("email"),
                WorkspaceRole.of(rows.getString("role")),
                rows.getString("token_hash"),
                rows.getString("invited_by"),
                Jdbc.getInstant(rows, "created_at"),
                Jdbc.getInstant(rows, "expires_at"),
                Jdbc.getInstant(rows, "accepted_at"),
                rows.getString("accepted_by"));
    }
}
