package io.switchboard.runtime.access;

import java.time.Instant;

/**
 * A developer-API key of one app. Only its SHA-256 hash is stored; the clear key is shown once.
 *
 * @param id public identifier (safe to show and log)
 * @param appId the app the key may call
 * @param name label chosen by the admin
 * @param prefix the first characters of the key, to recognise it in a list
 * @param hash hex SHA-256 of the full key
 * @param revokedAt when it was revoked, or null while valid
 */
public record ApiKey(
        String id, String appId, String name, String prefix, String hash, Instant createdAt, Instant revokedAt) {
    public boolean revoked() {
        return revokedAt != null;
    }
}
