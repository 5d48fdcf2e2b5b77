package io.switchboard.runtime.app;

import io.switchboard.runtime.NotFoundException;
import java.util.List;
import java.util.Optional;

/**
 * Channel bindings; their settings are sealed with the master key at rest. Blocking: call from a
 * virtual thread.
 */
public interface ChannelBindingStore {
    /**
     * Inserts a binding with a new id.
     *
     * @throws NotFoundException when the app does not exist
     */
    ChannelBinding create(String appId, String type, String configJson);

    Optional<ChannelBinding> find(String id);

    /** Bindings of an app, oldest first. */
    List<ChannelBinding> listByApp(String appId);

    /** Enabled bindings of a channel type, across all apps (what a channel loads at start). */
    List<ChannelBinding> listEnabledByType(String type);

    /**
     * Replaces settings and the enabled flag.
     *
     * @throws NotFoundException when no such binding exists
     */
    ChannelBinding update(String id, String configJson, boolean enabled);

    /** False when it did not exist. */
    boolean delete(String id);
}
