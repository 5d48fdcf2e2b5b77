package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code start}: typed input variables, {@code inputs: [{name, type, required, description}]}. The run's
 * inputs are checked against them (a missing required input or a wrong type fails before any node runs).
 */
final class StartNode implements NodeKind {
    @Override
    public Map<String, VarType> outputs(WorkflowNode node) {
        Map<String, VarType> outputs = new LinkedHashMap<>();
        for (JsonNode input : node.setting("inputs")) {
            VarType type = VarType.parse(input.path("type").asText("string"));
            outputs.put(input.path("name").asText(), type == null ? VarType.ANY : type);
        }
        return outputs;
    }

    @Override
    public void check(WorkflowNode node, Checker checker) {
        JsonNode inputs = node.setting("inputs");
        if (!inputs.isMissingNode() && !inputs.isArray()) {
            checker.error("inputs", "must be an array of {name, type}");
            return;
        }
        int i = 0;
        for (JsonNode input : inputs) {
            String field = "inputs[" + i++ + "]";
            if (!input.path("name").asText("").matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
                checker.error(field + ".name", "must be a variable name (letters, digits, '_')");
            }
            if (VarType.parse(input.path("type").asText("string")) == null) {
                checker.error(field + ".type", "must be string, number, boolean, object, array or any");
            }
        }
    }

    @Override
    public NodeResult run(WorkflowNode node, NodeContext context) {
        // The engine checked and stored the inputs before the run started.
        return NodeResult.of(context.variables().outputs(node.id()));
    }

    /** The run's inputs checked against the declared ones; throws naming the input. */
    static Map<String, Object> accept(WorkflowNode node, Map<String, Object> given) {
        Map<String, Object> inputs = new HashMap<>();
        for (JsonNode input : node.setting("inputs")) {
            String name = input.path("name").asText();
            VarType type = VarType.parse(input.path("type").asText("string"));
            Object value = given == null ? null : given.get(name);
            if (value == null) {
                if (input.path("required").asBoolean(false)) {
                    throw new InvalidWorkflowException(
                            java.util.List.of(new ValidationError(node.id(), "inputs." + name, "is required")));
                }
                if (input.has("default")) {
                    value = Variables.JSON.convertValue(input.get("default"), Object.class);
                }
            } else if (type != null && !type.compatibleWith(VarType.of(value))) {
                throw new InvalidWorkflowException(java.util.List.of(new ValidationError(
                        node.id(),
                        "inputs." + name,
                        "must be a " + type.label() + ", got a "
                                + VarType.of(value).label())));
            }
            inputs.put(name, value);
        }
        return inputs;
    }
}
