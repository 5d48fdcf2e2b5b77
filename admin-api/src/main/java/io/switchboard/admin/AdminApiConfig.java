package io.switchboard.admin;

import io.switchboard.runtime.security.Secret;
import java.time.Duration;

/**
 * Settings of the admin API.
 *
 * @param jwtSecret HMAC key that signs admin session tokens (HS256); at least 32 characters
 * @param tokenTtl how long a login (session) stays valid with refreshes, between 1 minute and 30 days
 * @param maxBodyBytes largest accepted request body; larger ones are refused with 413
 * @param accessTokenTtl how long one access token is valid (then refresh), between 1 minute and tokenTtl
 */
public record AdminApiConfig(Secret jwtSecret, Duration tokenTtl, int maxBodyBytes, Duration accessTokenTtl) {
    public static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(12);
    public static final Duration DEFAULT_ACCESS_TOKEN_TTL = Duration.ofMinutes(15);
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    static final int MIN_SECRET_LENGTH = 32;

    public AdminApiConfig(Secret jwtSecret, Duration tokenTtl, int maxBodyBytes) {
        this(jwtSecret, tokenTtl, maxBodyBytes, null);
    }

    public AdminApiConfig {
        if (jwtSecret == null || jwtSecret.reveal().length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException(
                    "admin.jwtSecret must be at least " + MIN_SECRET_LENGTH + " characters (use a random string)");
        }
        if (tokenTtl == null
                || tokenTtl.compareTo(Duration.ofMinutes(1)) < 0
                || tokenTtl.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException("admin.tokenTtl must be between 1 minute and 30 days, got: " + tokenTtl);
        }
        if (accessTokenTtl == null) {
            accessTokenTtl = DEFAULT_ACCESS_TOKEN_TTL.compareTo(tokenTtl) < 0 ? DEFAULT_ACCESS_TOKEN_TTL : tokenTtl;
        }
        if (accessTokenTtl.compareTo(Duration.ofMinutes(1)) < 0 || accessTokenTtl.compareTo(tokenTtl) > 0) {
            throw new IllegalArgumentException(
                    "security.accessTokenTtl must be between 1 minute and security.tokenTtl, got: " + accessTokenTtl);
        }
        if (maxBodyBytes < 1024 || maxBodyBytes > 64 * 1024 * 1024) {
            throw new IllegalArgumentException(
                    "admin.maxBodyBytes must be between 1024 and 67108864, got: " + maxBodyBytes);
        }
    }

    /** The {@code DEFAULT_*} token lifetime and body limit until set; the secret has no default. */
    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Secret jwtSecret;
        private Duration tokenTtl = DEFAULT_TOKEN_TTL;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Duration accessTokenTtl;

        private Builder() {}

        public Builder jwtSecret(Secret jwtSecret) {
            this.jwtSecret = jwtSecret;
            return this;
        }

        public Builder tokenTtl(Duration tokenTtl) {
            this.tokenTtl = tokenTtl;
            return this;
        }

        public Builder accessTokenTtl(Duration accessTokenTtl) {
            this.accessTokenTtl = accessTokenTtl;
            return this;
        }

        public Builder maxBodyBytes(int maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /** @throws IllegalArgumentException naming the setting that is missing or out of range */
        public AdminApiConfig build() {
            return new AdminApiConfig(jwtSecret, tokenTtl, maxBodyBytes, accessTokenTtl);
        }
    }
}
