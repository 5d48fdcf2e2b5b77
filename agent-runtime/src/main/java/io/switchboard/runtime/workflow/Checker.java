package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Collects validation errors of one node: its settings and the variables it references. */
final class Checker {
    /** The pseudo node whose fields are the graph's conversation variables. */
    static final String CONVERSATION = "conversation";

    static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9_-]*(?:\\.[A-Za-z0-9_-]+)+)\\s*}}");

    private final List<ValidationError> errors;
    private final Map<String, Map<String, VarType>> outputs;
    private final Set<String> ancestors;
    private final String nodeId;
    private final WorkflowGraph graph;
    private final boolean nested;

    Checker(
            WorkflowGraph graph,
            List<ValidationError> errors,
            Map<String, Map<String, VarType>> outputs,
            Set<String> ancestors,
            String nodeId,
            boolean nested) {
        this.graph = graph;
        this.nested = nested;
        this.errors = errors;
        this.outputs = outputs;
        this.ancestors = ancestors;
        this.nodeId = nodeId;
    }

    /** The type of node {@code id}, or null. */
    String typeOf(String id) {
        WorkflowNode node = graph.node(id);
        return node == null ? null : node.type();
    }

    void error(String field, String message) {
        errors.add(new ValidationError(nodeId, field, message));
    }

    /** The text setting {@code field}, or null after reporting that it is missing. */
    String requiredText(WorkflowNode node, String field) {
        JsonNode value = node.setting(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            error(field, "is required (text)");
            return null;
        }
        return value.asText();
    }

    /**
     * Checks a selector {@code nodeId.field[.path]}: the node runs before this one, declares the
     * field, and its type fits {@code expected}. Returns the field's type, or null when it does not resolve.
     */
    VarType reference(String field, String selector, VarType expected) {
        if (selector == null || !selector.matches("[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)+")) {
            error(field, "'" + selector + "' is not a variable reference like node.field");
            return null;
        }
        String[] parts = selector.split("\\.");
        if (parts[0].equals(CONVERSATION)) {
            return conversation(field, selector, parts, expected);
        }
        Map<String, VarType> declared = outputs.get(parts[0]);
        if (declared == null) {
            error(field, "references node '" + parts[0] + "', which does not exist");
            return null;
        }
        if (!ancestors.contains(parts[0])) {
            error(field, "references node '" + parts[0] + "', which does not run before this node");
            return null;
        }
        VarType type = declared.get(parts[1]);
        if (type == null) {
            error(field, "node '" + parts[0] + "' has no output '" + parts[1] + "' (it has " + declared.keySet() + ")");
            return null;
        }
        if (parts.length > 2) {
            if (type != VarType.OBJECT && type != VarType.ANY && type != VarType.ARRAY) {
                error(field, "'" + parts[0] + "." + parts[1] + "' is a " + type.label() + " and has no fields");
                return null;
            }
            type = VarType.ANY;
        }
        if (expected != null && !type.compatibleWith(expected)) {
            error(field, "'" + selector + "' is a " + type.label() + " but a " + expected.label() + " is needed");
        }
        return type;
    }

    private VarType conversation(String field, String selector, String[] parts, VarType expected) {
        ConversationVariable variable = conversationVariable(parts[1]);
        if (variable == null) {
            error(
                    field,
                    "conversation variable '" + parts[1] + "' is not declared (the workflow declares "
                            + graph.conversationVariables().stream()
                                    .map(ConversationVariable::name)
                                    .toList() + ")");
            return null;
        }
        VarType type = parts.length > 2 ? VarType.ANY : variable.varType();
        if (expected != null && !type.compatibleWith(expected)) {
            error(field, "'" + selector + "' is a " + type.label() + " but a " + expected.label() + " is needed");
        }
        return type;
    }

    /** The declared conversation variable, or null. */
    ConversationVariable conversationVariable(String name) {
        return graph.conversationVariables().stream()
                .filter(v -> v.name().equals(name))
                .findFirst()
                .orElse(null);
    }

    /** True inside an iteration or loop body (checked as its own graph). */
    boolean nested() {
        return nested;
    }

    /** Checks every {{reference}} of a template. */
    void template(String field, String template) {
        if (template == null) {
            return;
        }
        Matcher matcher = REFERENCE.matcher(template);
        while (matcher.find()) {
            reference(field, matcher.group(1), null);
        }
    }
}
