package io.switchboard.channels.ilink;

import java.net.URI;
import java.time.Duration;

/**
 * How the personal-WeChat (iLink) channel talks to the bot API.
 *
 * @param apiBaseUrl {@code https://ilinkai.weixin.qq.com}; tests point it at a fake
 * @param leaseTtl how long a member holds a bot's poller without renewing: the takeover time
 * @param longPollTimeout how long one getupdates may be held (the official plugin uses 35 s)
 * @param sessionPause how long polling pauses after the session expired (errcode -14) before trying again
 * @param partBytes the largest text of one sendmessage (no documented limit was found)
 */
public record WeChatIlinkOptions(
        String apiBaseUrl,
        Duration leaseTtl,
        Duration longPollTimeout,
        Duration requestTimeout,
        Duration recoveryGrace,
        Duration dedupeTtl,
        Duration retryBackoff,
        Duration sessionPause,
        int partBytes) {
    public static final String DEFAULT_API_BASE_URL = "https://ilinkai.weixin.qq.com";
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(15);
    public static final Duration DEFAULT_LONG_POLL_TIMEOUT = Duration.ofSeconds(35);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_RECOVERY_GRACE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_DEDUPE_TTL = Duration.ofDays(3);
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(2);
    public static final Duration DEFAULT_SESSION_PAUSE = Duration.ofMinutes(10);
    public static final int DEFAULT_PART_BYTES = 4000;

    public WeChatIlinkOptions {
        URI uri = URI.create(apiBaseUrl == null ? "" : apiBaseUrl);
        if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new IllegalArgumentException(
                    "wechat-ilink apiBaseUrl must be an http(s) URL, got '" + apiBaseUrl + "'");
        }
        for (Duration d : new Duration[] {
            leaseTtl, longPollTimeout, requestTimeout, recoveryGrace, dedupeTtl, retryBackoff, sessionPause
        }) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("wechat-ilink durations must be positive");
            }
        }
        if (partBytes < 256 || partBytes > 16_000) {
            throw new IllegalArgumentException("wechat-ilink partBytes must be 256-16000");
        }
    }

    public static WeChatIlinkOptions defaults() {
        return new WeChatIlinkOptions(
                DEFAULT_API_BASE_URL,
                DEFAULT_LEASE_TTL,
                DEFAULT_LONG_POLL_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_RECOVERY_GRACE,
                DEFAULT_DEDUPE_TTL,
                DEFAULT_RETRY_BACKOFF,
                DEFAULT_SESSION_PAUSE,
                DEFAULT_PART_BYTES);
    }
}
