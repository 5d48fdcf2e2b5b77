package io.switchboard.runtime.workflow;

import java.util.HashMap;
import java.util.Map;

/** Loads a run's conversation variables (initial values, then what the conversation's last run left) and keeps them. */
final class ConversationState {
    private ConversationState() {}

    static Map<String, Object> load(EngineServices services, WorkflowEngine.RunRequest request) {
        Map<String, Object> values = new HashMap<>();
        for (ConversationVariable variable : request.graph().conversationVariables()) {
            values.put(
                    variable.name(),
                    variable.value() == null || variable.value().isNull()
                            ? null
                            : Variables.JSON.convertValue(variable.value(), Object.class));
        }
        if (values.isEmpty() || !kept(services, request)) {
            return values;
        }
        services.conversationVariables()
                .load(request.workflowId(), request.conversationId())
                .forEach((name, value) -> {
                    if (values.containsKey(name)) {
                        values.put(name, value);
                    }
                });
        return values;
    }

    /** Stores the values a succeeded run left, when they changed. */
    static void save(
            EngineServices services,
            WorkflowEngine.RunRequest request,
            Map<String, Object> before,
            Variables variables) {
        if (before.isEmpty() || !kept(services, request)) {
            return;
        }
        Map<String, Object> after = variables.outputs(Checker.CONVERSATION);
        Map<String, Object> copy;
        synchronized (after) {
            copy = new HashMap<>(after);
        }
        if (!copy.equals(before)) {
            services.conversationVariables().save(request.workflowId(), request.conversationId(), copy);
        }
    }

    private static boolean kept(EngineServices services, WorkflowEngine.RunRequest request) {
        return services.conversationVariables() != null && request.conversationId() != null;
    }
}
