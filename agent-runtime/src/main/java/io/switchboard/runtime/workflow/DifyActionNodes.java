package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * Maps the Dify nodes that do work (call a model, run code, send an HTTP request, search knowledge, call
 * a tool) to ours; {@link DifyNodes} maps the flow around them. Adds what it cannot map to
 * {@code unmapped}.
 */
final class DifyActionNodes {
    private final DifyReferences references;
    private final List<String> unmapped;
    private final String defaultProvider;
    private final String startId;

    DifyActionNodes(DifyReferences references, List<String> unmapped, String defaultProvider, String startId) {
        this.references = references;
        this.unmapped = unmapped;
        this.defaultProvider = defaultProvider;
        this.startId = startId;
    }

    private String selector(JsonNode selector) {
        return references.selector(selector);
    }

    private String template(String text) {
        return references.template(text);
    }

    private static String id(String difyId) {
        return DifyNodes.id(difyId);
    }

    String llm(JsonNode data, ObjectNode config, String id) {
        model(data, config, id);
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

    /** {@code provider}, {@code model} and {@code temperature} of a node that calls a model. */
    void model(JsonNode data, ObjectNode config, String id) {
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
    }

    String code(JsonNode data, ObjectNode config, String id) {
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

    String http(JsonNode data, ObjectNode config) {
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

    String knowledge(JsonNode data, ObjectNode config, String id) {
        config.put("query", "{{" + selector(data.path("query_variable_selector")) + "}}");
        ArrayNode bases = config.putArray("knowledgeBaseIds");
        data.path("dataset_ids").forEach(bases::add);
        unmapped.add("node '" + id + "': Dify dataset ids were kept; point them at Switchboard knowledge bases");
        return "knowledge";
    }

    String tool(JsonNode data, ObjectNode config, String id) {
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
