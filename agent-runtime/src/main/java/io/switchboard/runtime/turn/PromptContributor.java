package io.switchboard.runtime.turn;

import io.switchboard.runtime.app.ResolvedApp;

/**
 * Adds context to a turn's system prompt before the model is asked — where knowledge retrieval plugs
 * in. Blocking is allowed (virtual thread). Returns null or blank to add nothing.
 */
@FunctionalInterface
public interface PromptContributor {
    String contribute(ResolvedApp app, AgentRequest request);
}
