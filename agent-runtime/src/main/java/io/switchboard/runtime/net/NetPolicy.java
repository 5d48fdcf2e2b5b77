package io.switchboard.runtime.net;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What outbound fetches may do.
 *
 * @param allowlist addresses or CIDR blocks (e.g. {@code 10.1.2.0/24}, {@code 127.0.0.1}, {@code ::1}) that
 *     an administrator opened although they are private, loopback or otherwise internal; empty by default.
 *     A cloud metadata address is only reachable when the allowlist names it exactly.
 * @param maxRedirects redirects followed per fetch; every hop is checked again
 * @param maxResponseBytes larger bodies fail the fetch
 * @param connectTimeout per connection attempt
 * @param totalTimeout for the whole fetch, redirects included
 * @param userAgent sent with every request and matched against robots.txt groups
 */
public record NetPolicy(
        List<String> allowlist,
        int maxRedirects,
        long maxResponseBytes,
        Duration connectTimeout,
        Duration totalTimeout,
        String userAgent) {
    public static final int DEFAULT_MAX_REDIRECTS = 5;
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 10L * 1024 * 1024;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofSeconds(20);
    public static final String DEFAULT_USER_AGENT = "SwitchboardBot/0.1";

    /** Nothing internal allowed, default limits. */
    public static final NetPolicy DEFAULT = new NetPolicy(
            List.of(),
            DEFAULT_MAX_REDIRECTS,
            DEFAULT_MAX_RESPONSE_BYTES,
            DEFAULT_CONNECT_TIMEOUT,
            DEFAULT_TOTAL_TIMEOUT,
            DEFAULT_USER_AGENT);

    public NetPolicy {
        allowlist = allowlist == null ? List.of() : List.copyOf(allowlist);
        for (String entry : allowlist) {
            Cidr.parse(entry); // fails with a message naming the bad entry
        }
        if (maxRedirects < 0 || maxRedirects > 20) {
            throw new IllegalArgumentException("maxRedirects must be between 0 and 20, got " + maxRedirects);
        }
        if (maxResponseBytes < 1) {
            throw new IllegalArgumentException("maxResponseBytes must be positive, got " + maxResponseBytes);
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout is required");
        Objects.requireNonNull(totalTimeout, "totalTimeout is required");
        if (connectTimeout.isNegative()
                || connectTimeout.isZero()
                || totalTimeout.isNegative()
                || totalTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout and totalTimeout must be positive");
        }
        if (userAgent == null || userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            throw new IllegalArgumentException("userAgent must be non-blank printable ASCII");
        }
    }

    /** This policy with {@code allowlist} instead of its own. */
    public NetPolicy withAllowlist(List<String> entries) {
        return new NetPolicy(entries, maxRedirects, maxResponseBytes, connectTimeout, totalTimeout, userAgent);
    }

    /** This policy with other size and time caps. */
    public NetPolicy withLimits(long maxBytes, Duration connect, Duration total) {
        return new NetPolicy(allowlist, maxRedirects, maxBytes, connect, total, userAgent);
    }
}
