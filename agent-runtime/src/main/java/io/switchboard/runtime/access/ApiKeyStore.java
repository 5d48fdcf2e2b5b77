package io.switchboard.runtime.access;

import java.util.List;
import java.util.Optional;

/** Developer-API keys (hashes only). Blocking: call from a virtual thread. */
public interface ApiKeyStore {
    ApiKey create(ApiKey key);

    Optional<ApiKey> findByHash(String hash);

    List<ApiKey> listByApp(String appId);

    /** Sets {@code revokedAt}; false when no such key of that app exists. */
    boolean revoke(String appId, String keyId);
}
