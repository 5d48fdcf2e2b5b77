package io.switchboard.runtime.app;

/**
 * Told after an app or provider changed, so that every cluster member drops what it cached.
 * Implementations must not throw; they are called after the change committed.
 */
public interface AppChangeListener {
    void appChanged(String appId);

    void providerChanged(String providerId);
}
