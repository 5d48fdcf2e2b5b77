package io.switchboard.runtime.turn;

import io.switchboard.runtime.app.ResolvedApp;

/**
 * Adds context to a turn before the model is asked — where knowledge retrieval plugs in. Blocking is
 * allowed (virtual thread). In offline mode (no model) the best citation answers when no Q&A pair does.
 */
@FunctionalInterface
public interface PromptContributor {
    /** Never null: return {@link Contribution#NONE} to add nothing. */
    Contribution contribute(ResolvedApp app, AgentRequest request);
}
