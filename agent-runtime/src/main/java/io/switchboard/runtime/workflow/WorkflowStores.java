package io.switchboard.runtime.workflow;

/**
 * The storage workflows use, implemented in {@code store/}.
 *
 * @param pausedRuns null: human-input nodes cannot pause durably (runs fail there)
 * @param triggers null: no schedule or webhook triggers
 */
public record WorkflowStores(
        WorkflowStore workflows,
        ConversationVariableStore conversationVariables,
        PausedRunStore pausedRuns,
        TriggerStore triggers) {}
