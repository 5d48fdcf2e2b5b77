package io.switchboard.runtime.model;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * An HTTP error answer of a provider with the {@code Retry-After} it carried. LangChain4j's own
 * {@link HttpException} keeps only status and body; an HTTP client that throws this one instead lets
 * the failover honour the provider's wait (LangChain4j keeps it as the cause of its typed exceptions).
 */
public final class ProviderHttpException extends HttpException {
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final Duration retryAfter;

    /** @param retryAfter the wait the provider asked for, or null */
    public ProviderHttpException(int statusCode, String body, Duration retryAfter) {
        super(statusCode, body);
        this.retryAfter = retryAfter;
    }

    /** The wait the provider asked for, or null when it named none. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * A {@code Retry-After} header value (delay seconds or an HTTP date, RFC 9110 10.2.3) as a wait
     * from {@code now}, capped at an hour; null when absent or unreadable.
     */
    public static Duration parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        Duration wait;
        if (text.chars().allMatch(Character::isDigit)) {
            try {
                wait = Duration.ofSeconds(Long.parseLong(text));
            } catch (NumberFormatException e) {
                wait = MAX_RETRY_AFTER;
            }
        } else {
            try {
                wait = Duration.between(
                        now,
                        ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant());
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
    }
}
