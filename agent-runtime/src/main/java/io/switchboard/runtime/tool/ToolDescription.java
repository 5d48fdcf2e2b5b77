package io.switchboard.runtime.tool;

import dev.langchain4j.internal.JsonSchemaElementUtils;
import java.util.List;
import java.util.Map;

/**
 * A tool as the tool square shows it.
 *
 * @param reference what an app binds: {@code providerId/toolId}
 * @param parameters the JSON schema of its arguments
 */
public record ToolDescription(String reference, String name, String description, Map<String, Object> parameters) {
    /** Describes every tool of {@code provider}. */
    public static List<ToolDescription> of(ToolProvider provider) {
        return provider.tools().stream()
                .map(tool -> new ToolDescription(
                        provider.id() + "/" + tool.id(),
                        tool.specification().name(),
                        tool.specification().description(),
                        tool.specification().parameters() == null
                                ? Map.of("type", "object", "properties", Map.of())
                                : JsonSchemaElementUtils.toMap(
                                        tool.specification().parameters())))
                .toList();
    }
}
