package io.switchboard.runtime.tool;

import java.util.List;
import java.util.Objects;

/**
 * A group of tools from one origin, as the tool square lists it.
 *
 * @param id stable id; a bound tool is referenced as {@code id/toolName}
 * @param kind {@code builtin}, {@code openapi}, {@code mcp} or {@code workflow}
 */
public record ToolProvider(String id, String kind, String name, String description, List<Tool> tools) {
    public ToolProvider {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        name = name == null ? id : name;
        description = description == null ? "" : description;
        tools = tools == null ? List.of() : List.copyOf(tools);
    }
}
