package io.switchboard.channels.telegram;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * A failed Bot API call, classified once here so that the rest of the adapter decides on {@link Kind}
 * and never sees the library's exceptions. The description is Telegram's (no message bodies in it).
 */
final class BotApiException extends RuntimeException {
    enum Kind {
        /** 429: wait {@link #retryAfter()} and send the same request again (it was not delivered). */
        RATE_LIMITED(true),
        /** Network failure or 5xx: worth another try after a pause. */
        UNAVAILABLE(true),
        /** 403 or "chat not found": the bot was blocked or removed; stop sending to this chat. */
        CHAT_GONE(false),
        /** 400 "can't parse entities": resend as plain text. */
        MARKUP_REJECTED(false),
        /** 400 "message is not modified": the edit was a no-op, which is fine. */
        NOT_MODIFIED(false),
        /** 409: another getUpdates consumer or a webhook is active. */
        CONFLICT(false),
        /** 401/404 on the bot path: the token is wrong or revoked. */
        BAD_TOKEN(false),
        /** Any other refusal: do not repeat the request. */
        REJECTED(false);

        final boolean retriable;

        Kind(boolean retriable) {
            this.retriable = retriable;
        }
    }

    private final Kind kind;
    private final int errorCode;
    private final Duration retryAfter;

    BotApiException(Kind kind, int errorCode, String description, Duration retryAfter, Throwable cause) {
        super(description, cause, false, false);
        this.kind = kind;
        this.errorCode = errorCode;
        this.retryAfter = retryAfter;
    }

    Kind kind() {
        return kind;
    }

    int errorCode() {
        return errorCode;
    }

    /** Telegram's {@code parameters.retry_after} for {@link Kind#RATE_LIMITED}, else zero. */
    Duration retryAfter() {
        return retryAfter;
    }

    /** The one place where library exceptions and Bot API error codes become {@link Kind}s. */
    static BotApiException from(String method, Throwable failure) {
        Throwable cause =
                failure instanceof ExecutionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof BotApiException mapped) {
            return mapped;
        }
        if (cause instanceof TelegramApiRequestException request && request.getErrorCode() != null) {
            int code = request.getErrorCode();
            String description = String.valueOf(request.getApiResponse());
            String lower = description.toLowerCase(Locale.ROOT);
            Kind kind;
            if (code == 429) {
                kind = Kind.RATE_LIMITED;
            } else if (code == 403 || lower.contains("chat not found") || lower.contains("bot was kicked")) {
                kind = Kind.CHAT_GONE;
            } else if (lower.contains("can't parse entities")) {
                kind = Kind.MARKUP_REJECTED;
            } else if (lower.contains("message is not modified")) {
                kind = Kind.NOT_MODIFIED;
            } else if (code == 409) {
                kind = Kind.CONFLICT;
            } else if (code == 401 || code == 404) {
                kind = Kind.BAD_TOKEN;
            } else if (code >= 500) {
                kind = Kind.UNAVAILABLE;
            } else {
                kind = Kind.REJECTED;
            }
            Integer seconds = request.getParameters() == null
                    ? null
                    : request.getParameters().getRetryAfter();
            Duration retryAfter = seconds == null ? Duration.ZERO : Duration.ofSeconds(Math.max(0, seconds));
            if (kind == Kind.RATE_LIMITED && retryAfter.isZero()) {
                retryAfter = Duration.ofSeconds(1);
            }
            return new BotApiException(kind, code, method + ": " + code + " " + description, retryAfter, null);
        }
        if (cause instanceof TelegramApiException || cause instanceof IOException) {
            // The library reports I/O failures and unreadable responses as plain TelegramApiException.
            String detail = cause.getCause() != null
                    ? cause.getCause().getClass().getSimpleName()
                    : cause.getClass().getSimpleName();
            return new BotApiException(Kind.UNAVAILABLE, 0, method + " failed: " + detail, Duration.ZERO, cause);
        }
        return new BotApiException(Kind.UNAVAILABLE, 0, method + " failed: " + cause, Duration.ZERO, cause);
    }
}
