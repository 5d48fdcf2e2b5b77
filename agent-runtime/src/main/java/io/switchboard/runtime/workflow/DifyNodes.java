package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Maps Dify nodes to ours: the flow (start, end, answer, if/else, aggregator) here, the nodes that do work
 * in {@link DifyActionNodes}; collects what cannot be mapped.
 */
final class DifyNodes {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final Map<String, String> OPERATORS = Map.ofEntries(
            Map.entry("contains", "contains"),
            Map.entry("not contains", "not_contains"),
            Map.entry("start with", "starts_with"),
            Map.entry("end with", "ends_with"),
            Map.entry("is", "equals"),
            Map.entry("is not", "not_equals"),
            Map.entry("empty", "empty"),
            Map.entry("not empty", "not_empty"),
            Map.entry("=", "equals"),
            Map.entry("≠", "not_equals"),
            Map.entry(">", "gt"),
            Map.entry("<", "lt"),
            Map.entry("≥", "gte"),
            Map.entry("≤", "lte"));

    private final Map<String, String> types;
    private final DifyReferences references;
    private final List<String> unmapped;
    private final DifyActionNodes actions;
    private final DifyMoreNodes more;
    private final DifyLaterNodes later;
    private final DifyContainers containers;
    private final String defaultProvider;
    private final String startId;
    private final JsonNode graph;

    static DifyNodes create(JsonNode graph, String defaultProvider) {
        Map<String, String> types = new HashMap<>();
        String startId = null;
        for (JsonNode node : graph.path("nodes")) {
            String type = node.path("data").path("type").asText("");
            types.put(node.path("id").asText(), type);
            if (type.equals("start")) {
                startId = node.path("id").asText();
            }
        }
        return new DifyNodes(
                types, new DifyReferences(types, startId), new ArrayList<>(), defaultProvider, startId, graph);
    }

    private DifyNodes(
            Map<String, String> types,
            DifyReferences references,
            List<String> unmapped,
            String defaultProvider,
            String startId,
            JsonNode graph) {
        this.types = types;
        this.references = references;
        this.unmapped = unmapped;
        this.defaultProvider = defaultProvider;
        this.startId = startId;
        this.graph = graph;
        actions = new DifyActionNodes(references, unmapped, defaultProvider, startId);
        more = new DifyMoreNodes(references, unmapped, actions);
        later = new DifyLaterNodes(references, unmapped, actions);
        containers = new DifyContainers(this, graph);
    }

    /** The mapper of a container's body: the same types and list of what is unmapped, scoped references. */
    DifyNodes body(DifyReferences scoped, JsonNode graph) {
        return new DifyNodes(types, scoped, unmapped, defaultProvider, startId, graph);
    }

    DifyReferences references() {
        return references;
    }

    String difyType(String difyId) {
        return types.getOrDefault(difyId, "");
    }

    /** The edge in our terms: the branch is the source handle after a node with branches. */
    WorkflowEdge edge(JsonNode edge) {
        String source = edge.path("source").asText();
        String handle = edge.path("sourceHandle").asText("source");
        String branch = switch (types.getOrDefault(source, "")) {
            case "if-else" -> handle.equals("false") ? IfElseNode.ELSE : handle;
            case "question-classifier" -> handle;
            case "human-input" -> handle.equals("__timeout") ? HumanDecision.TIMEOUT : handle;
            default -> null;
        };
        return new WorkflowEdge(id(source), id(edge.path("target").asText()), branch);
    }

    private String selector(JsonNode selector) {
        return references.selector(selector);
    }

    List<String> unmapped() {
        return unmapped;
    }

    /** Dify ids are often numbers; ours start with a letter. */
    static String id(String difyId) {
        String cleaned = difyId.replaceAll("[^A-Za-z0-9_-]", "_");
        return Character.isLetter(cleaned.isEmpty() ? '0' : cleaned.charAt(0)) ? cleaned : "n" + cleaned;
    }

    WorkflowNode node(JsonNode node) {
        JsonNode data = node.path("data");
        String difyType = data.path("type").asText("");
        String id = id(node.path("id").asText());
        String title = data.path("title").asText(null);
        ObjectNode config = JSON.objectNode();
        String type = switch (difyType) {
            case "start" -> start(data, config);
            case "end" -> end(data, config);
            case "answer" -> answer(data, config, id);
            case "llm" -> actions.llm(data, config, id);
            case "code" -> actions.code(data, config, id);
            case "if-else" -> ifElse(data, config);
            case "variable-aggregator", "variable-assigner" -> aggregator(data, config);
            case "http-request" -> actions.http(data, config);
            case "knowledge-retrieval" -> actions.knowledge(data, config, id);
            case "tool" -> actions.tool(data, config, id);
            case "iteration" -> containers.iteration(node, config, id);
            case "loop" -> containers.loop(node, config, id);
            case "agent" -> later.agent(data, config, id);
            case "human-input" -> later.humanInput(node, config, id, graph.path("edges"));
            default -> more.map(difyType, data, config, id);
        };
        if (type == null) {
            unmapped.add("node '" + id + "' (" + (title == null ? difyType : title) + "): Dify node type '" + difyType
                    + "' has no Switchboard equivalent");
            return new WorkflowNode(
                    id,
                    difyType.isBlank() ? "unknown" : difyType,
                    title,
                    JSON.objectNode(),
                    null,
                    WorkflowNode.Position.of(node.path("position")));
        }
        return new WorkflowNode(id, type, title, config, null, WorkflowNode.Position.of(node.path("position")));
    }

    private String start(JsonNode data, ObjectNode config) {
        ArrayNode inputs = config.putArray("inputs");
        for (JsonNode variable : data.path("variables")) {
            String kind = variable.path("type").asText("text-input");
            String type = switch (kind) {
                case "number" -> "number";
                case "text-input", "paragraph", "select" -> "string";
                default -> null;
            };
            if (type == null) {
                unmapped.add("start input '" + variable.path("variable").asText() + "': type '" + kind
                        + "' is not supported");
                continue;
            }
            inputs.addObject()
                    .put("name", variable.path("variable").asText())
                    .put("type", type)
                    .put("required", variable.path("required").asBoolean(false))
                    .put("description", variable.path("label").asText(""));
        }
        // Chat flows read sys.query and friends; they become start inputs.
        for (String system : List.of("query", "conversation_id", "user_id")) {
            boolean declared = false;
            for (JsonNode input : inputs) {
                declared |= input.path("name").asText().equals(system);
            }
            if (!declared) {
                inputs.addObject().put("name", system).put("type", "string").put("required", false);
            }
        }
        return "start";
    }

    private String end(JsonNode data, ObjectNode config) {
        ArrayNode outputs = config.putArray("outputs");
        for (JsonNode output : data.path("outputs")) {
            outputs.addObject()
                    .put("name", output.path("variable").asText())
                    .put("value", selector(output.path("value_selector")));
        }
        return "end";
    }

    private String answer(JsonNode data, ObjectNode config, String id) {
        String answer = data.path("answer").asText("").strip();
        Matcher matcher = DifyReferences.TEMPLATE.matcher(answer);
        if (!matcher.matches()) {
            unmapped.add("node '" + id + "': answer text around variables is dropped; only '"
                    + answer.replaceAll("(?s).*?(\\{\\{#[^#]+#}}).*", "$1") + "' is kept");
            matcher.reset();
            if (!matcher.find()) {
                config.putArray("outputs");
                return "end";
            }
        }
        String source = id(matcher.group(1));
        config.putArray("outputs").addObject().put("name", "answer").put("value", source + "." + matcher.group(2));
        if ("llm".equals(types.get(matcher.group(1)))) {
            config.put("stream", source);
        }
        return "end";
    }

    private String ifElse(JsonNode data, ObjectNode config) {
        ArrayNode cases = config.putArray("cases");
        JsonNode source = data.path("cases");
        if (!source.isArray() || source.isEmpty()) {
            // The older format: one condition group, branches 'true' and 'false'.
            ObjectNode single = JSON.objectNode()
                    .put("case_id", "true")
                    .put("logical_operator", data.path("logical_operator").asText("and"));
            single.set("conditions", data.path("conditions"));
            source = JSON.arrayNode().add(single);
        }
        for (JsonNode c : source) {
            ObjectNode mapped = cases.addObject()
                    .put("id", c.path("case_id").asText())
                    .put("logic", c.path("logical_operator").asText("and"));
            ArrayNode conditions = mapped.putArray("conditions");
            for (JsonNode condition : c.path("conditions")) {
                String operator = OPERATORS.getOrDefault(
                        condition.path("comparison_operator").asText(), "equals");
                ObjectNode out = conditions
                        .addObject()
                        .put("variable", selector(condition.path("variable_selector")))
                        .put("operator", operator);
                putValue(out, operator, condition.path("value").asText(""));
            }
        }
        return "if-else";
    }

    /** A condition's value: a number where the operator compares numbers (or equals a number). */
    static void putValue(ObjectNode condition, String operator, String value) {
        if (Set.of("gt", "gte", "lt", "lte").contains(operator)
                || (operator.equals("equals") && value.matches("-?\\d+(\\.\\d+)?"))) {
            try {
                condition.put("value", Double.parseDouble(value));
                return;
            } catch (NumberFormatException e) {
                // not a number after all: compared as text
            }
        }
        condition.put("value", value);
    }

    private String aggregator(JsonNode data, ObjectNode config) {
        ArrayNode variables = config.putArray("variables");
        for (JsonNode selector : data.path("variables")) {
            variables.add(selector(selector));
        }
        return "aggregator";
    }
}
