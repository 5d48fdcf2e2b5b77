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
    public static final NetPolicy DEFAULT = builder().build();

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

    /** Nothing internal allowed and the {@code DEFAULT_*} limits, until set otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this policy, to derive another one from it. */
    public Builder toBuilder() {
        return new Builder()
                .allowlist(allowlist)
                .maxRedirects(maxRedirects)
                .maxResponseBytes(maxResponseBytes)
                .connectTimeout(connectTimeout)
                .totalTimeout(totalTimeout)
                .userAgent(userAgent);
    }

    public static final class Builder {
        private List<String> allowlist = List.of();
        private int maxRedirects = DEFAULT_MAX_REDIRECTS;
        private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration totalTimeout = DEFAULT_TOTAL_TIMEOUT;
        private String userAgent = DEFAULT_USER_AGENT;

        private Builder() {}

        public Builder allowlist(List<String> allowlist) {
            this.allowlist = allowlist;
            return this;
        }

        public Builder maxRedirects(int maxRedirects) {
            this.maxRedirects = maxRedirects;
            return this;
        }

        public Builder maxResponseBytes(long maxResponseBytes) {
            this.maxResponseBytes = maxResponseBytes;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder totalTimeout(Duration totalTimeout) {
            this.totalTimeout = totalTimeout;
            return this;
        }

        public Builder userAgent(String userAgent) {
            this.userAgent = userAgent;
            return this;
        }

        /** @throws IllegalArgumentException naming the bad allowlist entry or limit */
        public NetPolicy build() {
            return new NetPolicy(allowlist, maxRedirects, maxResponseBytes, connectTimeout, totalTimeout, userAgent);
        }
    }
}
