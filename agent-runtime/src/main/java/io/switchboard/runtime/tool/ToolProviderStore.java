package io.switchboard.runtime.tool;

import java.util.List;
import java.util.Optional;

/** OpenAPI imports and MCP servers; settings are sealed at rest. Blocking: virtual thread. */
public interface ToolProviderStore {
    /** Stores a new provider under a fresh id. */
    StoredToolProvider create(String kind, String name, String description, String settingsJson);

    Optional<StoredToolProvider> find(String id);

    List<StoredToolProvider> list();

    /** True when it existed. */
    boolean delete(String id);
}
