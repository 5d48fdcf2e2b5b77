package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.switchboard.runtime.app.SkillSettings;
import io.switchboard.runtime.tool.Tool;
import io.switchboard.runtime.turn.ToolCallLog;
import io.switchboard.runtime.turn.ToolLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code agent}: the chat turn's tool loop inside a workflow. The model ({@code provider}, {@code model},
 * {@code temperature}) gets {@code system} and {@code prompt} (templates) and its own {@code tools}
 * ({@code providerId/toolName}); it calls them (in parallel per step, each with
 * {@code toolTimeoutSeconds}) for at most {@code maxSteps} model calls, then answers. Outputs
 * {@code text} and {@code toolCalls} ({@code [{step, name, error}]}).
 */
final class AgentNode implements NodeKind {
    static final int MAX_STEPS = 20;

    @Override
    public Map<String, VarType> outputs(WorkflowNode node) {
        return Map.of("text", VarType.STRING, "toolCalls", VarType.ARRAY);
    }

    @Override
    public void check(WorkflowNode node, Checker checker) {
        LlmNode.checkModel(node, checker);
        checker.template("system", node.setting("system").asText(null));
        checker.template("prompt", checker.requiredText(node, "prompt"));
        JsonNode tools = node.setting("tools");
        if (!tools.isArray() || tools.isEmpty() || tools.size() > 64) {
            checker.error("tools", "must list 1 to 64 tools as providerId/toolName");
        } else {
            for (int i = 0; i < tools.size(); i++) {
                if (!tools.get(i).asText("").matches("[^/\\s]+/[^/\\s]+")) {
                    checker.error("tools[" + i + "]", "must look like providerId/toolName");
                }
            }
        }
        JsonNode steps = node.setting("maxSteps");
        if (!steps.isMissingNode() && (!steps.isIntegralNumber() || steps.asInt() < 1 || steps.asInt() > MAX_STEPS)) {
            checker.error("maxSteps", "must be a whole number from 1 to " + MAX_STEPS);
        }
        JsonNode timeout = node.setting("toolTimeoutSeconds");
        if (!timeout.isMissingNode() && (!timeout.isIntegralNumber() || timeout.asInt() < 1 || timeout.asInt() > 300)) {
            checker.error("toolTimeoutSeconds", "must be a whole number from 1 to 300");
        }
    }

    @Override
    public NodeResult run(WorkflowNode node, NodeContext context) {
        Map<String, Tool> tools = new LinkedHashMap<>();
        for (JsonNode reference : node.setting("tools")) {
            Tool tool = context.services()
                    .tools()
                    .find(reference.asText())
                    .orElseThrow(() -> new WorkflowFailure("tool '" + reference.asText() + "' does not exist"));
            tools.putIfAbsent(tool.specification().name(), tool);
        }
        List<ChatMessage> messages = new ArrayList<>(2);
        String system = context.variables().render(node.setting("system").asText(""));
        if (!system.isBlank()) {
            messages.add(SystemMessage.from(system));
        }
        messages.add(UserMessage.from(
                context.variables().render(node.setting("prompt").asText())));
        SkillSettings skills = new SkillSettings(
                null,
                null,
                null,
                node.setting("maxSteps").asInt(SkillSettings.DEFAULT_MAX_STEPS),
                node.setting("toolTimeoutSeconds").asInt(SkillSettings.DEFAULT_TOOL_TIMEOUT_SECONDS));
        ToolLoop.Result result = new ToolLoop(
                        context.services().models(), context.scope().executor())
                .run(
                        LlmNode.provider(node.setting("provider").asText(), context),
                        LlmNode.settings(node),
                        messages,
                        tools,
                        skills,
                        context.onToken());
        List<Object> calls = new ArrayList<>();
        for (ToolCallLog call : result.calls()) {
            Map<String, Object> entry = new HashMap<>();
            entry.put("step", call.step());
            entry.put("name", call.name());
            entry.put("error", call.error());
            calls.add(entry);
        }
        Map<String, Object> outputs = new HashMap<>();
        outputs.put("text", result.text());
        outputs.put("toolCalls", calls);
        return new NodeResult(outputs, null, result.inputTokens() + result.outputTokens());
    }
}
