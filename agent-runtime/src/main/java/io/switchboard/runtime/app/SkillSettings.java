package io.switchboard.runtime.app;

import java.util.List;

/**
 * What an app can do beyond answering: tools its model may call, workflows attached as tools, and
 * optionally a workflow that produces the whole reply (chat flow).
 *
 * @param tools tool references {@code providerId/toolName} (see the tool square)
 * @param workflows ids of published workflows offered to the model as tools
 * @param chatFlow id of a published workflow that answers every turn instead of the model, or null
 * @param maxSteps model calls per turn at most when tools are bound (1-20); 0 means the default
 * @param toolTimeoutSeconds time one tool call may take (1-300); 0 means the default
 */
public record SkillSettings(
        List<String> tools, List<String> workflows, String chatFlow, int maxSteps, int toolTimeoutSeconds) {
    public static final int DEFAULT_MAX_STEPS = 5;
    public static final int DEFAULT_TOOL_TIMEOUT_SECONDS = 30;
    public static final SkillSettings NONE = new SkillSettings(null, null, null, 0, 0);

    public SkillSettings {
        tools = tools == null ? List.of() : List.copyOf(tools);
        workflows = workflows == null ? List.of() : List.copyOf(workflows);
        if (tools.size() > 64 || workflows.size() > 64) {
            throw new IllegalArgumentException("skills may bind at most 64 tools and 64 workflows");
        }
        if (tools.stream().anyMatch(t -> t == null || !t.matches("[^/\\s]+/[^/\\s]+"))) {
            throw new IllegalArgumentException("skills.tools entries must look like providerId/toolName");
        }
        if (workflows.stream().anyMatch(w -> w == null || w.isBlank())) {
            throw new IllegalArgumentException("skills.workflows must not contain blank ids");
        }
        chatFlow = chatFlow == null || chatFlow.isBlank() ? null : chatFlow;
        maxSteps = maxSteps == 0 ? DEFAULT_MAX_STEPS : maxSteps;
        if (maxSteps < 1 || maxSteps > 20) {
            throw new IllegalArgumentException("skills.maxSteps must be between 1 and 20");
        }
        toolTimeoutSeconds = toolTimeoutSeconds == 0 ? DEFAULT_TOOL_TIMEOUT_SECONDS : toolTimeoutSeconds;
        if (toolTimeoutSeconds < 1 || toolTimeoutSeconds > 300) {
            throw new IllegalArgumentException("skills.toolTimeoutSeconds must be between 1 and 300");
        }
    }

    /** True when the model gets tools. */
    public boolean bindsTools() {
        return !tools.isEmpty() || !workflows.isEmpty();
    }
}
