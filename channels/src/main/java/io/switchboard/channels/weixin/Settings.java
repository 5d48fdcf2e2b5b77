package io.switchboard.channels.weixin;

import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.regex.Pattern;

/** Reading and checking binding settings with messages that say which field to fix and how. */
public final class Settings {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9]{3,32}");

    private Settings() {}

    public static String required(JsonObject settings, String field) {
        Object value = settings.getValue(field);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException(field + " is required (a non-empty string)");
        }
        return text.strip();
    }

    public static String optional(JsonObject settings, String field, String fallback) {
        Object value = settings.getValue(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return text.isBlank() ? fallback : text.strip();
    }

    /** The callback Token: 3 to 32 letters or digits, as the platform consoles require. */
    /** A true/false setting, {@code fallback} when absent. */
    public static boolean flag(JsonObject settings, String field, boolean fallback) {
        Object value = settings.getValue(field, fallback);
        if (!(value instanceof Boolean flag)) {
            throw new IllegalArgumentException(field + " must be true or false");
        }
        return flag;
    }

    public static String token(JsonObject settings) {
        String token = required(settings, "token");
        if (!TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException(
                    "token must be 3 to 32 letters or digits, as set in the platform console");
        }
        return token;
    }

    /** The EncodingAESKey: 43 characters of base64 for a 32-byte key. */
    public static String encodingAesKey(JsonObject settings) {
        String key = required(settings, "encodingAesKey");
        boolean valid = key.length() == 43;
        if (valid) {
            try {
                valid = Base64.getDecoder().decode(key + "=").length == 32;
            } catch (IllegalArgumentException e) {
                valid = false;
            }
        }
        if (!valid) {
            throw new IllegalArgumentException(
                    "encodingAesKey must be the 43-character EncodingAESKey from the platform console");
        }
        return key;
    }

    /** An optional API base URL (tests point it at a fake platform); null when absent. */
    public static String apiBaseUrl(JsonObject settings) {
        String url = optional(settings, "apiBaseUrl", null);
        if (url != null && !url.matches("https?://[^\\s/]+(:\\d+)?/?")) {
            throw new IllegalArgumentException("apiBaseUrl must be http(s)://host[:port] without a path");
        }
        return url == null ? null : url.replaceAll("/$", "");
    }

    public static void onlyKnown(JsonObject settings, java.util.Set<String> known) {
        for (String field : settings.fieldNames()) {
            if (!known.contains(field)) {
                throw new IllegalArgumentException(
                        "unknown setting '" + field + "'; known: " + new java.util.TreeSet<>(known));
            }
        }
    }
}
