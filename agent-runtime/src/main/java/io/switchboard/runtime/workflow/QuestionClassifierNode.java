package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.switchboard.runtime.model.ModelAnswer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code question-classifier}: the model sorts {@code query} (a template) into one of {@code classes:
 * [{id, name}]}, each a branch; {@code instruction} (optional) guides it. The model is asked for the
 * class id; an answer naming no class takes {@code fallback} (a class id, default the last class).
 * Outputs {@code class} (the id) and {@code name}.
 */
final class QuestionClassifierNode implements NodeKind {
    @Override
    public Map<String, VarType> outputs(WorkflowNode node) {
        return Map.of("class", VarType.STRING, "name", VarType.STRING);
    }

    @Override
    public Set<String> branches(WorkflowNode node) {
        Set<String> branches = new LinkedHashSet<>();
        node.setting("classes").forEach(c -> branches.add(c.path("id").asText()));
        return branches;
    }

    @Override
    public void check(WorkflowNode node, Checker checker) {
        LlmNode.checkModel(node, checker);
        checker.template("query", checker.requiredText(node, "query"));
        checker.template("instruction", node.setting("instruction").asText(null));
        JsonNode classes = node.setting("classes");
        if (!classes.isArray() || classes.size() < 2) {
            checker.error("classes", "must list at least two {id, name}");
            return;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < classes.size(); i++) {
            String id = classes.get(i).path("id").asText("");
            if (!id.matches("[A-Za-z0-9_-]{1,63}") || !ids.add(id)) {
                checker.error("classes[" + i + "].id", "must be a unique name of letters, digits, '_' or '-'");
            }
            if (classes.get(i).path("name").asText("").isBlank()) {
                checker.error("classes[" + i + "].name", "is required (what questions of this class are about)");
            }
        }
        JsonNode fallback = node.setting("fallback");
        if (!fallback.isMissingNode() && !ids.contains(fallback.asText())) {
            checker.error("fallback", "must be one of the class ids " + ids);
        }
    }

    @Override
    public NodeResult run(WorkflowNode node, NodeContext context) {
        StringBuilder system = new StringBuilder(
                "Classify the user's text into exactly one of these classes. Answer with the class id only.\n");
        JsonNode classes = node.setting("classes");
        classes.forEach(c -> system.append("- ")
                .append(c.path("id").asText())
                .append(": ")
                .append(c.path("name").asText())
                .append('\n'));
        String instruction =
                context.variables().render(node.setting("instruction").asText(""));
        if (!instruction.isBlank()) {
            system.append('\n').append(instruction);
        }
        List<ChatMessage> messages = List.of(
                SystemMessage.from(system.toString().strip()),
                UserMessage.from(
                        context.variables().render(node.setting("query").asText())));
        ModelAnswer answer = LlmNode.ask(node, context, messages, null);
        JsonNode chosen = choose(classes, answer.text());
        if (chosen == null) {
            String fallback = node.setting("fallback")
                    .asText(classes.get(classes.size() - 1).path("id").asText());
            for (JsonNode c : classes) {
                if (c.path("id").asText().equals(fallback)) {
                    chosen = c;
                }
            }
        }
        String id = chosen.path("id").asText();
        return new NodeResult(
                Map.of("class", id, "name", chosen.path("name").asText()),
                id,
                answer.inputTokens() + answer.outputTokens());
    }

    /** The class whose id the answer is (or starts with), else the first whose id or name it mentions. */
    private static JsonNode choose(JsonNode classes, String answer) {
        String text =
                answer.strip().replaceAll("^[\"'`*\\s]+|[\"'`*.\\s]+$", "").toLowerCase(Locale.ROOT);
        for (JsonNode c : classes) {
            if (text.equals(c.path("id").asText().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        for (JsonNode c : classes) {
            String id = c.path("id").asText().toLowerCase(Locale.ROOT);
            String name = c.path("name").asText().toLowerCase(Locale.ROOT);
            if (text.matches("(?s).*\\b" + java.util.regex.Pattern.quote(id) + "\\b.*") || text.contains(name)) {
                return c;
            }
        }
        return null;
    }
}
