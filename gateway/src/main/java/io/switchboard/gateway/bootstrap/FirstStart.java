package io.switchboard.gateway.bootstrap;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.switchboard.gateway.config.ConfigException;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.runtime.access.AdminUser;
import io.switchboard.runtime.access.AdminUserStore;
import io.switchboard.runtime.access.PasswordHasher;
import io.switchboard.runtime.access.Workspace;
import io.switchboard.runtime.access.WorkspaceStore;
import io.switchboard.runtime.app.AppConfig;
import io.switchboard.runtime.app.AppStore;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Provisions an empty installation: the bootstrap administrator and the sample app. */
public final class FirstStart {
    private static final Logger LOG = LoggerFactory.getLogger(FirstStart.class);

    private FirstStart() {}

    /**
     * Creates the bootstrap administrator when there is none.
     *
     * @return the generated password, to be shown once, or empty when none was generated
     */
    public static Optional<String> ensureAdmin(AdminUserStore users, GatewayConfig.Admin admin) {
        if (users.count() > 0) {
            return Optional.empty();
        }
        boolean generated = admin.password().isEmpty();
        String password = generated ? LocalSecrets.randomPassword() : admin.password();
        users.upsert(new AdminUser(admin.username(), PasswordHasher.hash(password), Instant.now()));
        LOG.info("created bootstrap administrator '{}'", admin.username());
        return generated ? Optional.of(password) : Optional.empty();
    }

    /**
     * Makes the bootstrap administrator owner of the default workspace while it has no owner (a first
     * start; the V70 migration made every administrator of an older installation an owner already).
     */
    public static void ensureDefaultOwner(WorkspaceStore workspaces, AdminUserStore users, GatewayConfig.Admin admin) {
        if (users.find(admin.username()).isPresent()
                && workspaces.adoptOwnerless(Workspace.DEFAULT_ID, admin.username())) {
            LOG.info("'{}' owns the default workspace", admin.username());
        }
    }

    /** Creates and publishes the sample app when the database holds no app at all. */
    public static boolean ensureSampleApp(AppStore apps, GatewayConfig.Sample sample) {
        if (!apps.list(0, 1).isEmpty() || sample.file() == null || !Files.exists(sample.file())) {
            return false;
        }
        AppConfig config = readApp(sample);
        apps.create(sample.appId(), config);
        apps.publish(sample.appId(), "sample app");
        LOG.info("created and published sample app '{}'", sample.appId());
        return true;
    }

    static AppConfig readApp(GatewayConfig.Sample sample) {
        ObjectMapper yaml =
                new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            return yaml.readValue(sample.file().toFile(), AppConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("sample app " + sample.file() + " is invalid: " + e.getMessage());
        }
    }
}
