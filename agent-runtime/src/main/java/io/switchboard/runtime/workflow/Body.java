package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code body} of an iteration or loop node: a graph of its own ({@code {nodes, edges}}) with one
 * start, whose inputs the engine declares (the iteration's {@code item} and {@code index}, a loop's
 * variables, and the names of the node's {@code inputs: {name: selector}}), and end nodes whose
 * outputs are one item's (or round's) result. Checked and planned once per config object.
 */
final class Body {
    /** Plans by config identity: a stored graph's configs live as long as its plan. */
    private static final Cache<JsonNode, Plan> PLANS =
            Caffeine.newBuilder().weakKeys().maximumSize(1_000).build();

    private Body() {}

    /** The body graph with its start's inputs declared as {@code names}; throws IllegalArgumentException. */
    static WorkflowGraph graph(WorkflowNode node, Set<String> names) {
        JsonNode body = node.setting("body");
        if (!body.isObject()) {
            throw new IllegalArgumentException("must be a graph {nodes, edges}");
        }
        WorkflowGraph graph = Variables.JSON.convertValue(body, WorkflowGraph.class);
        List<WorkflowNode> nodes = new ArrayList<>();
        for (WorkflowNode inner : graph.nodes()) {
            if (inner.type().equals("start")) {
                ObjectNode config = inner.config().deepCopy();
                var inputs = config.putArray("inputs");
                names.forEach(name -> inputs.addObject().put("name", name).put("type", "any"));
                inner = new WorkflowNode(inner.id(), "start", inner.title(), config, inner.onError(), inner.position());
            }
            nodes.add(inner);
        }
        return new WorkflowGraph(graph.description(), nodes, graph.edges(), List.of());
    }

    /** Reports the body's problems as {@code body.<node>.<field>} of the outer node. */
    static void check(WorkflowNode node, Set<String> names, Checker checker) {
        WorkflowGraph graph;
        try {
            graph = graph(node, names);
        } catch (IllegalArgumentException e) {
            checker.error("body", e.getMessage().lines().findFirst().orElse("is not a graph"));
            return;
        }
        for (ValidationError error : GraphValidator.validate(graph, true)) {
            checker.error(
                    "body" + (error.node() == null ? "" : "." + error.node()) + "." + error.field(), error.message());
        }
        JsonNode inputs = node.setting("inputs");
        if (!inputs.isMissingNode() && !inputs.isObject()) {
            checker.error("inputs", "must be an object of {name: node.field}");
            return;
        }
        inputs.fields().forEachRemaining(i -> {
            if (!i.getKey().matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
                checker.error("inputs." + i.getKey(), "must be a variable name (letters, digits, '_')");
            }
            checker.reference("inputs." + i.getKey(), i.getValue().asText(null), null);
        });
    }

    /** The names of the node's {@code inputs}, for the body start. */
    static Set<String> inputNames(WorkflowNode node) {
        Set<String> names = new java.util.LinkedHashSet<>();
        node.setting("inputs").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The values of the node's {@code inputs} in the outer run. */
    static Map<String, Object> inputs(WorkflowNode node, NodeContext context) {
        Map<String, Object> values = new LinkedHashMap<>();
        node.setting("inputs")
                .fields()
                .forEachRemaining(i -> values.put(
                        i.getKey(), context.variables().resolve(i.getValue().asText())));
        return values;
    }

    static Plan plan(WorkflowNode node, Set<String> names) {
        return PLANS.get(node.setting("body"), key -> Plan.of(graph(node, names), true));
    }

    /** One pass through the body. */
    record Pass(Execution.Outcome outcome, List<NodeTrace> traces, String endAction) {}

    static Pass run(Plan plan, Map<String, Object> inputs, NodeContext context) {
        Execution execution =
                new Execution(plan, context.services(), null, context.scope().nestedScope(), Map.of());
        Duration left = Duration.between(Instant.now(context.scope().clock()), context.deadline());
        Execution.Outcome outcome = execution.run(
                inputs, context.variables().outputs(Checker.CONVERSATION), left.isNegative() ? Duration.ZERO : left);
        String action = "continue";
        for (NodeTrace trace : execution.traces()) {
            if (trace.type().equals("end") && trace.status() == NodeTrace.Status.SUCCEEDED) {
                WorkflowNode end = plan.node(trace.nodeId());
                action = end.setting("loop").asText("continue");
            }
        }
        return new Pass(outcome, execution.traces(), action);
    }

    /** The traces of one pass, their ids prefixed {@code node[i].}. */
    static void collect(String prefix, List<NodeTrace> traces, List<NodeTrace> into) {
        for (NodeTrace t : traces) {
            into.add(new NodeTrace(
                    prefix + t.nodeId(),
                    t.type(),
                    t.status(),
                    t.inputs(),
                    t.outputs(),
                    t.error(),
                    t.attempts(),
                    t.startedMicros(),
                    t.durationMicros(),
                    t.tokens(),
                    t.children()));
        }
    }

    /** A single end output is the value itself; several are the object of them. */
    static Object result(Map<String, Object> outputs) {
        return outputs.size() == 1 ? outputs.values().iterator().next() : outputs;
    }
}
