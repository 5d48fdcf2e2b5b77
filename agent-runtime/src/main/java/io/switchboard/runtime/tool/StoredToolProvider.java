package io.switchboard.runtime.tool;

import java.time.Instant;

/**
 * An admin-registered tool provider as stored: an OpenAPI import or an MCP server.
 *
 * @param kind {@code openapi} or {@code mcp}
 * @param settingsJson the kind's settings (document, base URL, auth with its secret, MCP transport);
 *     sealed at rest, never returned by the admin API as is
 */
public record StoredToolProvider(
        String id,
        String kind,
        String name,
        String description,
        String settingsJson,
        Instant createdAt,
        Instant updatedAt) {
    @Override
    public String toString() {
        return "StoredToolProvider[id=" + id + ", kind=" + kind + ", name=" + name + "]";
    }
}
