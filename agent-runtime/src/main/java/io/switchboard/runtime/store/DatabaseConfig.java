package io.switchboard.runtime.store;

import io.switchboard.runtime.security.Secret;

/**
 * Where the relational store lives.
 *
 * @param jdbcUrl {@code jdbc:h2:file:...} (embedded default) or {@code jdbc:postgresql://...}
 * @param username may be null for H2
 * @param password may be null
 * @param maxPoolSize connections in the pool
 */
public record DatabaseConfig(String jdbcUrl, String username, Secret password, int maxPoolSize) {
    public DatabaseConfig {
        if (jdbcUrl == null || !(jdbcUrl.startsWith("jdbc:h2:") || jdbcUrl.startsWith("jdbc:postgresql:"))) {
            throw new IllegalArgumentException(
                    "database.url must start with jdbc:h2: or jdbc:postgresql:, got: " + jdbcUrl);
        }
        if (maxPoolSize < 1 || maxPoolSize > 200) {
            throw new IllegalArgumentException("database.maxPoolSize must be between 1 and 200");
        }
    }
}
