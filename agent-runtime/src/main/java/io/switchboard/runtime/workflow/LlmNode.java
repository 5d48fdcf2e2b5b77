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
        checker.requiredText(node, "provider");
        checker.requiredText(node, "model");
        checker.template("system", node.setting("system").asText(null));
        checker.template("prompt", checker.requiredText(node, "prompt"));
        JsonNode schema = node.setting("jsonSchema");
        if (!schema.isMissingNode() && !schema.isNull() && !schema.isObject()) {
            checker.error("jsonSchema", "must be a JSON schema object");
        }
        JsonNode temperature = node.setting("temperature");
        if (!temperature.isMissingNode()
                && (!temperature.isNumber() || temperature.asDouble() < 0 || temperature.asDouble() > 2)) {
            checker.error("temperature", "must be a number between 0 and 2");
        }
    }

    @Override
    public NodeResult run(WorkflowNode node, NodeContext context) {
        String providerId = node.setting("provider").asText();
        ProviderConfig provider = context.services()
                .providers()
                .apply(providerId)
                .orElseThrow(() -> new WorkflowFailure("provider '" + providerId + "' does not exist"));
        JsonNode temperature = node.setting("temperature");
        ModelSettings settings = new ModelSettings(
                providerId,
                node.setting("model").asText(),
                temperature.isNumber() ? temperature.asDouble() : null,
                null,
                false);
        List<ChatMessage> messages = new ArrayList<>(2);
        String system = context.variables().render(node.setting("system").asText(""));
        JsonNode schema = node.setting("jsonSchema");
        if (schema.isObject()) {
            system = (system + "\n\nAnswer with one JSON object only, no prose, matching this JSON schema:\n" + schema)
                    .strip();
        }
        if (!system.isBlank()) {
            messages.add(SystemMessage.from(system));
        }
        messages.add(UserMessage.from(
                context.variables().render(node.setting("prompt").asText())));
        ModelAnswer answer = context.services().models().invoke(provider, settings, messages, context.onToken());
        int tokens = answer.inputTokens() + answer.outputTokens();
        if (!schema.isObject()) {
            return new NodeResult(Map.of("text", answer.text()), null, tokens);
        }
        return new NodeResult(Map.of("text", answer.text(), "json", parseObject(answer.text())), null, tokens);
    }

    /** The JSON object in the answer; models like to wrap it in a code fence. */
    private static Object parseObject(String text) {
        String body = text.strip();
        int start = body.indexOf('{');
        int end = body.lastIndexOf('}');
        if (start < 0 || end < start) {
            throw new WorkflowFailure("the model did not answer with a JSON object");
        }
        try {
            return Variables.JSON.readValue(body.substring(start, end + 1), Map.class);
        } catch (JsonProcessingException e) {
            throw new WorkflowFailure("the model's JSON does not parse: " + e.getOriginalMessage());
        }
    }
}
