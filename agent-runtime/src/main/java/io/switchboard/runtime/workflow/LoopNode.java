package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code loop}: runs {@code body} (see {@link Body}) round after round, at most {@code maxCount} times
 * (at most {@link #MAX_COUNT}). {@code variables: [{name, type, value, from}]} are the loop's state
 * (starting from the constant {@code value}, or from the selector {@code from} of the outer run): each
 * round's start gets them with {@code index} and the node's {@code inputs}, and the end's outputs of the
 * same names replace them. After each round {@code until} ({@code {logic, conditions}} as in if/else,
 * on {@code loop.<variable>} or {@code loop.index}) ends the loop when it holds; an end node with
 * {@code "loop": "break"} ends it at once (after taking its outputs), {@code "continue"} (default) goes
 * on. A failed round fails the node. Outputs the variables' final values and {@code rounds}.
 */
final class LoopNode implements NodeKind {
    static final int MAX_COUNT = 1_000;
    private static final String LOOP = "loop";

    @Override
    public Map<String, VarType> outputs(WorkflowNode node) {
        Map<String, VarType> outputs = new LinkedHashMap<>();
        for (JsonNode variable : node.setting("variables")) {
            VarType type = VarType.parse(variable.path("type").asText("any"));
            outputs.put(variable.path("name").asText(), type == null ? VarType.ANY : type);
        }
        outputs.put("rounds", VarType.NUMBER);
        return outputs;
    }

    private static Set<String> names(WorkflowNode node) {
        Set<String> names = new LinkedHashSet<>(List.of("index"));
        node.setting("variables").forEach(v -> names.add(v.path("name").asText()));
        names.addAll(Body.inputNames(node));
        return names;
    }

    @Override
    public void check(WorkflowNode node, Checker checker) {
        JsonNode max = node.setting("maxCount");
        if (!max.isIntegralNumber() || max.asInt() < 1 || max.asInt() > MAX_COUNT) {
            checker.error("maxCount", "is required: a whole number from 1 to " + MAX_COUNT);
        }
        Set<String> declared = new LinkedHashSet<>(List.of("index"));
        JsonNode variables = node.setting("variables");
        for (int i = 0; i < variables.size(); i++) {
            String name = variables.get(i).path("name").asText("");
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}") || name.equals("rounds") || !declared.add(name)) {
                checker.error(
                        "variables[" + i + "].name", "must be a unique variable name other than index and rounds");
            }
            if (VarType.parse(variables.get(i).path("type").asText("any")) == null) {
                checker.error("variables[" + i + "].type", "must be string, number, boolean, object, array or any");
            }
            if (variables.get(i).hasNonNull("from")) {
                checker.reference(
                        "variables[" + i + "].from",
                        variables.get(i).path("from").asText(),
                        null);
            }
        }
        JsonNode until = node.setting("until");
        if (!until.isMissingNode() && !until.isNull()) {
            JsonNode conditions = until.path("conditions");
            if (!conditions.isArray() || conditions.isEmpty()) {
                checker.error("until.conditions", "must list at least one condition");
            }
            for (int i = 0; i < conditions.size(); i++) {
                String variable = conditions.get(i).path("variable").asText("");
                String[] parts = variable.split("\\.", 2);
                if (!parts[0].equals(LOOP) || parts.length < 2 || !declared.contains(parts[1].split("\\.")[0])) {
                    checker.error("until.conditions[" + i + "].variable", "must be loop.<variable> of " + declared);
                }
                if (!IfElseNode.OPERATORS.contains(
                        conditions.get(i).path("operator").asText(""))) {
                    checker.error("until.conditions[" + i + "].operator", "must be one of " + IfElseNode.OPERATORS);
                }
            }
        }
        Body.check(node, names(node), checker);
    }

    @Override
    public NodeResult run(WorkflowNode node, NodeContext context) {
        Plan plan = Body.plan(node, names(node));
        Map<String, Object> state = new LinkedHashMap<>();
        for (JsonNode variable : node.setting("variables")) {
            state.put(
                    variable.path("name").asText(),
                    variable.hasNonNull("from")
                            ? context.variables().resolve(variable.path("from").asText())
                            : Variables.JSON.convertValue(variable.path("value"), Object.class));
        }
        Map<String, Object> shared = Body.inputs(node, context);
        int max = node.setting("maxCount").asInt();
        List<NodeTrace> children = new ArrayList<>();
        int tokens = 0;
        int rounds = 0;
        while (rounds < max) {
            Map<String, Object> inputs = new HashMap<>(shared);
            inputs.putAll(state);
            inputs.put("index", rounds);
            Body.Pass pass = Body.run(plan, inputs, context);
            Body.collect(node.id() + "[" + rounds + "].", pass.traces(), children);
            tokens += pass.outcome().tokens();
            rounds++;
            if (pass.outcome().status() != WorkflowRun.Status.SUCCEEDED) {
                throw new WorkflowFailure(
                        "round " + (rounds - 1) + " failed: " + pass.outcome().error());
            }
            pass.outcome().outputs().forEach((name, value) -> {
                if (state.containsKey(name)) {
                    state.put(name, value);
                }
            });
            if (pass.endAction().equals("break") || holds(node.setting("until"), state, rounds)) {
                break;
            }
        }
        Map<String, Object> outputs = new HashMap<>(state);
        outputs.put("rounds", rounds);
        return new NodeResult(outputs, null, tokens, children);
    }

    private static boolean holds(JsonNode until, Map<String, Object> state, int rounds) {
        if (!until.isObject()) {
            return false;
        }
        Variables scope = new Variables();
        Map<String, Object> loop = new HashMap<>(state);
        loop.put("index", rounds - 1);
        scope.put(LOOP, loop);
        boolean and = !"or".equals(until.path("logic").asText("and"));
        boolean holds = and;
        for (JsonNode condition : until.path("conditions")) {
            boolean value = IfElseNode.holds(condition, scope);
            holds = and ? holds && value : holds || value;
        }
        return holds;
    }
}
