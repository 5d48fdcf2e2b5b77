package io.switchboard.runtime.workflow;

import java.util.Map;

/** The conversation variables of each (workflow, conversation). Blocking: virtual thread. */
public interface ConversationVariableStore {
    /** The values the last run left; empty when none ran in this conversation. */
    Map<String, Object> load(String workflowId, String conversationId);

    /** Replaces the stored values. */
    void save(String workflowId, String conversationId, Map<String, Object> values);
}
