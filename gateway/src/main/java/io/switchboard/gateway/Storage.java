package io.switchboard.gateway;

import io.switchboard.gateway.bootstrap.LocalSecrets;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.runtime.security.Secret;
import io.switchboard.runtime.security.SecretBox;
import io.switchboard.runtime.store.Database;
import io.switchboard.runtime.store.DatabaseConfig;
import java.io.IOException;
import java.nio.file.Files;

/** The node's data: the data directory, the secrets kept there unless configured, and the database. */
final class Storage implements AutoCloseable {
    private final Database database;
    private final Secret jwtSecret;
    private final SecretBox masterKey;

    private Storage(Database database, Secret jwtSecret, SecretBox masterKey) {
        this.database = database;
        this.jwtSecret = jwtSecret;
        this.masterKey = masterKey;
    }

    static Storage open(GatewayConfig config) throws IOException {
        Files.createDirectories(config.dataDir());
        DataDirectory.restrict(config.dataDir());
        SecretBox secrets = SecretBox.fromBase64(LocalSecrets.configuredOrStored(
                config.security().masterKey(),
                config.dataDir().resolve("master.key"),
                SecretBox::generateKeyBase64,
                "SWITCHBOARD_SECURITY_MASTER_KEY"));
        String jwtSecret = LocalSecrets.configuredOrStored(
                config.security().jwtSecret(),
                config.dataDir().resolve("jwt.secret"),
                () -> LocalSecrets.randomBase64(48),
                "SWITCHBOARD_SECURITY_JWT_SECRET");
        GatewayConfig.Database db = config.database();
        Database database = Database.open(
                new DatabaseConfig(db.url(), db.username(), Secret.ofNullable(db.password()), db.maxPoolSize()),
                secrets);
        // The database's own files (H2) appear with the process's umask: close them to this user too.
        DataDirectory.restrict(config.dataDir());
        return new Storage(database, Secret.of(jwtSecret), secrets);
    }

    Database database() {
        return database;
    }

    /** Signs admin session tokens. */
    Secret jwtSecret() {
        return jwtSecret;
    }

    /** The master key: seals secrets at rest and the values in the cluster's maps. */
    SecretBox masterKey() {
        return masterKey;
    }

    @Override
    public void close() {
        database.close();
    }
}
