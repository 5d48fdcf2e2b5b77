package io.switchboard.channels.ilink;

import io.switchboard.channels.spi.MediaLimits;
import io.switchboard.channels.weixin.OptionChecks;
import java.time.Duration;
import java.util.List;

/**
 * How the personal-WeChat (iLink) channel talks to the bot API. Build with {@link #builder()}; every
 * field has a {@code DEFAULT_*}.
 *
 * @param apiBaseUrl {@code https://ilinkai.weixin.qq.com}; tests point it at a fake
 * @param cdnBaseUrl where pictures and voice messages are downloaded ({@code /download?encrypted_query_param=})
 * @param leaseTtl how long a member holds a bot's poller without renewing: the takeover time
 * @param longPollTimeout how long one getupdates may be held (the official plugin uses 35 s)
 * @param requestTimeout the timeout of every other call (and of a media download)
 * @param recoveryGrace how long a dead member's claimed message waits before another member answers it
 * @param dedupeTtl how long a claimed message is remembered
 * @param retryBackoff the pause after a failed getupdates
 * @param sessionPause how long polling pauses after the session expired (errcode -14) before trying again
 * @param partBytes the largest text of one sendmessage (no documented limit was found)
 * @param botMessagesPerSecond sendmessage calls per second per bot, cluster-wide (no documented limit was found)
 * @param userInterval the least time between two sendmessage calls to one user, cluster-wide
 * @param mediaLimits the largest picture and voice message downloaded
 * @param mediaHosts host names (or {@code .suffix}es) media may be downloaded from: the SSRF guard for a message's {@code full_url}
 */
public record WeChatIlinkOptions(
        String apiBaseUrl,
        String cdnBaseUrl,
        Duration leaseTtl,
        Duration longPollTimeout,
        Duration requestTimeout,
        Duration recoveryGrace,
        Duration dedupeTtl,
        Duration retryBackoff,
        Duration sessionPause,
        int partBytes,
        int botMessagesPerSecond,
        Duration userInterval,
        MediaLimits mediaLimits,
        List<String> mediaHosts) {
    private static final String KIND = "wechat-ilink";

    public static final String DEFAULT_API_BASE_URL = "https://ilinkai.weixin.qq.com";
    /** The official plugin's CDN ({@code novac2c}). */
    public static final String DEFAULT_CDN_BASE_URL = "https://novac2c.cdn.weixin.qq.com/c2c";

    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(15);
    public static final Duration DEFAULT_LONG_POLL_TIMEOUT = Duration.ofSeconds(35);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_RECOVERY_GRACE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_DEDUPE_TTL = Duration.ofDays(3);
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(2);
    public static final Duration DEFAULT_SESSION_PAUSE = Duration.ofMinutes(10);
    public static final int DEFAULT_PART_BYTES = 4000;
    /** No figure is documented: a personal account's pace, kept well below what a person could type. */
    public static final int DEFAULT_BOT_MESSAGES_PER_SECOND = 5;

    public static final Duration DEFAULT_USER_INTERVAL = Duration.ofMillis(500);
    public static final List<String> DEFAULT_MEDIA_HOSTS = List.of(".weixin.qq.com", ".qq.com");

    public WeChatIlinkOptions {
        OptionChecks.httpUrl(KIND, apiBaseUrl, "apiBaseUrl");
        OptionChecks.httpUrl(KIND, cdnBaseUrl, "cdnBaseUrl");
        OptionChecks.positive(KIND, leaseTtl, "leaseTtl");
        OptionChecks.positive(KIND, longPollTimeout, "longPollTimeout");
        OptionChecks.positive(KIND, requestTimeout, "requestTimeout");
        OptionChecks.positive(KIND, recoveryGrace, "recoveryGrace");
        OptionChecks.positive(KIND, dedupeTtl, "dedupeTtl");
        OptionChecks.positive(KIND, retryBackoff, "retryBackoff");
        OptionChecks.positive(KIND, sessionPause, "sessionPause");
        OptionChecks.range(KIND, partBytes, 256, 16_000, "partBytes");
        OptionChecks.range(KIND, botMessagesPerSecond, 1, 1000, "botMessagesPerSecond");
        OptionChecks.notNegative(KIND, userInterval, "userInterval");
        OptionChecks.required(KIND, mediaLimits, "mediaLimits");
        mediaHosts = mediaHosts == null ? List.of() : List.copyOf(mediaHosts);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static WeChatIlinkOptions defaults() {
        return builder().build();
    }

    /** True when media may be fetched from {@code host}. */
    boolean mediaHostAllowed(String host) {
        return OptionChecks.hostAllowed(mediaHosts, host);
    }

    /** Builds options; unset fields take their {@code DEFAULT_*}. */
    public static final class Builder {
        private String apiBaseUrl = DEFAULT_API_BASE_URL;
        private String cdnBaseUrl = DEFAULT_CDN_BASE_URL;
        private Duration leaseTtl = DEFAULT_LEASE_TTL;
        private Duration longPollTimeout = DEFAULT_LONG_POLL_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration recoveryGrace = DEFAULT_RECOVERY_GRACE;
        private Duration dedupeTtl = DEFAULT_DEDUPE_TTL;
        private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;
        private Duration sessionPause = DEFAULT_SESSION_PAUSE;
        private int partBytes = DEFAULT_PART_BYTES;
        private int botMessagesPerSecond = DEFAULT_BOT_MESSAGES_PER_SECOND;
        private Duration userInterval = DEFAULT_USER_INTERVAL;
        private MediaLimits mediaLimits = MediaLimits.DEFAULT;
        private List<String> mediaHosts = DEFAULT_MEDIA_HOSTS;

        private Builder() {}

        public Builder apiBaseUrl(String value) {
            this.apiBaseUrl = value;
            return this;
        }

        public Builder cdnBaseUrl(String value) {
            this.cdnBaseUrl = value;
            return this;
        }

        public Builder leaseTtl(Duration value) {
            this.leaseTtl = value;
            return this;
        }

        public Builder longPollTimeout(Duration value) {
            this.longPollTimeout = value;
            return this;
        }

        public Builder requestTimeout(Duration value) {
            this.requestTimeout = value;
            return this;
        }

        public Builder recoveryGrace(Duration value) {
            this.recoveryGrace = value;
            return this;
        }

        public Builder dedupeTtl(Duration value) {
            this.dedupeTtl = value;
            return this;
        }

        public Builder retryBackoff(Duration value) {
            this.retryBackoff = value;
            return this;
        }

        public Builder sessionPause(Duration value) {
            this.sessionPause = value;
            return this;
        }

        public Builder partBytes(int value) {
            this.partBytes = value;
            return this;
        }

        public Builder botMessagesPerSecond(int value) {
            this.botMessagesPerSecond = value;
            return this;
        }

        public Builder userInterval(Duration value) {
            this.userInterval = value;
            return this;
        }

        public Builder mediaLimits(MediaLimits value) {
            this.mediaLimits = value;
            return this;
        }

        public Builder mediaHosts(List<String> value) {
            this.mediaHosts = value;
            return this;
        }

        public WeChatIlinkOptions build() {
            return new WeChatIlinkOptions(
                    apiBaseUrl,
                    cdnBaseUrl,
                    leaseTtl,
                    longPollTimeout,
                    requestTimeout,
                    recoveryGrace,
                    dedupeTtl,
                    retryBackoff,
                    sessionPause,
                    partBytes,
                    botMessagesPerSecond,
                    userInterval,
                    mediaLimits,
                    mediaHosts);
        }
    }
}
