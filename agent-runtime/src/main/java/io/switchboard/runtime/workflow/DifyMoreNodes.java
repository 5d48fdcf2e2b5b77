package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Maps the Dify nodes added after the first nine: template transform, list operator, variable assigner
 * (conversation variables), document extractor, question classifier and parameter extractor.
 */
final class DifyMoreNodes {
    private static final Map<String, String> ASSIGN = Map.of(
            "over-write", "overwrite",
            "overwrite", "overwrite",
            "clear", "clear",
            "append", "append",
            "extend", "extend",
            "set", "set",
            "+=", "increment",
            "-=", "decrement");
    private static final Map<String, String> COMPARE = Map.ofEntries(
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

    private final DifyReferences references;
    private final List<String> unmapped;
    private final DifyActionNodes actions;

    DifyMoreNodes(DifyReferences references, List<String> unmapped, DifyActionNodes actions) {
        this.references = references;
        this.unmapped = unmapped;
        this.actions = actions;
    }

    /** Our type for the Dify node (config filled in), or null when it is not one of these. */
    String map(String difyType, JsonNode data, ObjectNode config, String id) {
        return switch (difyType) {
            case "template-transform" -> template(data, config, id);
            case "list-operator" -> listOperator(data, config);
            case "assigner" -> assigner(data, config, id);
            case "document-extractor" -> {
                config.put("variable", references.selector(data.path("variable_selector")));
                yield "document-extractor";
            }
            case "question-classifier" -> classifier(data, config, id);
            case "parameter-extractor" -> extractor(data, config, id);
            default -> null;
        };
    }

    private String template(JsonNode data, ObjectNode config, String id) {
        String template = data.path("template").asText("");
        if (template.contains("{%") || template.contains("|")) {
            unmapped.add("node '" + id + "': the Jinja2 template uses tags or filters; rewrite it as Mustache");
        }
        // Jinja2's {{ name }} reads the same in Mustache.
        config.put("template", template);
        ObjectNode variables = config.putObject("variables");
        for (JsonNode variable : data.path("variables")) {
            variables.put(variable.path("variable").asText(), references.selector(variable.path("value_selector")));
        }
        return "template";
    }

    private String listOperator(JsonNode data, ObjectNode config) {
        config.put("variable", references.selector(data.path("variable")));
        if (data.path("filter_by").path("enabled").asBoolean(false)) {
            ArrayNode filter = config.putArray("filter");
            for (JsonNode condition : data.path("filter_by").path("conditions")) {
                ObjectNode out = filter.addObject()
                        .put("field", condition.path("key").asText(""))
                        .put(
                                "operator",
                                COMPARE.getOrDefault(
                                        condition.path("comparison_operator").asText(), "equals"));
                out.set("value", condition.path("value"));
            }
        }
        if (data.path("order_by").path("enabled").asBoolean(false)) {
            config.putObject("sort")
                    .put("field", data.path("order_by").path("key").asText(""))
                    .put("order", data.path("order_by").path("value").asText("asc"));
        }
        if (data.path("limit").path("enabled").asBoolean(false)) {
            config.put("limit", data.path("limit").path("size").asInt(10));
        }
        return "list-operator";
    }

    private String assigner(JsonNode data, ObjectNode config, String id) {
        ArrayNode assignments = config.putArray("assignments");
        for (JsonNode item : data.path("items")) {
            String operation = ASSIGN.get(item.path("operation").asText("over-write"));
            if (operation == null) {
                unmapped.add("node '" + id + "': assigner operation '"
                        + item.path("operation").asText() + "' is not supported");
                continue;
            }
            ObjectNode out = assignments
                    .addObject()
                    .put("variable", references.selector(item.path("variable_selector")))
                    .put("operation", operation);
            if (item.path("input_type").asText("variable").equals("constant") || operation.equals("set")) {
                out.put("operation", "set");
                out.set("value", item.path("value"));
            } else if (!operation.equals("clear")) {
                out.put("value", references.selector(item.path("value")));
            }
        }
        return "variable-assigner";
    }

    private String classifier(JsonNode data, ObjectNode config, String id) {
        actions.model(data, config, id);
        config.put("query", "{{" + references.selector(data.path("query_variable_selector")) + "}}");
        config.put("instruction", references.template(data.path("instruction").asText("")));
        ArrayNode classes = config.putArray("classes");
        for (JsonNode c : data.path("classes")) {
            classes.addObject()
                    .put("id", c.path("id").asText())
                    .put("name", c.path("name").asText());
        }
        return "question-classifier";
    }

    private String extractor(JsonNode data, ObjectNode config, String id) {
        actions.model(data, config, id);
        JsonNode query = data.path("query");
        config.put(
                "query",
                query.isArray() ? "{{" + references.selector(query) + "}}" : references.template(query.asText("")));
        config.put("instruction", references.template(data.path("instruction").asText("")));
        ArrayNode parameters = config.putArray("parameters");
        for (JsonNode p : data.path("parameters")) {
            String type = p.path("type").asText("string");
            ObjectNode out = parameters
                    .addObject()
                    .put("name", p.path("name").asText())
                    .put("description", p.path("description").asText(""))
                    .put("required", p.path("required").asBoolean(false));
            switch (type) {
                case "bool", "boolean" -> out.put("type", "boolean");
                case "number" -> out.put("type", "number");
                case "select" -> {
                    out.put("type", "string");
                    out.set("enum", p.path("options"));
                }
                default -> out.put("type", type.startsWith("array") ? "array" : "string");
            }
        }
        return "parameter-extractor";
    }
}
