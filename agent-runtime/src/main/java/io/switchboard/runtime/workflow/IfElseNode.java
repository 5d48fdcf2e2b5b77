package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code if-else}: {@code cases: [{id, logic: and|or, conditions: [{variable, operator, value}]}]},
 * tried in order; the first that holds takes its branch, else the {@code else} branch. Operators:
 * equals, not_equals, contains, not_contains, starts_with, ends_with, empty, not_empty, gt, gte, lt, lte,
 * regex. Output {@code branch}: the case id taken.
 */
final class IfElseNode implements NodeKind {
    static final String ELSE = "else";
    static final Set<String> OPERATORS = Set.of(
            "equals",
            "not_equals",
            "contains",
            "not_contains",
            "starts_with",
            "ends_with",
            "empty",
            "not_empty",
            "gt",
            "gte",
            "lt",
            "lte",
            "regex");
    /** Regex input is capped so that a pathological pattern cannot spin on a huge value. */
    private static final int MAX_REGEX_INPUT = 10_000;

    @Override
    public Map<String, VarType> outputs(WorkflowNode node) {
        return Map.of("branch", VarType.STRING);
    }

    @Override
    public Set<String> branches(WorkflowNode node) {
        Set<String> branches = new LinkedHashSet<>();
        node.setting("cases").forEach(c -> branches.add(c.path("id").asText()));
        branches.add(ELSE);
        return branches;
    }

    @Override
    public void check(WorkflowNode node, Checker checker) {
        JsonNode cases = node.setting("cases");
        if (!cases.isArray() || cases.isEmpty()) {
            checker.error("cases", "must list at least one case");
            return;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < cases.size(); i++) {
            JsonNode c = cases.get(i);
            String field = "cases[" + i + "]";
            String id = c.path("id").asText("");
            if (!id.matches("[A-Za-z0-9_-]{1,63}") || id.equals(ELSE) || !ids.add(id)) {
                checker.error(field + ".id", "must be a unique name other than 'else'");
            }
            String logic = c.path("logic").asText("and");
            if (!logic.equals("and") && !logic.equals("or")) {
                checker.error(field + ".logic", "must be and or or");
            }
            JsonNode conditions = c.path("conditions");
            if (!conditions.isArray() || conditions.isEmpty()) {
                checker.error(field + ".conditions", "must list at least one condition");
                continue;
            }
            for (int j = 0; j < conditions.size(); j++) {
                checkCondition(conditions.get(j), field + ".conditions[" + j + "]", checker);
            }
        }
    }

    private static void checkCondition(JsonNode condition, String field, Checker checker) {
        String operator = condition.path("operator").asText("");
        if (!OPERATORS.contains(operator)) {
            checker.error(field + ".operator", "must be one of " + OPERATORS);
            return;
        }
        VarType expected = switch (operator) {
            case "gt", "gte", "lt", "lte" -> VarType.NUMBER;
            case "starts_with", "ends_with", "regex" -> VarType.STRING;
            default -> null;
        };
        VarType type = checker.reference(
                field + ".variable", condition.path("variable").asText(null), expected);
        if ((operator.equals("contains") || operator.equals("not_contains"))
                && type != null
                && type != VarType.STRING
                && type != VarType.ARRAY
                && type != VarType.ANY) {
            checker.error(field + ".variable", "contains needs a string or an array, not a " + type.label());
        }
        if (expected == VarType.NUMBER && !condition.path("value").isNumber()) {
            checker.error(field + ".value", "must be a number for " + operator);
        }
        if (operator.equals("regex")) {
            try {
                Pattern.compile(condition.path("value").asText(""));
            } catch (PatternSyntaxException e) {
                checker.error(field + ".value", "is not a valid regular expression: " + e.getDescription());
            }
        }
    }

    @Override
    public NodeResult run(WorkflowNode node, NodeContext context) {
        for (JsonNode c : node.setting("cases")) {
            boolean and = !"or".equals(c.path("logic").asText("and"));
            boolean holds = and;
            for (JsonNode condition : c.path("conditions")) {
                boolean value = holds(condition, context.variables());
                holds = and ? holds && value : holds || value;
            }
            if (holds) {
                String id = c.path("id").asText();
                return new NodeResult(Map.of("branch", id), id, 0);
            }
        }
        return new NodeResult(Map.of("branch", ELSE), ELSE, 0);
    }

    static boolean holds(JsonNode condition, Variables variables) {
        return test(variables.resolve(condition.path("variable").asText()), condition);
    }

    /** Whether {@code actual} satisfies {@code condition}'s operator and value (its variable is not read). */
    static boolean test(Object actual, JsonNode condition) {
        JsonNode expected = condition.path("value");
        String expectedText = expected.isValueNode() ? expected.asText() : expected.toString();
        return switch (condition.path("operator").asText()) {
            case "equals" -> equal(actual, expected);
            case "not_equals" -> !equal(actual, expected);
            case "contains" -> contains(actual, expectedText);
            case "not_contains" -> !contains(actual, expectedText);
            case "starts_with" -> Variables.text(actual).startsWith(expectedText);
            case "ends_with" -> Variables.text(actual).endsWith(expectedText);
            case "empty" -> empty(actual);
            case "not_empty" -> !empty(actual);
            case "gt" -> number(actual) > expected.asDouble();
            case "gte" -> number(actual) >= expected.asDouble();
            case "lt" -> number(actual) < expected.asDouble();
            case "lte" -> number(actual) <= expected.asDouble();
            case "regex" -> {
                String text = Variables.text(actual);
                yield Pattern.compile(expectedText)
                        .matcher(text.length() > MAX_REGEX_INPUT ? text.substring(0, MAX_REGEX_INPUT) : text)
                        .find();
            }
            default -> false;
        };
    }

    private static boolean equal(Object actual, JsonNode expected) {
        if (actual instanceof Number n && expected.isNumber()) {
            return n.doubleValue() == expected.asDouble();
        }
        if (actual instanceof Boolean b && expected.isBoolean()) {
            return b == expected.asBoolean();
        }
        return Variables.text(actual).equals(expected.isValueNode() ? expected.asText() : expected.toString());
    }

    private static boolean contains(Object actual, String expected) {
        if (actual instanceof Collection<?> items) {
            return items.stream().anyMatch(item -> Variables.text(item).equals(expected));
        }
        return actual != null && Variables.text(actual).contains(expected);
    }

    private static boolean empty(Object actual) {
        return switch (actual) {
            case null -> true;
            case String s -> s.isBlank();
            case Collection<?> c -> c.isEmpty();
            case Map<?, ?> m -> m.isEmpty();
            default -> false;
        };
    }

    private static double number(Object actual) {
        if (actual instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(Variables.text(actual).strip());
        } catch (NumberFormatException e) {
            throw new WorkflowFailure("'" + Variables.text(actual) + "' is not a number");
        }
    }
}
