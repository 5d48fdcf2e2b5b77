package io.switchboard.channels.telegram;

import io.switchboard.channels.spi.BindingType;
import io.switchboard.channels.spi.FixedTexts;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code telegram} binding: {@code botToken} (secret), {@code mode} webhook|polling (default
 * webhook), {@code webhookSecret} (secret; generated when absent), {@code groupMode}
 * mention|reply|all (default mention), {@code photoReply} and {@code voiceReply} (what the bot says
 * to a photo or voice note the app does not take; absent: a fixed text in the app's, else the user's,
 * language).
 */
final class TelegramBindingType implements BindingType {
    static final String TYPE = "telegram";
    static final TelegramBindingType INSTANCE = new TelegramBindingType();
    static final String DEFAULT_PHOTO_REPLY = "I can only read text for now. Please describe the picture in words.";
    static final String DEFAULT_VOICE_REPLY = "I can't listen to voice notes yet. Please type your question.";
    static final FixedTexts.Text PHOTO_REPLY = new FixedTexts.Text(DEFAULT_PHOTO_REPLY, "我目前只能读懂文字，请用文字描述这张图片。");
    static final FixedTexts.Text VOICE_REPLY = new FixedTexts.Text(DEFAULT_VOICE_REPLY, "我暂时还听不了语音，请输入文字提问。");
    private static final Pattern TOKEN = Pattern.compile("[0-9]{1,20}:[A-Za-z0-9_-]{20,100}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{16,256}");
    private static final Set<String> FIELDS =
            Set.of("botToken", "mode", "webhookSecret", "groupMode", "photoReply", "voiceReply");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_REPLY = 1000;

    private TelegramBindingType() {}

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> secretFields() {
        return Set.of("botToken", "webhookSecret");
    }

    @Override
    public JsonObject validate(JsonObject settings) {
        if (settings == null) {
            throw new IllegalArgumentException(
                    "settings are required: at least {\"botToken\": \"<token from BotFather>\"}");
        }
        for (String field : settings.fieldNames()) {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(
                        "settings." + field + " is not a telegram setting; allowed: " + FIELDS);
            }
        }
        String token = string(settings, "botToken");
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException(
                    "settings.botToken must be the token BotFather gave you, like 123456789:AAE...(digits, a colon, 20+ letters)");
        }
        String mode = choice(settings, "mode", "webhook", "webhook", "polling");
        String secret = string(settings, "webhookSecret");
        if (secret == null || secret.isEmpty()) {
            secret = generateSecret();
        } else if (!SECRET.matcher(secret).matches()) {
            throw new IllegalArgumentException(
                    "settings.webhookSecret must be 16-256 characters of A-Z, a-z, 0-9, _ and -; omit it to generate one");
        }
        JsonObject valid = new JsonObject()
                .put("botToken", token)
                .put("mode", mode)
                .put("webhookSecret", secret)
                .put("groupMode", choice(settings, "groupMode", "mention", "mention", "reply", "all"));
        // Only the admin's own texts: the defaults follow the app's language when the bot answers.
        String photo = reply(settings, "photoReply", DEFAULT_PHOTO_REPLY);
        if (photo != null) {
            valid.put("photoReply", photo);
        }
        String voice = reply(settings, "voiceReply", DEFAULT_VOICE_REPLY);
        if (voice != null) {
            valid.put("voiceReply", voice);
        }
        return valid;
    }

    @Override
    public String callbackPath(String bindingId) {
        return TelegramChannel.WEBHOOK_PREFIX + bindingId;
    }

    private static String choice(JsonObject settings, String field, String fallback, String... allowed) {
        String value = string(settings, field);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        String normalised = value.toLowerCase(Locale.ROOT);
        if (!Set.of(allowed).contains(normalised)) {
            throw new IllegalArgumentException(
                    "settings." + field + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
        }
        return normalised;
    }

    /** The admin's text, or null (absent, blank, or the English default bindings used to store). */
    private static String reply(JsonObject settings, String field, String formerDefault) {
        String value = string(settings, field);
        if (value == null || value.isBlank() || value.equals(formerDefault)) {
            return null;
        }
        if (value.length() > MAX_REPLY) {
            throw new IllegalArgumentException("settings." + field + " must be at most " + MAX_REPLY + " characters");
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

    private static String generateSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
