package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Maps Dify's iteration and loop containers: the nodes whose {@code parentId} is the container become
 * its {@code body} graph, started by the container's start node ({@code iteration-start} /
 * {@code loop-start}) and ended by an end node the import adds after every node without a successor.
 * Values from outside the body come in through {@code inputs}. An iteration's {@code output_selector} is
 * the body's result. A loop's variables change in Dify by assigner nodes inside the body; here each
 * such assignment becomes a node that computes the next value (an aggregator passing a variable on, the
 * calculator tool for arithmetic and numbers, a template for text) and the body's ends output the next
 * values; Dify's {@code loop-end} is an end that breaks the loop.
 */
final class DifyContainers {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String BODY_END = "body_end";
    private static final Map<String, String> ARITHMETIC = Map.of("+=", "+", "-=", "-", "*=", "*", "/=", "/");

    private final DifyNodes outer;
    private final JsonNode graph;

    DifyContainers(DifyNodes outer, JsonNode graph) {
        this.outer = outer;
        this.graph = graph;
    }

    /** One container's body as mapped so far. */
    private record Body(DifyReferences references, String start, List<WorkflowNode> nodes, List<WorkflowEdge> edges) {}

    String iteration(JsonNode node, ObjectNode config, String id) {
        JsonNode data = node.path("data");
        config.put("items", outer.references().selector(data.path("iterator_selector")));
        boolean parallel = data.path("is_parallel").asBoolean(false);
        config.put("mode", parallel ? "parallel" : "sequential");
        if (parallel) {
            int wanted = data.path("parallel_nums").asInt(10);
            config.put("concurrency", Math.max(1, Math.min(IterationNode.MAX_CONCURRENCY, wanted)));
            if (wanted > IterationNode.MAX_CONCURRENCY) {
                outer.unmapped()
                        .add("node '" + id + "': parallelism " + wanted + " is capped at "
                                + IterationNode.MAX_CONCURRENCY);
            }
        }
        config.put(
                "onItemError",
                switch (data.path("error_handle_mode").asText("terminated")) {
                    case "continue-on-error" -> "null";
                    case "remove-abnormal-output" -> "skip";
                    default -> "fail";
                });
        Body body = body(node, id, child -> null);
        String output = body.references().selector(data.path("output_selector"));
        ObjectNode end = JSON.objectNode();
        end.putArray("outputs").addObject().put("name", "output").put("value", output);
        finish(body, end, config);
        return "iteration";
    }

    String loop(JsonNode node, ObjectNode config, String id) {
        JsonNode data = node.path("data");
        String difyId = node.path("id").asText();
        int count = data.path("loop_count").asInt(10);
        config.put("maxCount", Math.max(1, Math.min(LoopNode.MAX_COUNT, count)));
        ArrayNode variables = config.putArray("variables");
        Set<String> names = new HashSet<>();
        for (JsonNode variable : data.path("loop_variables")) {
            String name = variable.path("label").asText();
            names.add(name);
            String type = type(variable.path("var_type").asText("string"));
            ObjectNode out = variables.addObject().put("name", name).put("type", type);
            JsonNode value = variable.path("value");
            if (variable.path("value_type").asText("constant").equals("variable")) {
                out.put("from", outer.references().selector(value));
            } else if (type.equals("number")
                    && value.isTextual()
                    && value.asText().matches("-?\\d+(\\.\\d+)?")) {
                out.put("value", Double.parseDouble(value.asText()));
            } else {
                out.set("value", value.isMissingNode() ? JSON.nullNode() : value);
            }
        }
        ArrayNode conditions = JSON.arrayNode();
        for (JsonNode condition : data.path("break_conditions")) {
            JsonNode selector = condition.path("variable_selector");
            if (!selector.path(0).asText().equals(difyId)
                    || !names.contains(selector.path(1).asText())) {
                outer.unmapped()
                        .add("node '" + id + "': a break condition on " + selector
                                + " is dropped; only loop variables can end a loop here");
                continue;
            }
            String operator = DifyNodes.OPERATORS.getOrDefault(
                    condition.path("comparison_operator").asText(), "equals");
            ObjectNode out = conditions
                    .addObject()
                    .put("variable", "loop." + selector.path(1).asText())
                    .put("operator", operator);
            DifyNodes.putValue(out, operator, condition.path("value").asText(""));
        }
        if (!conditions.isEmpty()) {
            ObjectNode until = config.putObject("until")
                    .put("logic", data.path("logical_operator").asText("and"));
            until.set("conditions", conditions);
        }
        Map<String, String> next = new LinkedHashMap<>();
        List<String> breaks = new ArrayList<>();
        Body body = body(node, id, child -> {
            String type = child.path("data").path("type").asText("");
            if (type.equals("loop-end")) {
                breaks.add(DifyNodes.id(child.path("id").asText()));
                return JSON.objectNode(); // placeholder: the break end is built once the next values are known
            }
            return null;
        });
        // Assigners on loop variables, mapped after the body so that their references are scoped.
        List<WorkflowNode> nodes = body.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            WorkflowNode mapped = nodes.get(i);
            JsonNode source = dify(mapped.id());
            if (source != null && source.path("data").path("type").asText("").equals("assigner")) {
                List<WorkflowNode> chain = loopAssignments(source, mapped, difyId, names, body, next);
                if (!chain.isEmpty()) {
                    nodes.set(i, chain.get(0));
                    nodes.addAll(i + 1, chain.subList(1, chain.size()));
                    chain(body.edges(), chain);
                    i += chain.size() - 1;
                }
            }
        }
        nodes.removeIf(n -> breaks.contains(n.id()));
        for (String breakId : breaks) {
            nodes.add(new WorkflowNode(breakId, "end", null, ends(next).put("loop", "break"), null, null));
        }
        finish(body, ends(next), config);
        return "loop";
    }

    /**
     * An assigner in a loop body that sets loop variables: one node per assignment computing the next
     * value, in order (the first keeps the assigner's id), or none when it assigns conversation
     * variables only.
     */
    private List<WorkflowNode> loopAssignments(
            JsonNode source, WorkflowNode mapped, String loop, Set<String> names, Body body, Map<String, String> next) {
        JsonNode items = source.path("data").path("items");
        List<JsonNode> own = new ArrayList<>();
        for (JsonNode item : items) {
            JsonNode target = item.path("variable_selector");
            if (target.path(0).asText().equals(loop)
                    && names.contains(target.path(1).asText())) {
                own.add(item);
            }
        }
        if (!own.isEmpty() && own.size() < items.size()) {
            outer.unmapped()
                    .add("node '" + mapped.id()
                            + "': it also assigns conversation variables; only the loop variables are kept");
        }
        List<WorkflowNode> chain = new ArrayList<>();
        for (int i = 0; i < own.size(); i++) {
            String id = i == 0 ? mapped.id() : mapped.id() + "_" + (i + 1);
            chain.add(loopAssignment(own.get(i), id, mapped, body, next));
        }
        return chain;
    }

    /** The chain replaces one node: its successors follow the last link. */
    private static void chain(List<WorkflowEdge> edges, List<WorkflowNode> chain) {
        String first = chain.get(0).id();
        String last = chain.get(chain.size() - 1).id();
        edges.replaceAll(edge -> edge.from().equals(first) ? new WorkflowEdge(last, edge.to(), edge.branch()) : edge);
        for (int i = 1; i < chain.size(); i++) {
            edges.add(new WorkflowEdge(chain.get(i - 1).id(), chain.get(i).id(), null));
        }
    }

    /** One assignment of a loop variable as the node computing its next value from the latest one. */
    private WorkflowNode loopAssignment(
            JsonNode item, String id, WorkflowNode mapped, Body body, Map<String, String> next) {
        String variable = item.path("variable_selector").path(1).asText();
        String operation = item.path("operation").asText("over-write");
        boolean constant = item.path("input_type").asText("variable").equals("constant");
        JsonNode value = item.path("value");
        String latest = next.getOrDefault(variable, body.start() + "." + variable);
        String current = "{{" + latest + "}}";
        ObjectNode config = JSON.objectNode();
        String type;
        String output;
        if (ARITHMETIC.containsKey(operation)) {
            String operand =
                    constant ? value.asText("0") : "{{" + body.references().selector(value) + "}}";
            type = calculator(config, current + " " + ARITHMETIC.get(operation) + " (" + operand + ")");
            output = "json";
        } else if ((operation.equals("over-write") || operation.equals("set")) && !constant) {
            config.putArray("variables").add(body.references().selector(value));
            type = "aggregator";
            output = "output";
        } else if ((operation.equals("over-write") || operation.equals("set")) && value.isNumber()) {
            type = calculator(config, value.asText());
            output = "json";
        } else if ((operation.equals("over-write") || operation.equals("set")) && value.isTextual()) {
            config.put("template", value.asText());
            config.putObject("variables");
            type = "template";
            output = "output";
        } else {
            outer.unmapped()
                    .add("node '" + mapped.id() + "': loop variable operation '" + operation + "' on '" + variable
                            + "' is not supported; the variable keeps its value");
            config.putArray("variables").add(latest);
            type = "aggregator";
            output = "output";
        }
        next.put(variable, id + "." + output);
        return new WorkflowNode(id, type, mapped.title(), config, null, mapped.position());
    }

    private static String calculator(ObjectNode config, String expression) {
        config.put("tool", "builtin/calculator");
        config.putObject("arguments").put("expression", expression);
        return "tool";
    }

    private static ObjectNode ends(Map<String, String> next) {
        ObjectNode end = JSON.objectNode();
        ArrayNode outputs = end.putArray("outputs");
        next.forEach((name, selector) -> outputs.addObject().put("name", name).put("value", selector));
        return end;
    }

    private static String type(String difyType) {
        if (difyType.startsWith("array")) {
            return "array";
        }
        return switch (difyType) {
            case "string", "number", "boolean", "object" -> difyType;
            default -> "any";
        };
    }

    /** The Dify node behind one of our ids (ids are kept apart from the letter put in front). */
    private JsonNode dify(String ourId) {
        for (JsonNode node : graph.path("nodes")) {
            if (DifyNodes.id(node.path("id").asText()).equals(ourId)) {
                return node;
            }
        }
        return null;
    }

    /**
     * The container's children mapped in a scope of their own; {@code special} may take a child (a
     * non-null answer: leave it out here).
     */
    private Body body(JsonNode container, String id, Function<JsonNode, ObjectNode> special) {
        String difyId = container.path("id").asText();
        List<JsonNode> children = new ArrayList<>();
        Set<String> members = new HashSet<>();
        for (JsonNode node : graph.path("nodes")) {
            if (difyId.equals(DifyImport.parent(node))) {
                children.add(node);
                members.add(node.path("id").asText());
            }
        }
        String startDify = container.path("data").path("start_node_id").asText("");
        boolean ownStart =
                members.contains(startDify) && outer.difyType(startDify).endsWith("-start");
        String start = ownStart ? DifyNodes.id(startDify) : "body_start";
        DifyReferences references = outer.references().body(difyId, start, members);
        DifyNodes mapper = outer.body(references, graph);
        List<WorkflowNode> nodes = new ArrayList<>();
        nodes.add(new WorkflowNode(start, "start", null, JSON.objectNode(), null, null));
        for (JsonNode child : children) {
            String type = child.path("data").path("type").asText("");
            if (type.endsWith("-start") || type.equals("custom-note")) {
                continue;
            }
            ObjectNode taken = special.apply(child);
            nodes.add(
                    taken != null
                            ? new WorkflowNode(DifyNodes.id(child.path("id").asText()), "end", null, taken, null, null)
                            : mapper.node(child));
        }
        List<WorkflowEdge> edges = new ArrayList<>();
        for (JsonNode edge : graph.path("edges")) {
            if (members.contains(edge.path("source").asText())
                    && members.contains(edge.path("target").asText())) {
                edges.add(mapper.edge(edge));
            }
        }
        if (!ownStart && members.contains(startDify)) {
            edges.add(new WorkflowEdge(start, DifyNodes.id(startDify), null));
        }
        if (children.isEmpty()) {
            outer.unmapped().add("node '" + id + "': the container has no nodes in the export");
        }
        return new Body(references, start, nodes, edges);
    }

    /** Adds the end after every node without a successor, then the body and its inputs to the config. */
    private static void finish(Body body, ObjectNode end, ObjectNode config) {
        Set<String> sources = new HashSet<>();
        body.edges().forEach(edge -> sources.add(edge.from()));
        List<WorkflowEdge> edges = new ArrayList<>(body.edges());
        for (WorkflowNode node : body.nodes()) {
            if (!node.type().equals("end") && !sources.contains(node.id())) {
                edges.add(new WorkflowEdge(node.id(), BODY_END, null));
            }
        }
        List<WorkflowNode> nodes = new ArrayList<>(body.nodes());
        nodes.add(new WorkflowNode(BODY_END, "end", null, end, null, null));
        ObjectNode inputs = config.putObject("inputs");
        body.references().inputs().forEach(inputs::put);
        ObjectNode graph = config.putObject("body");
        graph.set("nodes", Variables.JSON.valueToTree(nodes));
        graph.set("edges", Variables.JSON.valueToTree(edges));
    }
}
