package io.switchboard.channels.telegram;

import io.vertx.core.json.JsonObject;

/**
 * A Telegram binding's settings as validated by {@link TelegramBindingType}. Holds the token: never
 * log it ({@link #toString()} hides secrets).
 */
record BotSettings(
        String botToken, Mode mode, String webhookSecret, GroupMode groupMode, String photoReply, String voiceReply) {
    enum Mode {
        WEBHOOK,
        POLLING
    }

    /** When the bot answers in groups: when mentioned or replied to, only when replied to, always. */
    enum GroupMode {
        MENTION,
        REPLY,
        ALL
    }

    /** Reads settings that {@link TelegramBindingType#validate} produced. */
    static BotSettings from(JsonObject settings) {
        JsonObject valid = TelegramBindingType.INSTANCE.validate(settings);
        return new BotSettings(
                valid.getString("botToken"),
                Mode.valueOf(valid.getString("mode").toUpperCase(java.util.Locale.ROOT)),
                valid.getString("webhookSecret"),
                GroupMode.valueOf(valid.getString("groupMode").toUpperCase(java.util.Locale.ROOT)),
                valid.getString("photoReply"),
                valid.getString("voiceReply"));
    }

    /** The numeric bot id before the colon: safe to log, unlike the token. */
    String botId() {
        int colon = botToken.indexOf(':');
        return colon > 0 ? botToken.substring(0, colon) : "?";
    }

    @Override
    public String toString() {
        return "BotSettings[bot=" + botId() + ", mode=" + mode + ", groupMode=" + groupMode + "]";
    }
}
