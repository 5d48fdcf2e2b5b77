package io.switchboard.runtime.access;

import java.util.Objects;

/**
 * A freshly generated key: {@code stored} goes to the database, {@code clearKey} is shown to the admin once
 * and then forgotten.
 */
public record NewApiKey(ApiKey stored, String clearKey) {
    public NewApiKey {
        Objects.requireNonNull(stored, "stored");
        Objects.requireNonNull(clearKey, "clearKey");
    }

    @Override
    public String toString() {
        return "NewApiKey[id=" + stored.id() + ", appId=" + stored.appId() + ", prefix=" + stored.prefix() + "]";
    }
}
