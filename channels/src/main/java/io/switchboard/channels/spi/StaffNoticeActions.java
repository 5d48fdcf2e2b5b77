package io.switchboard.channels.spi;

import io.vertx.core.Future;

/**
 * What a press on a {@link StaffNotice}'s in-chat button does: the gateway acts on the link behind it
 * (the same as opening it and choosing that action), as the person the notice was sent to.
 */
@FunctionalInterface
public interface StaffNoticeActions {
    /**
     * Acts on {@code url}, a {@link StaffNotice.Link#decides() deciding} link, pressed by
     * {@code recipient} in a chat of binding {@code bindingId}. Safe on any thread.
     *
     * @return the short text to show the person: what happened, or why nothing did (expired, decided
     *     already, not theirs); fails only when the gateway could not tell
     */
    Future<String> press(String bindingId, String recipient, String url);
}
