package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code end}: the workflow's outputs, {@code outputs: [{name, value: "node.field"}]}; {@code stream}
 * may name an LLM node whose answer is streamed to the caller as it is generated.
 */
final class EndNode implements NodeKind {
    @Override
    public Map<String, VarType> outputs(WorkflowNode node) {
        Map<String, VarType> outputs = new LinkedHashMap<>();
        for (JsonNode output : node.setting("outputs")) {
            outputs.put(output.path("name").asText(), VarType.ANY);
        }
        return outputs;
    }

    @Override
    public void check(WorkflowNode node, Checker checker) {
        JsonNode outputs = node.setting("outputs");
        if (!outputs.isArray() || outputs.isEmpty()) {
            checker.error("outputs", "must list at least one {name, value}");
            return;
        }
        int i = 0;
        for (JsonNode output : outputs) {
            String field = "outputs[" + i++ + "]";
            if (!output.path("name").asText("").matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
                checker.error(field + ".name", "must be a variable name (letters, digits, '_')");
            }
            checker.reference(field + ".value", output.path("value").asText(null), null);
        }
        String loop = node.setting("loop").asText(null);
        if (loop != null && (!checker.nested() || (!loop.equals("break") && !loop.equals("continue")))) {
            checker.error("loop", "is break or continue, and only in a loop body");
        }
        JsonNode stream = node.setting("stream");
        if (!stream.isMissingNode() && !stream.isNull()) {
            VarType type = checker.reference("stream", stream.asText() + ".text", VarType.STRING);
            if (type != null && !"llm".equals(checker.typeOf(stream.asText()))) {
                checker.error("stream", "must name an LLM node");
            }
        }
    }

    @Override
    public NodeResult run(WorkflowNode node, NodeContext context) {
        Map<String, Object> outputs = new LinkedHashMap<>();
        for (JsonNode output : node.setting("outputs")) {
            outputs.put(
                    output.path("name").asText(),
                    context.variables().resolve(output.path("value").asText()));
        }
        return NodeResult.of(outputs);
    }
}
