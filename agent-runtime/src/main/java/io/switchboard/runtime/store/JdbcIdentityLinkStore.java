package io.switchboard.runtime.store;

import io.switchboard.runtime.ConflictException;
import io.switchboard.runtime.access.IdentityLink;
import io.switchboard.runtime.access.IdentityLinkStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class JdbcIdentityLinkStore implements IdentityLinkStore {
    private static final String COLUMNS = "provider, subject, username, display_name, created_at";

    private final Jdbc jdbc;

    JdbcIdentityLinkStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<IdentityLink> find(String provider, String subject) {
        return jdbc.inTransaction("find identity", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select " + COLUMNS + " from admin_identities where provider = ? and subject = ?")) {
                select.setString(1, provider);
                select.setString(2, subject);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(read(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<IdentityLink> ofUser(String username) {
        return jdbc.inTransaction("list identities", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select " + COLUMNS + " from admin_identities where username = ? order by provider, subject")) {
                select.setString(1, username);
                List<IdentityLink> links = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        links.add(read(rows));
                    }
                }
                return links;
            }
        });
    }

    @Override
    public void link(IdentityLink link) {
        jdbc.inTransaction("link identity", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into admin_identities (" + COLUMNS + ") values (?, ?, ?, ?, ?)")) {
                insert.setString(1, link.provider());
                insert.setString(2, link.subject());
                insert.setString(3, link.username());
                insert.setString(4, link.displayName());
                Jdbc.setInstant(insert, 5, Jdbc.truncate(link.createdAt()));
                return insert.executeUpdate();
            } catch (SQLException e) {
                if (Jdbc.isUniqueViolation(e)) {
                    throw new ConflictException("this " + link.provider() + " identity is linked to an admin already");
                }
                throw e;
            }
        });
    }

    @Override
    public boolean unlink(String provider, String subject, String username) {
        return jdbc.inTransaction("unlink identity", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "delete from admin_identities where provider = ? and subject = ? and username = ?")) {
                delete.setString(1, provider);
                delete.setString(2, subject);
                delete.setString(3, username);
                return delete.executeUpdate() == 1;
            }
        });
    }

    @Override
    public int unlinkAll(String username) {
        return jdbc.inTransaction("unlink identities", connection -> {
            try (PreparedStatement delete =
                    connection.prepareStatement("delete from admin_identities where username = ?")) {
                delete.setString(1, username);
                return delete.executeUpdate();
            }
        });
    }

    private static IdentityLink read(ResultSet rows) throws SQLException {
        return new IdentityLink(
                rows.getString("provider"),
                rows.getString("subject"),
                rows.getString("username"),
                rows.getString("display_name"),
                Jdbc.getInstant(rows, "created_at"));
    }
}
