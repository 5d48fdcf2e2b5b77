package io.switchboard.runtime.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reading a model's tool arguments; every problem is a {@link ToolException} the model can act on. */
final class ToolArguments {
    static final ObjectMapper JSON = new ObjectMapper();

    private ToolArguments() {}

    static ObjectNode parse(String argumentsJson) {
        if (argumentsJson == null || argumentsJson.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(argumentsJson);
            if (node instanceof ObjectNode object) {
                return object;
            }
            throw new ToolException("arguments must be a JSON object");
        } catch (JsonProcessingException e) {
            throw new ToolException("arguments are not valid JSON: " + e.getOriginalMessage());
        }
    }

    static String requiredString(ObjectNode arguments, String name) {
        JsonNode value = arguments.get(name);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw new ToolException("argument '" + name + "' is required");
        }
        return value.isTextual() ? value.asText() : value.toString();
    }

    static String optionalString(ObjectNode arguments, String name) {
        JsonNode value = arguments.get(name);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }
}
