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
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofSeconds(25);
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(30);
    /** Telegram: about one message a second to one chat. */
    public static final Duration DEFAULT_CHAT_INTERVAL = Duration.ofSeconds(1);
    /** Telegram: 20 messages a minute to one group. */
    public static final int DEFAULT_GROUP_MESSAGES_PER_MINUTE = 20;
    /** Telegram: about 30 messages a second from one bot. */
    public static final int DEFAULT_BOT_MESSAGES_PER_SECOND = 30;

    public static final Duration DEFAULT_STREAM_INTERVAL = Duration.ofMillis(1200);
    /** Telegram's limit on one message's text. */
    public static final int DEFAULT_MAX_MESSAGE_LENGTH = 4096;
    /** Telegram keeps undelivered updates 24 hours; an hour more covers clock skew. */
    public static final Duration DEFAULT_DEDUPE_TTL = Duration.ofHours(25);

    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_RECOVERY_GRACE = Duration.ofSeconds(60);

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

    /** Telegram's own server and limits, no public URL; set what differs. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults are Telegram's published limits ({@code DEFAULT_*}). */
    public static final class Builder {
        private String apiBaseUrl = DEFAULT_API_BASE_URL;
        private String publicUrl = "";
        private Duration pollTimeout = DEFAULT_POLL_TIMEOUT;
        private Duration leaseTtl = DEFAULT_LEASE_TTL;
        private Duration chatInterval = DEFAULT_CHAT_INTERVAL;
        private int groupMessagesPerMinute = DEFAULT_GROUP_MESSAGES_PER_MINUTE;
        private int botMessagesPerSecond = DEFAULT_BOT_MESSAGES_PER_SECOND;
        private Duration streamInterval = DEFAULT_STREAM_INTERVAL;
        private int maxMessageLength = DEFAULT_MAX_MESSAGE_LENGTH;
        private Duration dedupeTtl = DEFAULT_DEDUPE_TTL;
        private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private MediaLimits mediaLimits = MediaLimits.DEFAULT;
        private Duration recoveryGrace = DEFAULT_RECOVERY_GRACE;

        private Builder() {}

        public Builder apiBaseUrl(String apiBaseUrl) {
            this.apiBaseUrl = apiBaseUrl;
            return this;
        }

        /** Where webhooks are registered; empty (the default) registers none. */
        public Builder publicUrl(String publicUrl) {
            this.publicUrl = publicUrl;
            return this;
        }

        public Builder pollTimeout(Duration pollTimeout) {
            this.pollTimeout = pollTimeout;
            return this;
        }

        public Builder leaseTtl(Duration leaseTtl) {
            this.leaseTtl = leaseTtl;
            return this;
        }

        public Builder chatInterval(Duration chatInterval) {
            this.chatInterval = chatInterval;
            return this;
        }

        public Builder groupMessagesPerMinute(int groupMessagesPerMinute) {
            this.groupMessagesPerMinute = groupMessagesPerMinute;
            return this;
        }

        public Builder botMessagesPerSecond(int botMessagesPerSecond) {
            this.botMessagesPerSecond = botMessagesPerSecond;
            return this;
        }

        public Builder streamInterval(Duration streamInterval) {
            this.streamInterval = streamInterval;
            return this;
        }

        public Builder maxMessageLength(int maxMessageLength) {
            this.maxMessageLength = maxMessageLength;
            return this;
        }

        public Builder dedupeTtl(Duration dedupeTtl) {
            this.dedupeTtl = dedupeTtl;
            return this;
        }

        public Builder retryBackoff(Duration retryBackoff) {
            this.retryBackoff = retryBackoff;
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder mediaLimits(MediaLimits mediaLimits) {
            this.mediaLimits = mediaLimits;
            return this;
        }

        public Builder recoveryGrace(Duration recoveryGrace) {
            this.recoveryGrace = recoveryGrace;
            return this;
        }

        /** @throws IllegalArgumentException naming the setting that is out of range */
        public TelegramOptions build() {
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
                    recoveryGrace);
        }
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
