package io.switchboard.channels.wecomaibot;

import io.switchboard.channels.spi.BindingType;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code wecom-aibot} binding: {@code botId} and {@code secret} (secret) from the WeCom admin
 * console's AI bot page in long-connection ("API 模式: 长连接") mode, an optional {@code welcome} sent
 * when a user opens the chat, and {@code imageReply}, said to a photo when the app takes no images
 * (absent: a fixed text in the app's, else the user's, language).
 * No callback URL: the gateway connects out.
 */
final class AiBotBindingType implements BindingType {
    static final String TYPE = "wecom-aibot";
    static final AiBotBindingType INSTANCE = new AiBotBindingType();
    static final String DEFAULT_IMAGE_REPLY = "I can only read text for now. Please describe the picture in words.";
    private static final Set<String> FIELDS = Set.of("botId", "secret", "welcome", "imageReply");
    private static final Pattern BOT_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern SECRET = Pattern.compile("[\\x21-\\x7e]{8,256}");
    private static final int MAX_TEXT = 1000;

    private AiBotBindingType() {}

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> secretFields() {
        return Set.of("secret");
    }

    @Override
    public JsonObject validate(JsonObject settings) {
        if (settings == null) {
            throw new IllegalArgumentException(
                    "settings are required: {\"botId\": \"<Bot ID>\", \"secret\": \"<Secret>\"} from the AI bot's page in WeCom");
        }
        for (String field : settings.fieldNames()) {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(
                        "settings." + field + " is not a wecom-aibot setting; allowed: " + FIELDS);
            }
        }
        String botId = string(settings, "botId");
        if (botId == null || !BOT_ID.matcher(botId).matches()) {
            throw new IllegalArgumentException(
                    "settings.botId must be the AI bot's Bot ID (1-128 letters, digits, _ or -)");
        }
        String secret = string(settings, "secret");
        if (secret == null || !SECRET.matcher(secret).matches()) {
            throw new IllegalArgumentException(
                    "settings.secret must be the AI bot's Secret (8-256 visible ASCII characters, no spaces)");
        }
        JsonObject valid = new JsonObject()
                .put("botId", botId)
                .put("secret", secret)
                .put("welcome", text(settings, "welcome", ""));
        // Only the admin's own text: the default follows the app's language when the bot answers (the
        // English default that bindings used to store is no choice of the admin's).
        String imageReply = text(settings, "imageReply", null);
        if (imageReply != null && !imageReply.equals(DEFAULT_IMAGE_REPLY)) {
            valid.put("imageReply", imageReply);
        }
        return valid;
    }

    @Override
    public String callbackPath(String bindingId) {
        return null;
    }

    private static String text(JsonObject settings, String field, String fallback) {
        String value = string(settings, field);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        if (value.length() > MAX_TEXT) {
            throw new IllegalArgumentException("settings." + field + " must be at most " + MAX_TEXT + " characters");
        }
        return value;
    }

    private static String string(JsonObject settings, String field) {
        Object value = settings.getValue(field);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException("settings." + field + " must be a string");
        }
        return value == null ? null : ((String) value).trim();
    }
}
