package io.switchboard.channels.ilink;

import io.switchboard.channels.spi.BindingType;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code wechat-ilink} binding (a personal WeChat account's bot, iLink): {@code botToken} (secret),
 * the {@code bot_token} a QR-code login confirmed, and optionally {@code botId} ({@code ilink_bot_id},
 * shown to admins). No callback URL: the gateway long-polls.
 */
final class IlinkBindingType implements BindingType {
    static final String TYPE = "wechat-ilink";
    static final IlinkBindingType INSTANCE = new IlinkBindingType();
    private static final Set<String> FIELDS = Set.of("botToken", "botId");
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{8,512}");
    private static final Pattern BOT_ID = Pattern.compile("[A-Za-z0-9@._-]{1,128}");

    private IlinkBindingType() {}

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> secretFields() {
        return Set.of("botToken");
    }

    @Override
    public JsonObject validate(JsonObject settings) {
        if (settings == null) {
            throw new IllegalArgumentException(
                    "settings are required: {\"botToken\": \"<bot_token from the QR login>\"}");
        }
        for (String field : settings.fieldNames()) {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(
                        "settings." + field + " is not a wechat-ilink setting; allowed: " + FIELDS);
            }
        }
        String token = string(settings, "botToken");
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException(
                    "settings.botToken must be the bot_token the QR-code login confirmed (8-512 visible ASCII characters)");
        }
        JsonObject valid = new JsonObject().put("botToken", token);
        String botId = string(settings, "botId");
        if (botId != null && !botId.isEmpty()) {
            if (!BOT_ID.matcher(botId).matches()) {
                throw new IllegalArgumentException("settings.botId must be the ilink_bot_id, like abc@im.bot");
            }
            valid.put("botId", botId);
        }
        return valid;
    }

    @Override
    public String callbackPath(String bindingId) {
        return null;
    }

    private static String string(JsonObject settings, String field) {
        Object value = settings.getValue(field);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException("settings." + field + " must be a string");
        }
        return value == null ? null : ((String) value).trim();
    }
}
