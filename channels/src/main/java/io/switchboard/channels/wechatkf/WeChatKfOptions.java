package io.switchboard.channels.wechatkf;

import java.net.URI;
import java.time.Duration;

/**
 * How the WeChat customer-service channel talks to WeCom.
 *
 * @param apiBaseUrl {@code https://qyapi.weixin.qq.com}; tests point it at a fake
 * @param leaseTtl how long a member holds an account's poller without renewing: the takeover time
 * @param pollInterval how long the poller waits for a callback before it syncs anyway
 * @param recoveryGrace how long a dead member's claimed message waits before another member answers it
 * @param sendInterval the least time between two messages of one account, cluster-wide
 */
public record WeChatKfOptions(
        String apiBaseUrl,
        Duration leaseTtl,
        Duration pollInterval,
        Duration recoveryGrace,
        Duration dedupeTtl,
        Duration requestTimeout,
        Duration retryBackoff,
        Duration sendInterval) {
    public static final String DEFAULT_API_BASE_URL = "https://qyapi.weixin.qq.com";
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(15);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RECOVERY_GRACE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_DEDUPE_TTL = Duration.ofDays(3);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(2);
    public static final Duration DEFAULT_SEND_INTERVAL = Duration.ofMillis(50);

    public WeChatKfOptions {
        URI uri = URI.create(apiBaseUrl == null ? "" : apiBaseUrl);
        if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("wechat-kf apiBaseUrl must be an http(s) URL, got '" + apiBaseUrl + "'");
        }
        for (Duration d :
                new Duration[] {leaseTtl, pollInterval, recoveryGrace, dedupeTtl, requestTimeout, retryBackoff}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(
                        "wechat-kf leaseTtl, pollInterval, recoveryGrace, dedupeTtl, requestTimeout and retryBackoff must be positive");
            }
        }
        if (sendInterval == null || sendInterval.isNegative() || sendInterval.toMillis() > 1000) {
            throw new IllegalArgumentException("wechat-kf sendInterval must be 0-1000 ms");
        }
    }

    public static WeChatKfOptions defaults() {
        return new WeChatKfOptions(
                DEFAULT_API_BASE_URL,
                DEFAULT_LEASE_TTL,
                DEFAULT_POLL_INTERVAL,
                DEFAULT_RECOVERY_GRACE,
                DEFAULT_DEDUPE_TTL,
                DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_RETRY_BACKOFF,
                DEFAULT_SEND_INTERVAL);
    }

    public WeChatKfOptions withApiBaseUrl(String url) {
        return new WeChatKfOptions(
                url, leaseTtl, pollInterval, recoveryGrace, dedupeTtl, requestTimeout, retryBackoff, sendInterval);
    }
}
