package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.switchboard.runtime.model.ModelAnswer;
import io.switchboard.runtime.model.ModelSettings;
import io.switchboard.runtime.model.ProviderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code llm}: {@code provider}, {@code model}, {@code system} and {@code prompt} templates with
 * {@code {{node.field}}} references, optional {@code temperature}, and optional {@code jsonSchema}: then
 * the model is told to answer with JSON matching it, and the parsed object is output {@code json}.
 */
final class LlmNode implements NodeKind {
    @Override
    public Map<String, VarType> outputs(WorkflowNode node) {
        return node.setting("jsonSchema").isObject()
                ? Map.of("text", VarType.STRING, "json", VarType.OBJECT)
                : Map.of("text", VarType.STRING);
    }

    @Override
    public void check(WorkflowNode node, Checker checker) {
        checkModel(node, checker);
        checker.template("system", node.setting("system").asText(null));
        checker.template("prompt", checker.requiredText(node, "prompt"));
        JsonNode schema = node.setting("jsonSchema");
        if (!schema.isMissingNode() && !schema.isNull() && !schema.isObject()) {
            checker.error("jsonSchema", "must be a JSON schema object");
        }
    }

    @Override
    public NodeResult run(WorkflowNode node, NodeContext context) {
        String system = context.variables().render(node.setting("system").asText(""));
        JsonNode schema = node.setting("jsonSchema");
        if (schema.isObject()) {
            system = (system + "\n\nAnswer with one JSON object only, no prose, matching this JSON schema:\n" + schema)
                    .strip();
        }
        List<ChatMessage> messages = new ArrayList<>(2);
        if (!system.isBlank()) {
            messages.add(SystemMessage.from(system));
        }
        messages.add(UserMessage.from(
                context.variables().render(node.setting("prompt").asText())));
        ModelAnswer answer = ask(node, context, messages, context.onToken());
        int tokens = answer.inputTokens() + answer.outputTokens();
        if (!schema.isObject()) {
            return new NodeResult(Map.of("text", answer.text()), null, tokens);
        }
        return new NodeResult(Map.of("text", answer.text(), "json", parseObject(answer.text())), null, tokens);
    }

    /** Checks the {@code provider}, {@code model} and {@code temperature} settings every model node has. */
    static void checkModel(WorkflowNode node, Checker checker) {
        checker.requiredText(node, "provider");
        checker.requiredText(node, "model");
        JsonNode temperature = node.setting("temperature");
        if (!temperature.isMissingNode()
                && (!temperature.isNumber() || temperature.asDouble() < 0 || temperature.asDouble() > 2)) {
            checker.error("temperature", "must be a number between 0 and 2");
        }
    }

    /** Sends {@code messages} to the node's {@code provider} and {@code model} at its {@code temperature}. */
    static ModelAnswer ask(
            WorkflowNode node, NodeContext context, List<ChatMessage> messages, Consumer<String> onToken) {
        String providerId = node.setting("provider").asText();
        ProviderConfig provider = provider(providerId, context);
        return context.services().models().invoke(provider, settings(node), messages, onToken);
    }

    static ProviderConfig provider(String providerId, NodeContext context) {
        return context.services()
                .providers()
                .apply(providerId)
                .orElseThrow(() -> new WorkflowFailure("provider '" + providerId + "' does not exist"));
    }

    static ModelSettings settings(WorkflowNode node) {
        JsonNode temperature = node.setting("temperature");
        return new ModelSettings(
                node.setting("provider").asText(),
                node.setting("model").asText(),
                temperature.isNumber() ? temperature.asDouble() : null,
                null,
                false);
    }

    /** The JSON object in the answer; models like to wrap it in a code fence. */
    static Map<String, Object> parseObject(String text) {
        String body = text.strip();
        int start = body.indexOf('{');
        int end = body.lastIndexOf('}');
        if (start < 0 || end < start) {
            throw new WorkflowFailure("the model did not answer with a JSON object");
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = Variables.JSON.readValue(body.substring(start, end + 1), Map.class);
            return parsed;
        } catch (JsonProcessingException e) {
            throw new WorkflowFailure("the model's JSON does not parse: " + e.getOriginalMessage());
        }
    }
}
