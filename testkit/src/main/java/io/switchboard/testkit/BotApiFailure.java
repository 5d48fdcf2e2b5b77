package io.switchboard.testkit;

import io.vertx.core.json.JsonObject;

/**
 * A scripted Bot API error, answered as Telegram does: HTTP status = {@code error_code}, body
 * {@code {"ok":false,"error_code","description","parameters"?}}.
 */
public record BotApiFailure(int errorCode, String description, Integer retryAfter) {
    public BotApiFailure {
        if (errorCode < 400 || errorCode > 599) {
            throw new IllegalArgumentException("errorCode must be an HTTP error status, got " + errorCode);
        }
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("description is required");
        }
    }

    /** 429 with {@code parameters.retry_after} seconds. */
    public static BotApiFailure tooManyRequests(int retryAfterSeconds) {
        return new BotApiFailure(429, "Too Many Requests: retry after " + retryAfterSeconds, retryAfterSeconds);
    }

    /** 403 as sent when the user blocked the bot. */
    public static BotApiFailure blockedByUser() {
        return new BotApiFailure(403, "Forbidden: bot was blocked by the user", null);
    }

    /** 400 as sent when the parse mode's markup is invalid. */
    public static BotApiFailure cantParseEntities() {
        return new BotApiFailure(
                400, "Bad Request: can't parse entities: unsupported start tag at byte offset 0", null);
    }

    /** 400 with any description. */
    public static BotApiFailure badRequest(String description) {
        return new BotApiFailure(400, "Bad Request: " + description, null);
    }

    JsonObject body() {
        JsonObject body =
                new JsonObject().put("ok", false).put("error_code", errorCode).put("description", description);
        if (retryAfter != null) {
            body.put("parameters", new JsonObject().put("retry_after", retryAfter));
        }
        return body;
    }
}
