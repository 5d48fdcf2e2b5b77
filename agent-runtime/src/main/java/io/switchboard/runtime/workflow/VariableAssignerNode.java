package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code variable-assigner}: writes conversation variables, which the next turn of the same chat
 * conversation reads. {@code assignments: [{variable: "conversation.name", operation, value}]}; operations
 * {@code overwrite}, {@code append} (one item to an array), {@code extend} (an array's items),
 * {@code clear}, {@code increment}, {@code decrement} (numbers) take {@code value} as a selector;
 * {@code set} takes it as a constant. Outputs the assigned variables' new values by name. The values are
 * kept when the run succeeds.
 */
final class VariableAssignerNode implements NodeKind {
    private static final Set<String> WITH_SELECTOR = Set.of("overwrite", "append", "extend", "increment", "decrement");
    private static final Set<String> OPERATIONS =
            Set.of("overwrite", "append", "extend", "clear", "set", "increment", "decrement");

    @Override
    public Map<String, VarType> outputs(WorkflowNode node) {
        Map<String, VarType> outputs = new LinkedHashMap<>();
        for (JsonNode assignment : node.setting("assignments")) {
            String variable = assignment.path("variable").asText("");
            outputs.put(variable.substring(variable.indexOf('.') + 1), VarType.ANY);
        }
        return outputs;
    }

    @Override
    public void check(WorkflowNode node, Checker checker) {
        JsonNode assignments = node.setting("assignments");
        if (!assignments.isArray() || assignments.isEmpty()) {
            checker.error("assignments", "must list at least one {variable, operation, value}");
            return;
        }
        for (int i = 0; i < assignments.size(); i++) {
            JsonNode assignment = assignments.get(i);
            String field = "assignments[" + i + "]";
            String variable = assignment.path("variable").asText("");
            ConversationVariable target = variable.startsWith(Checker.CONVERSATION + ".")
                    ? checker.conversationVariable(variable.substring(Checker.CONVERSATION.length() + 1))
                    : null;
            if (target == null) {
                checker.error(field + ".variable", "must name a declared conversation variable as conversation.name");
                continue;
            }
            String operation = assignment.path("operation").asText("overwrite");
            if (!OPERATIONS.contains(operation)) {
                checker.error(field + ".operation", "must be one of " + OPERATIONS);
                continue;
            }
            VarType type = target.varType();
            if (Set.of("append", "extend").contains(operation) && !type.compatibleWith(VarType.ARRAY)) {
                checker.error(
                        field + ".operation",
                        operation + " needs an array variable, '" + target.name() + "' is a " + type.label());
            }
            if (Set.of("increment", "decrement").contains(operation) && !type.compatibleWith(VarType.NUMBER)) {
                checker.error(
                        field + ".operation",
                        operation + " needs a number variable, '" + target.name() + "' is a " + type.label());
            }
            if (WITH_SELECTOR.contains(operation)) {
                VarType expected = switch (operation) {
                    case "overwrite" -> type;
                    case "extend" -> VarType.ARRAY;
                    case "increment", "decrement" -> VarType.NUMBER;
                    default -> null;
                };
                checker.reference(field + ".value", assignment.path("value").asText(null), expected);
            } else if (operation.equals("set")
                    && !type.compatibleWith(
                            VarType.of(Variables.JSON.convertValue(assignment.path("value"), Object.class)))) {
                checker.error(field + ".value", "must be a " + type.label());
            }
        }
    }

    @Override
    public NodeResult run(WorkflowNode node, NodeContext context) {
        Map<String, Object> conversation = context.variables().outputs(Checker.CONVERSATION);
        Map<String, Object> outputs = new HashMap<>();
        for (JsonNode assignment : node.setting("assignments")) {
            String name = assignment.path("variable").asText().substring(Checker.CONVERSATION.length() + 1);
            String operation = assignment.path("operation").asText("overwrite");
            JsonNode value = assignment.path("value");
            Object given = operation.equals("set")
                    ? Variables.JSON.convertValue(value, Object.class)
                    : WITH_SELECTOR.contains(operation) ? context.variables().resolve(value.asText()) : null;
            synchronized (conversation) {
                Object updated = apply(operation, conversation.get(name), given, name);
                conversation.put(name, updated);
                outputs.put(name, updated);
            }
        }
        return NodeResult.of(outputs);
    }

    private static Object apply(String operation, Object current, Object given, String name) {
        return switch (operation) {
            case "append" -> {
                List<Object> list = current instanceof Collection<?> c ? new ArrayList<>(c) : new ArrayList<>();
                list.add(given);
                yield list;
            }
            case "extend" -> {
                List<Object> list = current instanceof Collection<?> c ? new ArrayList<>(c) : new ArrayList<>();
                if (given instanceof Collection<?> items) {
                    list.addAll(items);
                }
                yield list;
            }
            case "clear" ->
                current instanceof Collection<?>
                        ? new ArrayList<>()
                        : current instanceof Map<?, ?> ? new HashMap<>() : null;
            case "increment", "decrement" -> {
                double base = current instanceof Number n ? n.doubleValue() : 0;
                if (!(given instanceof Number by)) {
                    throw new WorkflowFailure("'" + name + "' can only be incremented by a number");
                }
                double result = operation.equals("increment") ? base + by.doubleValue() : base - by.doubleValue();
                yield result == Math.rint(result) && Math.abs(result) < 1e15 ? (Object) (long) result : result;
            }
            default -> given;
        };
    }
}
