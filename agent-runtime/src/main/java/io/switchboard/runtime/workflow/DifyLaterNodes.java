package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Maps Dify's agent node (a strategy plugin with a model, tools and an instruction) to our tool loop,
 * and Dify's human input (a form with actions and a timeout) to ours.
 */
final class DifyLaterNodes {
    private final DifyReferences references;
    private final List<String> unmapped;
    private final DifyActionNodes actions;

    DifyLaterNodes(DifyReferences references, List<String> unmapped, DifyActionNodes actions) {
        this.references = references;
        this.unmapped = unmapped;
        this.actions = actions;
    }

    String agent(JsonNode data, ObjectNode config, String id) {
        JsonNode parameters = data.path("agent_parameters");
        JsonNode model = parameters.path("model").path("value");
        ObjectNode modelData = JsonNodeFactory.instance.objectNode();
        modelData
                .putObject("model")
                .put("provider", model.path("provider").asText(""))
                .put("name", model.path("model").asText(model.path("name").asText("")))
                .set("completion_params", model.path("completion_params"));
        actions.model(modelData, config, id);
        config.put("system", text(parameters.path("instruction")));
        String prompt = text(parameters.path("query"));
        config.put("prompt", prompt.isBlank() ? references.template("{{#sys.query#}}") : prompt);
        ArrayNode tools = config.putArray("tools");
        for (JsonNode tool : parameters.path("tools").path("value")) {
            if (tool.path("enabled").asBoolean(true)) {
                tools.add(tool.path("provider_name").asText("") + "/"
                        + tool.path("tool_name").asText(""));
            }
        }
        if (!tools.isEmpty()) {
            unmapped.add("node '" + id + "': agent tools " + tools + " must exist in the tool square");
        }
        JsonNode steps = parameters.path("maximum_iterations").path("value");
        if (steps.canConvertToInt() || steps.isTextual()) {
            config.put("maxSteps", Math.max(1, Math.min(AgentNode.MAX_STEPS, steps.asInt(5))));
        }
        String strategy = data.path("agent_strategy_name").asText("");
        if (!strategy.isEmpty() && !strategy.equals("function_calling")) {
            unmapped.add("node '" + id + "': agent strategy '" + strategy
                    + "' runs as our tool loop (native function calling)");
        }
        return "agent";
    }

    /** A strategy parameter: {@code {type: constant|mixed|variable, value}} as a template. */
    private String text(JsonNode parameter) {
        JsonNode value = parameter.path("value");
        if (parameter.path("type").asText("").equals("variable") && value.isArray()) {
            return "{{" + references.selector(value) + "}}";
        }
        return references.template(value.asText(""));
    }

    /**
     * {@code form_content} becomes the prompt ({@code {{#$output.name#}}} field placeholders become
     * {@code [name]}, the fields being edited beside it), {@code user_actions} the actions (branches),
     * {@code inputs} the editable fields (a default from a variable is kept, a constant one is not), and
     * the timeout the timeout branch when the export wires one.
     */
    String humanInput(JsonNode node, ObjectNode config, String id, JsonNode edges) {
        JsonNode data = node.path("data");
        String form = data.path("form_content").asText("").replaceAll("\\{\\{#\\$output\\.([A-Za-z0-9_]+)#}}", "[$1]");
        config.put("prompt", form.isBlank() ? "Please decide." : references.template(form));
        ArrayNode out = config.putArray("actions");
        for (JsonNode action : data.path("user_actions")) {
            out.addObject()
                    .put("id", action.path("id").asText())
                    .put("label", action.path("title").asText(action.path("id").asText()));
        }
        ArrayNode fields = config.putArray("fields");
        for (JsonNode input : data.path("inputs")) {
            String name = input.path("output_variable_name").asText();
            ObjectNode field = fields.addObject().put("name", name);
            JsonNode source = input.path("default");
            if (source.path("type").asText("").equals("variable")) {
                field.put("value", references.selector(source.path("selector")));
            } else if (!source.path("value").asText("").isEmpty()) {
                unmapped.add("node '" + id + "': the constant default of field '" + name + "' is not kept");
            }
            if (!input.path("type").asText("paragraph").equals("paragraph")) {
                unmapped.add("node '" + id + "': field '" + name + "' is a "
                        + input.path("type").asText() + " in Dify and a text value here");
            }
        }
        long seconds = data.path("timeout").asLong(36)
                * (data.path("timeout_unit").asText("hour").startsWith("day") ? 86_400 : 3_600);
        boolean wired = false;
        for (JsonNode edge : edges) {
            String handle = edge.path("sourceHandle").asText("");
            wired |= edge.path("source").asText().equals(node.path("id").asText())
                    && (handle.equals(HumanDecision.TIMEOUT) || handle.equals("__timeout"));
        }
        if (wired) {
            config.put("timeoutSeconds", Math.max(1, Math.min(HumanInputNode.MAX_TIMEOUT_SECONDS, seconds)));
        } else {
            unmapped.add("node '" + id + "': the Dify timeout (" + seconds / 3600
                    + " h) has no branch in the export; without one the run waits until decided");
        }
        unmapped.add("node '" + id + "': Dify's delivery (web app, email) is not carried over; set notify "
                + "{bindingId, recipient} to send the approval link to a staff member in WeCom or Telegram");
        return "human-input";
    }
}
