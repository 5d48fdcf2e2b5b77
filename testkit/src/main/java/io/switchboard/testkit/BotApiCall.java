package io.switchboard.testkit;

import io.vertx.core.json.JsonObject;

/**
 * A Bot API call the fake received.
 *
 * @param token the bot token from the path
 * @param method the method name, e.g. {@code sendMessage}
 * @param params the parameters (JSON body, form fields and query parameters merged)
 * @param atNanos {@link System#nanoTime()} when it arrived, to check pacing
 * @param status the HTTP status the fake answered with (200, or the scripted/validation error)
 */
public record BotApiCall(String token, String method, JsonObject params, long atNanos, int status) {
    /** The {@code text} parameter, or null. */
    public String text() {
        return params.getString("text");
    }

    /** The {@code chat_id} parameter as a number, or null. */
    public Long chatId() {
        Object value = params.getValue("chat_id");
        return value == null ? null : Long.valueOf(value.toString());
    }

    /** True when the call was answered with 200. */
    public boolean succeeded() {
        return status == 200;
    }
}
