package io.switchboard.runtime.turn;

import io.switchboard.runtime.app.ResolvedApp;
import io.switchboard.runtime.memory.ChatEntry;
import java.util.List;

/**
 * Adds context to a turn before the model is asked — where knowledge retrieval plugs in. Blocking is
 * allowed (virtual thread). In offline mode (no model) the best citation answers when no Q&A pair does.
 */
@FunctionalInterface
public interface PromptContributor {
    /**
     * Never null: return {@link Contribution#NONE} to add nothing.
     *
     * @param history the conversation's earlier turns in the window, oldest first (empty for a first turn)
     */
    Contribution contribute(ResolvedApp app, AgentRequest request, List<ChatEntry> history);
}
