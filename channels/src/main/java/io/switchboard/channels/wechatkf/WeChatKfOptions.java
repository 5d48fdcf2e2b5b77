package io.switchboard.channels.wechatkf;

import io.switchboard.channels.spi.MediaLimits;
import io.switchboard.channels.weixin.OptionChecks;
import java.time.Duration;

/**
 * How the WeChat customer-service channel talks to WeCom. Build with {@link #builder()}; every field
 * has a {@code DEFAULT_*}.
 *
 * @param apiBaseUrl {@code https://qyapi.weixin.qq.com}; tests point it at a fake
 * @param leaseTtl how long a member holds an account's poller without renewing: the takeover time
 * @param pollInterval how long the poller waits for a callback before it syncs anyway
 * @param recoveryGrace how long a dead member's claimed message waits before another member answers it
 * @param dedupeTtl how long a claimed message is remembered
 * @param requestTimeout the timeout of every API call (and of a media download)
 * @param retryBackoff the pause after a failed sync
 * @param sendInterval the least time between two messages of one account, cluster-wide
 * @param mediaLimits the largest picture and voice message downloaded ({@code media/get})
 */
public record WeChatKfOptions(
        String apiBaseUrl,
        Duration leaseTtl,
        Duration pollInterval,
        Duration recoveryGrace,
        Duration dedupeTtl,
        Duration requestTimeout,
        Duration retryBackoff,
        Duration sendInterval,
        MediaLimits mediaLimits) {
    private static final String KIND = "wechat-kf";

    public static final String DEFAULT_API_BASE_URL = "https://qyapi.weixin.qq.com";
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(15);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RECOVERY_GRACE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_DEDUPE_TTL = Duration.ofDays(3);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(2);
    public static final Duration DEFAULT_SEND_INTERVAL = Duration.ofMillis(50);

    public WeChatKfOptions {
        OptionChecks.httpUrl(KIND, apiBaseUrl, "apiBaseUrl");
        OptionChecks.positive(KIND, leaseTtl, "leaseTtl");
        OptionChecks.positive(KIND, pollInterval, "pollInterval");
        OptionChecks.positive(KIND, recoveryGrace, "recoveryGrace");
        OptionChecks.positive(KIND, dedupeTtl, "dedupeTtl");
        OptionChecks.positive(KIND, requestTimeout, "requestTimeout");
        OptionChecks.positive(KIND, retryBackoff, "retryBackoff");
        if (sendInterval == null || sendInterval.isNegative() || sendInterval.toMillis() > 1000) {
            throw new IllegalArgumentException("wechat-kf sendInterval must be 0-1000 ms");
        }
        OptionChecks.required(KIND, mediaLimits, "mediaLimits");
    }

    public static Builder builder() {
        return new Builder();
    }

    public static WeChatKfOptions defaults() {
        return builder().build();
    }

    /** Builds options; unset fields take their {@code DEFAULT_*}. */
    public static final class Builder {
        private String apiBaseUrl = DEFAULT_API_BASE_URL;
        private Duration leaseTtl = DEFAULT_LEASE_TTL;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Duration recoveryGrace = DEFAULT_RECOVERY_GRACE;
        private Duration dedupeTtl = DEFAULT_DEDUPE_TTL;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;
        private Duration sendInterval = DEFAULT_SEND_INTERVAL;
        private MediaLimits mediaLimits = MediaLimits.DEFAULT;

        private Builder() {}

        public Builder apiBaseUrl(String value) {
            this.apiBaseUrl = value;
            return this;
        }

        public Builder leaseTtl(Duration value) {
            this.leaseTtl = value;
            return this;
        }

        public Builder pollInterval(Duration value) {
            this.pollInterval = value;
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

        public Builder requestTimeout(Duration value) {
            this.requestTimeout = value;
            return this;
        }

        public Builder retryBackoff(Duration value) {
            this.retryBackoff = value;
            return this;
        }

        public Builder sendInterval(Duration value) {
            this.sendInterval = value;
            return this;
        }

        public Builder mediaLimits(MediaLimits value) {
            this.mediaLimits = value;
            return this;
        }

        public WeChatKfOptions build() {
            return new WeChatKfOptions(
                    apiBaseUrl,
                    leaseTtl,
                    pollInterval,
                    recoveryGrace,
                    dedupeTtl,
                    requestTimeout,
                    retryBackoff,
                    sendInterval,
                    mediaLimits);
        }
    }
}
