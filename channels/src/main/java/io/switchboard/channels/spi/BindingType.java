package io.switchboard.channels.spi;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** A kind of platform account an admin can bind to an app, as offered by a channel adapter. */
public interface BindingType {
    /** Stable type name stored with each binding, e.g. {@code wechat-mp}. */
    String type();

    /** Top-level settings fields that are secrets: stored sealed and never returned in clear. */
    Set<String> secretFields();

    /**
     * Checks and normalises the settings an admin sent. Pure and fast: safe on the event loop.
     *
     * @return the settings to store (defaults filled in)
     * @throws IllegalArgumentException whose message names the field and what to fix
     */
    JsonObject validate(JsonObject settings);

    /**
     * The path the platform must call for this binding (to paste into the platform's console), or
     * null when the channel pulls messages itself.
     */
    String callbackPath(String bindingId);
}
