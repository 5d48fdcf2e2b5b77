package io.switchboard.runtime.access;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Developer-API keys (hashes only). Blocking: call from a virtual thread. */
public interface ApiKeyStore {
    ApiKey create(ApiKey key);

    Optional<ApiKey> findByHash(String hash);

    List<ApiKey> listByApp(String appId);

    /** Sets {@code revokedAt}; false when no such key of that app exists. */
    boolean revoke(String appId, String keyId);

    /** The browser origins allowed to call with the key (CORS), sorted; empty for none. */
    List<String> allowedOrigins(String keyId);

    /** The allowed origins of every key of the app, by key id (keys without any are left out). */
    Map<String, List<String>> allowedOriginsByApp(String appId);

    /** Replaces the key's allowed origins; false when no such key of that app exists. */
    boolean setAllowedOrigins(String appId, String keyId, List<String> origins);

    /** Every origin some valid (unrevoked) key allows: what a CORS preflight, which carries no key, may pass. */
    Set<String> allowedOriginsOfValidKeys();
}
