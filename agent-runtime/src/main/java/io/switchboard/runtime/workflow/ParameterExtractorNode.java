package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.switchboard.runtime.model.ModelAnswer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code parameter-extractor}: the model fills {@code parameters: [{name, type, description, required,
 * enum}]} (a JSON-schema subset: string, number, integer, boolean, array, object; required; enum) from
 * {@code query} (a template). An answer that is not such an object is sent back once with what is
 * wrong; a second invalid answer fails the node ({@code onInvalid: fail}, then its failure policy
 * applies) or yields nulls ({@code onInvalid: empty}). Outputs each parameter by name, {@code ok} and
 * {@code error}.
 */
final class ParameterExtractorNode implements NodeKind {
    private static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean", "array", "object");

    @Override
    public Map<String, VarType> outputs(WorkflowNode node) {
        Map<String, VarType> outputs = new LinkedHashMap<>();
        for (JsonNode parameter : node.setting("parameters")) {
            VarType type = VarType.parse(parameter.path("type").asText("string"));
            outputs.put(parameter.path("name").asText(), type == null ? VarType.ANY : type);
        }
        outputs.put("ok", VarType.BOOLEAN);
        outputs.put("error", VarType.STRING);
        return outputs;
    }

    @Override
    public void check(WorkflowNode node, Checker checker) {
        LlmNode.checkModel(node, checker);
        checker.template("query", checker.requiredText(node, "query"));
        checker.template("instruction", node.setting("instruction").asText(null));
        JsonNode parameters = node.setting("parameters");
        if (!parameters.isArray() || parameters.isEmpty()) {
            checker.error("parameters", "must list at least one {name, type, description}");
            return;
        }
        for (int i = 0; i < parameters.size(); i++) {
            JsonNode parameter = parameters.get(i);
            String field = "parameters[" + i + "]";
            String name = parameter.path("name").asText("");
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}") || name.equals("ok") || name.equals("error")) {
                checker.error(field + ".name", "must be a variable name other than ok and error");
            }
            if (!TYPES.contains(parameter.path("type").asText("string"))) {
                checker.error(field + ".type", "must be one of " + TYPES);
            }
            if (!parameter.path("enum").isMissingNode()
                    && !parameter.path("enum").isArray()) {
                checker.error(field + ".enum", "must be an array of allowed values");
            }
        }
        String onInvalid = node.setting("onInvalid").asText("fail");
        if (!onInvalid.equals("fail") && !onInvalid.equals("empty")) {
            checker.error("onInvalid", "must be fail or empty");
        }
    }

    @Override
    public NodeResult run(WorkflowNode node, NodeContext context) {
        ObjectNode schema = schema(node.setting("parameters"));
        String instruction =
                context.variables().render(node.setting("instruction").asText(""));
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(SystemMessage.from(("Extract parameters from the user's text. Answer with one JSON object only,"
                        + " no prose, matching this JSON schema; use null for what the text does not say.\n"
                        + schema + "\n\n" + instruction)
                .strip()));
        messages.add(UserMessage.from(
                context.variables().render(node.setting("query").asText())));
        int tokens = 0;
        String problem = null;
        for (int attempt = 1; attempt <= 2; attempt++) {
            ModelAnswer answer = LlmNode.ask(node, context, messages, null);
            tokens += answer.inputTokens() + answer.outputTokens();
            try {
                Map<String, Object> values = LlmNode.parseObject(answer.text());
                problem = invalid(node.setting("parameters"), values);
                if (problem == null) {
                    Map<String, Object> outputs = new HashMap<>();
                    node.setting("parameters")
                            .forEach(p -> outputs.put(
                                    p.path("name").asText(),
                                    values.get(p.path("name").asText())));
                    outputs.put("ok", true);
                    outputs.put("error", null);
                    return new NodeResult(outputs, null, tokens);
                }
            } catch (WorkflowFailure e) {
                problem = e.getMessage();
            }
            messages.add(AiMessage.from(answer.text()));
            messages.add(UserMessage.from(
                    "That answer is invalid: " + problem + ". Answer again with one JSON object matching the schema."));
        }
        if (node.setting("onInvalid").asText("fail").equals("fail")) {
            throw new WorkflowFailure("the model's parameters are invalid after a retry: " + problem);
        }
        Map<String, Object> outputs = new HashMap<>();
        node.setting("parameters").forEach(p -> outputs.put(p.path("name").asText(), null));
        outputs.put("ok", false);
        outputs.put("error", problem);
        return new NodeResult(outputs, null, tokens);
    }

    static ObjectNode schema(JsonNode parameters) {
        ObjectNode schema = Variables.JSON.createObjectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        for (JsonNode parameter : parameters) {
            ObjectNode property = properties.putObject(parameter.path("name").asText());
            property.put("type", parameter.path("type").asText("string"));
            if (parameter.hasNonNull("description")) {
                property.put("description", parameter.path("description").asText());
            }
            if (parameter.path("enum").isArray()) {
                property.set("enum", parameter.path("enum"));
            }
            if (parameter.path("required").asBoolean(false)) {
                required.add(parameter.path("name").asText());
            }
        }
        return schema;
    }

    /** What is wrong with the values, or null when they fit the parameters. */
    static String invalid(JsonNode parameters, Map<String, Object> values) {
        for (JsonNode parameter : parameters) {
            String name = parameter.path("name").asText();
            Object value = values.get(name);
            if (value == null) {
                if (parameter.path("required").asBoolean(false)) {
                    return "'" + name + "' is required";
                }
                continue;
            }
            String type = parameter.path("type").asText("string");
            boolean fits = switch (type) {
                case "string" -> value instanceof String;
                case "number" -> value instanceof Number;
                case "integer" -> value instanceof Integer || value instanceof Long;
                case "boolean" -> value instanceof Boolean;
                case "array" -> value instanceof List<?>;
                case "object" -> value instanceof Map<?, ?>;
                default -> true;
            };
            if (!fits) {
                return "'" + name + "' must be a " + type + ", got " + Variables.text(value);
            }
            JsonNode allowed = parameter.path("enum");
            if (allowed.isArray()) {
                boolean listed = false;
                for (JsonNode option : allowed) {
                    listed |= Variables.JSON.convertValue(option, Object.class).equals(value)
                            || (value instanceof Number n && option.isNumber() && n.doubleValue() == option.asDouble());
                }
                if (!listed) {
                    return "'" + name + "' must be one of " + allowed;
                }
            }
        }
        return null;
    }
}
