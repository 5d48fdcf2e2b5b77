package io.switchboard.runtime.tool;

import java.util.List;

/**
 * A custom tool provider as an app file carries it: what it is and where it lives, never its secrets
 * (an OpenAPI import's auth, an MCP server's headers); whoever imports it adds those again.
 *
 * @param ref the provider's id where it was exported; {@code skills.tools} of the same file name it
 * @param kind {@code openapi} or {@code mcp}
 * @param document an OpenAPI import's document (JSON or YAML), or null when it was fetched from {@code documentUrl}
 * @param transport an MCP server's transport ({@code streamable_http}, {@code sse} or {@code stdio})
 * @param url an MCP server's URL
 * @param command a local MCP server's command
 */
public record ToolDefinition(
        String ref,
        String kind,
        String name,
        String description,
        String document,
        String documentUrl,
        String baseUrl,
        String transport,
        String url,
        List<String> command) {
    public ToolDefinition {
        if (ref == null || ref.isBlank()) {
            throw new IllegalArgumentException("tools[].ref must name the provider");
        }
        if (!"openapi".equals(kind) && !"mcp".equals(kind)) {
            throw new IllegalArgumentException("tools[].kind must be openapi or mcp");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("tools[].name must not be blank");
        }
        description = description == null ? "" : description;
        command = command == null ? List.of() : List.copyOf(command);
    }
}
