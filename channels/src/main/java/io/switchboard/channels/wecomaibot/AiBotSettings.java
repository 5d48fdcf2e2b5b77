package io.switchboard.channels.wecomaibot;

import io.vertx.core.json.JsonObject;

/**
 * A {@code wecom-aibot} binding's settings as validated by {@link AiBotBindingType}. Holds the secret:
 * never log it ({@link #toString()} hides it).
 *
 * @param welcome what the bot says when a user opens its chat (enter_chat); empty for nothing
 * @param imageReply what the bot says to a photo when the app takes no images
 */
record AiBotSettings(String botId, String secret, String welcome, String imageReply) {
    static AiBotSettings from(JsonObject settings) {
        JsonObject valid = AiBotBindingType.INSTANCE.validate(settings);
        return new AiBotSettings(
                valid.getString("botId"),
                valid.getString("secret"),
                valid.getString("welcome"),
                valid.getString("imageReply"));
    }

    @Override
    public String toString() {
        return "AiBotSettings[botId=" + botId + "]";
    }
}
