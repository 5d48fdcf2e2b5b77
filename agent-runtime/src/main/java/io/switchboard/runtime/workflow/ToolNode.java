package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.runtime.tool.Tool;
import io.switchboard.runtime.tool.ToolException;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code tool}: calls {@code tool} ({@code providerId/toolName}) with {@code arguments}, an object whose
 * string values are templates (other JSON values pass as they are). Outputs {@code text} and {@code json}
 * (the result parsed as JSON, or null).
 */
final class ToolNode implements NodeKind {
    @Override
    public Map<String, VarType> outputs(WorkflowNode node) {
        return Map.of("text", VarType.STRING, "json", VarType.ANY);
    }

    @Override
    public void check(WorkflowNode node, Checker checker) {
        String reference = checker.requiredText(node, "tool");
        if (reference != null && !reference.matches("[^/\\s]+/[^/\\s]+")) {
            checker.error("tool", "must look like providerId/toolName");
        }
        JsonNode arguments = node.setting("arguments");
        if (!arguments.isMissingNode() && !arguments.isObject()) {
            checker.error("arguments", "must be an object");
            return;
        }
        arguments.fields().forEachRemaining(a -> {
            if (a.getValue().isTextual()) {
                checker.template("arguments." + a.getKey(), a.getValue().asText());
            }
        });
    }

    @Override
    public NodeResult run(WorkflowNode node, NodeContext context) {
        String reference = node.setting("tool").asText();
        Tool tool = context.services()
                .tools()
                .find(reference)
                .orElseThrow(() -> new WorkflowFailure("tool '" + reference + "' does not exist"));
        ObjectNode arguments = Variables.JSON.createObjectNode();
        node.setting("arguments")
                .fields()
                .forEachRemaining(a -> arguments.set(
                        a.getKey(),
                        a.getValue().isTextual()
                                ? Variables.JSON
                                        .getNodeFactory()
                                        .textNode(context.variables()
                                                .render(a.getValue().asText()))
                                : a.getValue()));
        String text;
        try {
            text = tool.execute(arguments.toString());
        } catch (ToolException e) {
            throw new WorkflowFailure("tool '" + reference + "' failed: " + e.getMessage());
        }
        Map<String, Object> outputs = new HashMap<>();
        outputs.put("text", text);
        try {
            outputs.put("json", Variables.JSON.readValue(text, Object.class));
        } catch (Exception e) {
            outputs.put("json", null);
        }
        return NodeResult.of(outputs);
    }
}
