package io.switchboard.runtime.model;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import java.util.List;

/**
 * One model call of a turn that offered tools: either text (the answer) or function calls to run.
 *
 * @param text the answer text, or what the model said before calling tools (may be empty)
 * @param toolCalls the calls the model asked for, empty when it answered
 * @param finishReason why the model stopped, as OpenAI names it: {@code stop}, {@code length},
 *     {@code tool_calls} or {@code content_filter}
 * @param model the model that answered as {@link ModelRoute#label()} ({@code providerId/modelName}),
 *     or null when not known
 */
public record ModelStep(
        String text,
        List<ToolExecutionRequest> toolCalls,
        int inputTokens,
        int outputTokens,
        String finishReason,
        String model) {
    public ModelStep {
        text = text == null ? "" : text;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        finishReason = finishReason == null ? (toolCalls.isEmpty() ? "stop" : "tool_calls") : finishReason;
    }

    public ModelStep(String text, List<ToolExecutionRequest> toolCalls, int inputTokens, int outputTokens) {
        this(text, toolCalls, inputTokens, outputTokens, null, null);
    }

    /** The model's message as the conversation continues with it. */
    public AiMessage message() {
        if (toolCalls.isEmpty()) {
            return AiMessage.from(text);
        }
        return text.isEmpty() ? AiMessage.from(toolCalls) : AiMessage.from(text, toolCalls);
    }
}
