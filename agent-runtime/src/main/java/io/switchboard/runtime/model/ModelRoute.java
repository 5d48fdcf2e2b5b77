package io.switchboard.runtime.model;

import java.util.Objects;

/**
 * One model of an app's chain: the provider to call and the settings to call it with.
 *
 * @param provider never null
 * @param settings never null; {@code settings.providerId()} is {@code provider.id()}
 */
public record ModelRoute(ProviderConfig provider, ModelSettings settings) {
    public ModelRoute {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(settings, "settings");
    }

    /** {@code providerId/modelName}: how logs, metrics and the turn log name the model. */
    public String label() {
        return provider.id() + "/" + settings.modelName();
    }
}
