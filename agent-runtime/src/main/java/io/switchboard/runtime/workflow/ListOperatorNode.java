package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code list-operator}: takes the array {@code variable}, keeps the items that pass every
 * {@code filter: [{field, operator, value}]} (if/else operators; {@code field} is a path into an
 * object item, omitted for plain items), sorts by {@code sort: {field, order: asc|desc}}, then slices
 * {@code offset} / {@code limit}. Outputs {@code result} (array), {@code first}, {@code last} and
 * {@code count}.
 */
final class ListOperatorNode implements NodeKind {
    @Override
    public Map<String, VarType> outputs(WorkflowNode node) {
        return Map.of("result", VarType.ARRAY, "first", VarType.ANY, "last", VarType.ANY, "count", VarType.NUMBER);
    }

    @Override
    public void check(WorkflowNode node, Checker checker) {
        checker.reference("variable", checker.requiredText(node, "variable"), VarType.ARRAY);
        JsonNode filter = node.setting("filter");
        if (!filter.isMissingNode() && !filter.isArray()) {
            checker.error("filter", "must be an array of {field, operator, value}");
        }
        for (int i = 0; i < filter.size(); i++) {
            String operator = filter.get(i).path("operator").asText("");
            if (!IfElseNode.OPERATORS.contains(operator)) {
                checker.error("filter[" + i + "].operator", "must be one of " + IfElseNode.OPERATORS);
            } else if (Set.of("gt", "gte", "lt", "lte").contains(operator)
                    && !filter.get(i).path("value").isNumber()) {
                checker.error("filter[" + i + "].value", "must be a number for " + operator);
            }
        }
        JsonNode sort = node.setting("sort");
        if (!sort.isMissingNode() && !sort.isNull()) {
            String order = sort.path("order").asText("asc");
            if (!sort.isObject() || (!order.equals("asc") && !order.equals("desc"))) {
                checker.error("sort", "must be {field, order: asc or desc}");
            }
        }
        for (String field : List.of("offset", "limit")) {
            JsonNode value = node.setting(field);
            if (!value.isMissingNode() && (!value.isIntegralNumber() || value.asInt() < 0)) {
                checker.error(field, "must be a whole number of 0 or more");
            }
        }
    }

    @Override
    public NodeResult run(WorkflowNode node, NodeContext context) {
        Object value = context.variables().resolve(node.setting("variable").asText());
        if (value != null && !(value instanceof List<?>)) {
            throw new WorkflowFailure("'" + node.setting("variable").asText() + "' is not an array");
        }
        List<Object> items = new ArrayList<>(value == null ? List.of() : (List<?>) value);
        for (JsonNode condition : node.setting("filter")) {
            String field = condition.path("field").asText("");
            items.removeIf(item -> !IfElseNode.test(field(item, field), condition));
        }
        JsonNode sort = node.setting("sort");
        if (sort.isObject()) {
            String field = sort.path("field").asText("");
            Comparator<Object> order = Comparator.comparing(item -> field(item, field), ListOperatorNode::compare);
            items.sort(sort.path("order").asText("asc").equals("desc") ? order.reversed() : order);
        }
        int offset = Math.min(items.size(), node.setting("offset").asInt(0));
        int limit = node.setting("limit").isMissingNode()
                ? Integer.MAX_VALUE
                : node.setting("limit").asInt();
        List<Object> result =
                new ArrayList<>(items.subList(offset, (int) Math.min(items.size(), (long) offset + limit)));
        Map<String, Object> outputs = new HashMap<>();
        outputs.put("result", result);
        outputs.put("first", result.isEmpty() ? null : result.getFirst());
        outputs.put("last", result.isEmpty() ? null : result.getLast());
        outputs.put("count", result.size());
        return NodeResult.of(outputs);
    }

    /** The value at a dotted path inside an item; the item itself for an empty path. */
    static Object field(Object item, String path) {
        Object value = item;
        if (path.isEmpty()) {
            return value;
        }
        for (String part : path.split("\\.")) {
            value = value instanceof Map<?, ?> map ? map.get(part) : null;
        }
        return value;
    }

    /** Numbers by value, then text; absent values last. */
    private static int compare(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return Variables.text(a).compareTo(Variables.text(b));
    }
}
