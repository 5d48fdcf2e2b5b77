package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps Dify nodes, selectors and templates to ours; collects what cannot be mapped. */
final class DifyNodes {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{#([A-Za-z0-9_-]+)\\.([A-Za-z0-9_.-]+)#}}");
    private static final Map<String, String> OPERATORS = Map.ofEntries(
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

    private final Map<String, String> types = new HashMap<>();
    private DifyReferences references;
    private final List<String> unmapped = new ArrayList<>();
    private final String defaultProvider;
    private String startId;

    DifyNodes(JsonNode graph, String defaultProvider) {
        this.defaultProvider = defaultProvider;
        for (JsonNode node : graph.path("nodes")) {
            String type = node.path("data").path("type").asText("");
            types.put(node.path("id").asText(), type);
            if (type.equals("start")) {
                startId = node.path("id").asText();
            }
        }
    }

    private String selector(JsonNode selector) {
        return references().selector(selector);
    }

    private String template(String text) {
        return references().template(text);
    }

    private DifyReferences references() {
        if (references == null) {
            references = new DifyReferences(types, startId);
        }
        return references;
    }

    List<String> unmapped() {
        return unmapped;
    }

    String typeOf(String difyId) {
        return switch (types.getOrDefault(difyId, "")) {
            case "if-else" -> "if-else";
            default -> "other";
        };
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
            case "llm" -> llm(data, config, id);
            case "code" -> code(data, config, id);
            case "if-else" -> ifElse(data, config);
            case "variable-aggregator", "variable-assigner" -> aggregator(data, config);
            case "http-request" -> http(data, config);
            case "knowledge-retrieval" -> knowledge(data, config, id);
            case "tool" -> tool(data, config, id);
            default -> null;
        };
        if (type == null) {
            unmapped.add("node '" + id + "' (" + (title == null ? difyType : title) + "): Dify node type '" + difyType
                    + "' has no Switchboard equivalent");
            return new WorkflowNode(id, difyType.isBlank() ? "unknown" : difyType, title, JSON.objectNode(), null);
        }
        return new WorkflowNode(id, type, title, config, null);
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
        Matcher matcher = TEMPLATE.matcher(answer);
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

    private String llm(JsonNode data, ObjectNode config, String id) {
        String provider = data.path("model").path("provider").asText("");
        config.put("provider", defaultProvider != null ? defaultProvider : provider);
        if (defaultProvider == null) {
            unmapped.add("node '" + id + "': Dify model provider '" + provider
                    + "' must be replaced by a Switchboard provider id");
        }
        config.put("model", data.path("model").path("name").asText(""));
        JsonNode temperature = data.path("model").path("completion_params").path("temperature");
        if (temperature.isNumber()) {
            config.put("temperature", temperature.asDouble());
        }
        StringBuilder system = new StringBuilder();
        StringBuilder prompt = new StringBuilder();
        JsonNode template = data.path("prompt_template");
        if (template.isTextual()) {
            prompt.append(template.asText());
        }
        for (JsonNode message : template) {
            StringBuilder target = message.path("role").asText("user").equals("system") ? system : prompt;
            target.append(target.isEmpty() ? "" : "\n\n")
                    .append(message.path("text").asText(""));
        }
        if (prompt.isEmpty()) {
            prompt.append("{{").append(id(startId)).append(".query}}");
        }
        config.put("system", template(system.toString()));
        config.put("prompt", template(prompt.toString()));
        if (data.path("context").path("enabled").asBoolean(false)) {
            unmapped.add("node '" + id
                    + "': the LLM context variable is not mapped; reference the retrieval text in the prompt");
        }
        return "llm";
    }

    private String code(JsonNode data, ObjectNode config, String id) {
        String language = data.path("code_language").asText("");
        if (language.startsWith("python")) {
            config.put("language", "python");
            unmapped.add("node '" + id
                    + "': Python code runs only where the Python sandbox is enabled (skills.pythonEnabled)");
        } else if (language.equals("javascript")) {
            config.put("language", "javascript");
        } else {
            config.put("language", language);
            unmapped.add("node '" + id + "': code language '" + language + "' is not supported");
        }
        config.put("code", data.path("code").asText(""));
        ObjectNode inputs = config.putObject("inputs");
        for (JsonNode variable : data.path("variables")) {
            inputs.put(variable.path("variable").asText(), selector(variable.path("value_selector")));
        }
        ArrayNode outputs = config.putArray("outputs");
        data.path("outputs")
                .fields()
                .forEachRemaining(output -> outputs.addObject()
                        .put("name", output.getKey())
                        .put(
                                "type",
                                output.getValue().path("type").asText("any").toLowerCase(Locale.ROOT)));
        return "code";
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
                String value = condition.path("value").asText("");
                if (Set.of("gt", "gte", "lt", "lte").contains(operator)
                        || (operator.equals("equals") && value.matches("-?\\d+(\\.\\d+)?"))) {
                    try {
                        out.put("value", Double.parseDouble(value));
                    } catch (NumberFormatException e) {
                        out.put("value", value);
                    }
                } else {
                    out.put("value", value);
                }
            }
        }
        return "if-else";
    }

    private String aggregator(JsonNode data, ObjectNode config) {
        ArrayNode variables = config.putArray("variables");
        for (JsonNode selector : data.path("variables")) {
            variables.add(selector(selector));
        }
        return "aggregator";
    }

    private String http(JsonNode data, ObjectNode config) {
        config.put("method", data.path("method").asText("get").toUpperCase(Locale.ROOT));
        config.put("url", template(data.path("url").asText("")));
        ObjectNode headers = config.putObject("headers");
        for (String line : data.path("headers").asText("").split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(
                        line.substring(0, colon).strip(),
                        template(line.substring(colon + 1).strip()));
            }
        }
        JsonNode body = data.path("body");
        JsonNode bodyData = body.path("data");
        String text = bodyData.isTextual()
                ? bodyData.asText()
                : bodyData.path(0).path("value").asText("");
        if (!body.path("type").asText("none").equals("none") && !text.isEmpty()) {
            config.put("body", template(text));
        }
        int timeout = data.path("timeout").path("read").asInt(0);
        if (timeout > 0) {
            config.put("timeoutSeconds", Math.min(120, timeout));
        }
        return "http";
    }

    private String knowledge(JsonNode data, ObjectNode config, String id) {
        config.put("query", "{{" + selector(data.path("query_variable_selector")) + "}}");
        ArrayNode bases = config.putArray("knowledgeBaseIds");
        data.path("dataset_ids").forEach(bases::add);
        unmapped.add("node '" + id + "': Dify dataset ids were kept; point them at Switchboard knowledge bases");
        return "knowledge";
    }

    private String tool(JsonNode data, ObjectNode config, String id) {
        config.put(
                "tool",
                data.path("provider_id").asText("") + "/"
                        + data.path("tool_name").asText(""));
        unmapped.add("node '" + id + "': tool '" + config.path("tool").asText() + "' must exist in the tool square");
        ObjectNode arguments = config.putObject("arguments");
        data.path("tool_parameters").fields().forEachRemaining(p -> {
            JsonNode value = p.getValue().path("value");
            switch (p.getValue().path("type").asText("constant")) {
                case "variable" -> arguments.put(p.getKey(), "{{" + selector(value) + "}}");
                case "mixed" -> arguments.put(p.getKey(), template(value.asText("")));
                default -> arguments.set(p.getKey(), value);
            }
        });
        return "tool";
    }
}
