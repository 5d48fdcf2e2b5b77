package io.switchboard.gateway.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets a single node may generate for itself on first start (master key, JWT secret), kept in the
 * data directory readable by the owner only. A cluster must configure them instead, or each member
 * would hold a different one.
 */
public final class LocalSecrets {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSecrets.class);

    private LocalSecrets() {}

    /** The configured value, else the one stored in {@code file}, else a new one saved there. */
    public static String configuredOrStored(String configured, Path file, Supplier<String> generator, String envName) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
            Files.createDirectories(file.getParent());
            String value = generator.get();
            Files.writeString(file, value);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system: the data directory's own permissions have to do.
            }
            LOG.warn("generated {} (set {} to share one value across a cluster)", file.toAbsolutePath(), envName);
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file.toAbsolutePath(), e);
        }
    }

    public static String randomBase64(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return Base64.getEncoder().encodeToString(value);
    }

    public static String randomPassword() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(18));
    }

    private static byte[] randomBytes(int n) {
        byte[] value = new byte[n];
        new SecureRandom().nextBytes(value);
        return value;
    }
}
