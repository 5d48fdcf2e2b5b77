package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code aggregator}: {@code variables: ["a.text", "b.text"]} of the same type, usually one per branch;
 * output {@code output} is the first that has a value (the branch that ran).
 */
final class AggregatorNode implements NodeKind {
    @Override
    public Map<String, VarType> outputs(WorkflowNode node) {
        return Map.of("output", VarType.ANY);
    }

    @Override
    public void check(WorkflowNode node, Checker checker) {
        JsonNode variables = node.setting("variables");
        if (!variables.isArray() || variables.isEmpty()) {
            checker.error("variables", "must list at least one variable reference");
            return;
        }
        VarType first = null;
        for (int i = 0; i < variables.size(); i++) {
            VarType type =
                    checker.reference("variables[" + i + "]", variables.get(i).asText(null), first);
            if (first == null && type != null && type != VarType.ANY) {
                first = type;
            }
        }
    }

    @Override
    public NodeResult run(WorkflowNode node, NodeContext context) {
        for (JsonNode variable : node.setting("variables")) {
            Object value = context.variables().resolve(variable.asText());
            if (value != null) {
                Map<String, Object> outputs = new HashMap<>();
                outputs.put("output", value);
                return NodeResult.of(outputs);
            }
        }
        Map<String, Object> none = new HashMap<>();
        none.put("output", null);
        return NodeResult.of(none);
    }
}
