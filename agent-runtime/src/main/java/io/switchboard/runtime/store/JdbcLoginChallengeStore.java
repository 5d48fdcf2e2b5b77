package io.switchboard.runtime.store;

import io.switchboard.runtime.access.LoginChallenge;
import io.switchboard.runtime.access.LoginChallengeStore;
import io.switchboard.runtime.security.SecretBox;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Challenges with their payload sealed by the master key (an SMS code or a PKCE verifier is a secret). */
final class JdbcLoginChallengeStore implements LoginChallengeStore {
    private final Jdbc jdbc;
    private final SecretBox secrets;

    JdbcLoginChallengeStore(Jdbc jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    @Override
    public LoginChallenge put(String id, String kind, String payload, Instant expiresAt) {
        String version = UUID.randomUUID().toString();
        jdbc.inTransaction("store login challenge", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("delete from login_challenges where id = ?");
                    PreparedStatement insert = connection.prepareStatement("insert into login_challenges"
                            + " (id, kind, version, payload, attempts, expires_at) values (?, ?, ?, ?, 0, ?)")) {
                delete.setString(1, id);
                delete.executeUpdate();
                insert.setString(1, id);
                insert.setString(2, kind);
                insert.setString(3, version);
                insert.setString(4, secrets.seal(payload));
                Jdbc.setInstant(insert, 5, Jdbc.truncate(expiresAt));
                return insert.executeUpdate();
            }
        });
        return new LoginChallenge(id, kind, version, payload, 0, Jdbc.truncate(expiresAt));
    }

    @Override
    public Optional<LoginChallenge> find(String id) {
        return jdbc.inTransaction("find login challenge", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select kind, version, payload, attempts, expires_at from login_challenges where id = ?")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next()
                            ? Optional.of(new LoginChallenge(
                                    id,
                                    rows.getString("kind"),
                                    rows.getString("version"),
                                    secrets.open(rows.getString("payload")),
                                    rows.getInt("attempts"),
                                    Jdbc.getInstant(rows, "expires_at")))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean consume(String id, String version) {
        return jdbc.inTransaction("consume login challenge", connection -> {
            try (PreparedStatement delete =
                    connection.prepareStatement("delete from login_challenges where id = ? and version = ?")) {
                delete.setString(1, id);
                delete.setString(2, version);
                return delete.executeUpdate() == 1;
            }
        });
    }

    @Override
    public int fail(String id, String version) {
        return jdbc.inTransaction("count a wrong answer", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update login_challenges set attempts = attempts + 1 where id = ? and version = ?")) {
                update.setString(1, id);
                update.setString(2, version);
                if (update.executeUpdate() != 1) {
                    return 0;
                }
            }
            try (PreparedStatement select =
                    connection.prepareStatement("select attempts from login_challenges where id = ?")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? rows.getInt(1) : 0;
                }
            }
        });
    }

    @Override
    public int deleteExpired(Instant cutoff) {
        return jdbc.inTransaction("purge login challenges", connection -> {
            try (PreparedStatement delete =
                    connection.prepareStatement("delete from login_challenges where expires_at < ?")) {
                Jdbc.setInstant(delete, 1, Jdbc.truncate(cutoff));
                return delete.executeUpdate();
            }
        });
    }
}
