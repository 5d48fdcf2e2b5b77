package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code code}: {@code language} (javascript), {@code code} defining {@code function main(inputs)} that
 * returns an object, {@code inputs: {name: "node.field"}}, {@code outputs: [{name, type}]} and
 * {@code timeoutSeconds}. Runs in the sandbox; a declared output missing from the result, or of another
 * type, fails the node.
 */
final class CodeNode implements NodeKind {
    @Override
    public Map<String, VarType> outputs(WorkflowNode node) {
        Map<String, VarType> outputs = new LinkedHashMap<>();
        for (JsonNode output : node.setting("outputs")) {
            VarType type = VarType.parse(output.path("type").asText("any"));
            outputs.put(output.path("name").asText(), type == null ? VarType.ANY : type);
        }
        return outputs;
    }

    @Override
    public void check(WorkflowNode node, Checker checker) {
        String language = node.setting("language").asText("javascript");
        if (!language.equals("javascript") && !language.equals("python")) {
            checker.error("language", "must be javascript or python");
        }
        String code = checker.requiredText(node, "code");
        if (code != null && code.length() > 100_000) {
            checker.error("code", "must be at most 100000 characters");
        }
        node.setting("inputs")
                .fields()
                .forEachRemaining(input -> checker.reference(
                        "inputs." + input.getKey(), input.getValue().asText(null), null));
        JsonNode outputs = node.setting("outputs");
        if (!outputs.isArray() || outputs.isEmpty()) {
            checker.error("outputs", "must list at least one {name, type}");
            return;
        }
        for (int i = 0; i < outputs.size(); i++) {
            if (VarType.parse(outputs.get(i).path("type").asText("any")) == null) {
                checker.error("outputs[" + i + "].type", "must be string, number, boolean, object, array or any");
            }
        }
        JsonNode timeout = node.setting("timeoutSeconds");
        if (!timeout.isMissingNode() && (!timeout.isInt() || timeout.asInt() < 1 || timeout.asInt() > 60)) {
            checker.error("timeoutSeconds", "must be an integer between 1 and 60");
        }
    }

    @Override
    public NodeResult run(WorkflowNode node, NodeContext context) {
        CodeRunner runner = context.services().code();
        if (runner == null) {
            throw new WorkflowFailure("the code sandbox is disabled on this gateway");
        }
        Map<String, Object> inputs = new HashMap<>();
        node.setting("inputs")
                .fields()
                .forEachRemaining(input -> inputs.put(
                        input.getKey(),
                        context.variables().resolve(input.getValue().asText())));
        Map<String, Object> result = runner.run(
                node.setting("language").asText("javascript"),
                node.setting("code").asText(),
                inputs,
                Duration.ofSeconds(node.setting("timeoutSeconds").asInt(5)));
        Map<String, Object> outputs = new HashMap<>();
        for (Map.Entry<String, VarType> declared : outputs(node).entrySet()) {
            Object value = result.get(declared.getKey());
            if (!result.containsKey(declared.getKey())) {
                throw new WorkflowFailure("the code returned no '" + declared.getKey() + "'");
            }
            if (value != null && !declared.getValue().compatibleWith(VarType.of(value))) {
                throw new WorkflowFailure("output '" + declared.getKey() + "' should be a "
                        + declared.getValue().label() + " but the code returned a "
                        + VarType.of(value).label());
            }
            outputs.put(declared.getKey(), value);
        }
        return NodeResult.of(outputs);
    }
}
