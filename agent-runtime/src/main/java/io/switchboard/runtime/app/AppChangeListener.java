package io.switchboard.runtime.app;

/**
 * Told after an app, provider, channel binding or moderation keyword list changed, so that every cluster member drops what it cached.
 * Implementations must not throw; they are called after the change committed.
 */
public interface AppChangeListener {
    void appChanged(String appId);

    void providerChanged(String providerId);

    /** A channel binding was created, changed or deleted. */
    default void bindingChanged(String bindingId) {}

    /** A moderation keyword list, or its words, was created, changed or deleted. */
    default void keywordListsChanged() {}
}
