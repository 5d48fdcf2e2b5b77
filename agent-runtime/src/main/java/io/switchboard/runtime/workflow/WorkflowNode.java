package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One node of a workflow.
 *
 * @param id unique within the workflow: letters, digits, {@code _} and {@code -}; variables are
 *     referenced as {@code {{id.field}}}
 * @param type {@code start}, {@code end}, {@code llm}, {@code knowledge}, {@code code}, {@code if-else},
 *     {@code aggregator}, {@code http} or {@code tool}
 * @param config the type's settings (see the admin API documentation)
 * @param onError what happens when the node fails; null means the run fails
 * @param position where an editor drew the node (the console's canvas); null when never placed, and
 *     never read by the engine
 */
public record WorkflowNode(
        String id, String type, String title, ObjectNode config, FailurePolicy onError, Position position) {
    /** A point on the editor's canvas. */
    public record Position(double x, double y) {
        public Position {
            if (!Double.isFinite(x) || !Double.isFinite(y) || Math.abs(x) > 1e6 || Math.abs(y) > 1e6) {
                throw new IllegalArgumentException("position must have finite x and y within ±1000000");
            }
        }

        /** The {@code {x, y}} of a JSON object (a Dify node's position), or null when it has none. */
        static Position of(JsonNode json) {
            return json.path("x").isNumber() && json.path("y").isNumber()
                    ? new Position(json.path("x").asDouble(), json.path("y").asDouble())
                    : null;
        }
    }

    public WorkflowNode {
        if (id == null || !id.matches("[A-Za-z][A-Za-z0-9_-]{0,62}")) {
            throw new IllegalArgumentException(
                    "node id must start with a letter and hold 1-63 letters, digits, '_' or '-', got '" + id + "'");
        }
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("node '" + id + "' needs a type");
        }
        title = title == null ? id : title;
        if (title.codePointCount(0, title.length()) > 200) {
            throw new IllegalArgumentException("nodes[].title must be at most 200 characters");
        }
        config = config == null ? JsonNodeFactory.instance.objectNode() : config;
        onError = onError == null ? FailurePolicy.FAIL : onError;
    }

    /** A config value, or a missing node (never null). */
    JsonNode setting(String name) {
        return config.path(name);
    }
}
