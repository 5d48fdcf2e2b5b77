package io.switchboard.channels.telegram;

import io.switchboard.channels.spi.MediaLimits;
import java.net.URI;
import java.time.Duration;

/**
 * How the Telegram channel talks to the Bot API. Defaults follow Telegram's published limits; tests
 * shrink the intervals so they run in milliseconds.
 *
 * @param apiBaseUrl the Bot API server, scheme + host (+ port), no path; e.g. a local Bot API server
 * @param publicUrl this gateway's public base URL, used to register webhooks; empty when unknown
 *     (webhook bindings are then not registered and a warning is logged)
 * @param pollTimeout long-poll timeout of {@code getUpdates} (whole seconds, 1-50)
 * @param leaseTtl how long one member holds a bot's polling lease without renewing it; it is renewed
 *     every third of this, so a stopped member is replaced after at most this long
 * @param chatInterval minimum time between two messages (sends and edits) to one chat, from any member
 * @param groupMessagesPerMinute messages per minute to one group, evenly spaced, from all members
 * @param botMessagesPerSecond messages per second from one bot across all chats and members, evenly
 *     spaced
 * @param streamInterval how often a streamed answer's draft or edited message is refreshed
 * @param maxMessageLength longest text of one message; longer answers are split
 * @param dedupeTtl how long a handled {@code update_id} is remembered (Telegram keeps updates 24 h)
 * @param retryBackoff wait after a network error or 5xx before trying again
 * @param maxAttempts attempts per Bot API call (429 waits included) before giving up on it
 * @param mediaLimits the largest photo and voice message downloaded for apps that take them; null for
 *     {@link MediaLimits#DEFAULT}
 * @param recoveryGrace how long an accepted update may stay unanswered before another member answers
 *     it, once the member that accepted it stopped showing signs of life (missed heartbeats); also
 *     paces the heartbeats (every quarter) and the search for such updates (every half)
 */
public record TelegramOptions(
        String apiBaseUrl,
        String publicUrl,
        Duration pollTimeout,
        Duration leaseTtl,
        Duration chatInterval,
        int groupMessagesPerMinute,
        int botMessagesPerSecond,
        Duration streamInterval,
        int maxMessageLength,
        Duration dedupeTtl,
        Duration retryBackoff,
        int maxAttempts,
        MediaLimits mediaLimits,
        Duration recoveryGrace) {
    public static final String DEFAULT_API_BASE_URL = "https://api.telegram.org";
    public static final int DEFAULT_MAX_MESSAGE_LENGTH = 4096;

    public TelegramOptions {
        URI uri;
        try {
            uri = URI.create(apiBaseUrl == null ? "" : apiBaseUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("telegram apiBaseUrl is not a URL: " + apiBaseUrl);
        }
        if (uri.getScheme() == null
                || uri.getHost() == null
                || !(uri.getPath() == null
                        || uri.getPath().isEmpty()
                        || uri.getPath().equals("/"))) {
            throw new IllegalArgumentException(
                    "telegram apiBaseUrl must be scheme://host[:port] without a path, e.g. " + DEFAULT_API_BASE_URL);
        }
        publicUrl = publicUrl == null ? "" : publicUrl.replaceAll("/+$", "");
        if (!publicUrl.isEmpty() && !publicUrl.startsWith("https://") && !publicUrl.startsWith("http://")) {
            throw new IllegalArgumentException("telegram publicUrl must start with https:// (or http:// in tests)");
        }
        requirePositive(pollTimeout, "pollTimeout");
        if (pollTimeout.toSeconds() < 1 || pollTimeout.toSeconds() > 50) {
            throw new IllegalArgumentException("telegram pollTimeout must be 1-50 seconds, got " + pollTimeout);
        }
        requirePositive(leaseTtl, "leaseTtl");
        if (leaseTtl.compareTo(Duration.ofMillis(300)) < 0) {
            throw new IllegalArgumentException("telegram leaseTtl must be at least 300ms, got " + leaseTtl);
        }
        requireNotNegative(chatInterval, "chatInterval");
        requirePositive(streamInterval, "streamInterval");
        requirePositive(dedupeTtl, "dedupeTtl");
        requireNotNegative(retryBackoff, "retryBackoff");
        if (groupMessagesPerMinute < 1 || botMessagesPerSecond < 1) {
            throw new IllegalArgumentException("telegram groupMessagesPerMinute and botMessagesPerSecond must be >= 1");
        }
        if (maxMessageLength < 16 || maxMessageLength > DEFAULT_MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("telegram maxMessageLength must be 16-4096, got " + maxMessageLength);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("telegram maxAttempts must be >= 1, got " + maxAttempts);
        }
        mediaLimits = mediaLimits == null ? MediaLimits.DEFAULT : mediaLimits;
        requirePositive(recoveryGrace, "recoveryGrace");
        if (recoveryGrace.compareTo(Duration.ofMillis(200)) < 0) {
            throw new IllegalArgumentException("telegram recoveryGrace must be at least 200ms, got " + recoveryGrace);
        }
    }

    /** Telegram's own server and limits; webhooks registered under {@code publicUrl}. */
    public static TelegramOptions defaults(String publicUrl) {
        return new TelegramOptions(
                DEFAULT_API_BASE_URL,
                publicUrl,
                Duration.ofSeconds(25),
                Duration.ofSeconds(30),
                Duration.ofSeconds(1),
                20,
                30,
                Duration.ofMillis(1200),
                DEFAULT_MAX_MESSAGE_LENGTH,
                Duration.ofHours(25),
                Duration.ofSeconds(1),
                5,
                MediaLimits.DEFAULT,
                Duration.ofSeconds(60));
    }

    public TelegramOptions withApiBaseUrl(String value) {
        return new TelegramOptions(
                value,
                publicUrl,
                pollTimeout,
                leaseTtl,
                chatInterval,
                groupMessagesPerMinute,
                botMessagesPerSecond,
                streamInterval,
                maxMessageLength,
                dedupeTtl,
                retryBackoff,
                maxAttempts,
                mediaLimits,
                recoveryGrace);
    }

    public TelegramOptions withPolling(Duration pollTimeoutValue, Duration leaseTtlValue) {
        return new TelegramOptions(
                apiBaseUrl,
                publicUrl,
                pollTimeoutValue,
                leaseTtlValue,
                chatInterval,
                groupMessagesPerMinute,
                botMessagesPerSecond,
                streamInterval,
                maxMessageLength,
                dedupeTtl,
                retryBackoff,
                maxAttempts,
                mediaLimits,
                recoveryGrace);
    }

    public TelegramOptions withPacing(
            Duration chatIntervalValue, int groupPerMinute, int botPerSecond, Duration streamIntervalValue) {
        return new TelegramOptions(
                apiBaseUrl,
                publicUrl,
                pollTimeout,
                leaseTtl,
                chatIntervalValue,
                groupPerMinute,
                botPerSecond,
                streamIntervalValue,
                maxMessageLength,
                dedupeTtl,
                retryBackoff,
                maxAttempts,
                mediaLimits,
                recoveryGrace);
    }

    public TelegramOptions withMaxMessageLength(int value) {
        return new TelegramOptions(
                apiBaseUrl,
                publicUrl,
                pollTimeout,
                leaseTtl,
                chatInterval,
                groupMessagesPerMinute,
                botMessagesPerSecond,
                streamInterval,
                value,
                dedupeTtl,
                retryBackoff,
                maxAttempts,
                mediaLimits,
                recoveryGrace);
    }

    public TelegramOptions withRetries(Duration backoff, int attempts) {
        return new TelegramOptions(
                apiBaseUrl,
                publicUrl,
                pollTimeout,
                leaseTtl,
                chatInterval,
                groupMessagesPerMinute,
                botMessagesPerSecond,
                streamInterval,
                maxMessageLength,
                dedupeTtl,
                backoff,
                attempts,
                mediaLimits,
                recoveryGrace);
    }

    public TelegramOptions withMediaLimits(MediaLimits value) {
        return new TelegramOptions(
                apiBaseUrl,
                publicUrl,
                pollTimeout,
                leaseTtl,
                chatInterval,
                groupMessagesPerMinute,
                botMessagesPerSecond,
                streamInterval,
                maxMessageLength,
                dedupeTtl,
                retryBackoff,
                maxAttempts,
                value,
                recoveryGrace);
    }

    public TelegramOptions withRecoveryGrace(Duration value) {
        return new TelegramOptions(
                apiBaseUrl,
                publicUrl,
                pollTimeout,
                leaseTtl,
                chatInterval,
                groupMessagesPerMinute,
                botMessagesPerSecond,
                streamInterval,
                maxMessageLength,
                dedupeTtl,
                retryBackoff,
                maxAttempts,
                mediaLimits,
                value);
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("telegram " + name + " must be a positive duration, got " + value);
        }
    }

    private static void requireNotNegative(Duration value, String name) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException("telegram " + name + " must be zero or more, got " + value);
        }
    }
}
