package io.switchboard.channels.spi;

import java.util.Set;

/**
 * Who called the developer API: the key's public id, the one app it may use and the browser origins that
 * may call with it (CORS; empty: none, {@code "*"}: any).
 */
public record ApiCaller(String keyId, String appId, Set<String> allowedOrigins) {
    public ApiCaller {
        allowedOrigins = allowedOrigins == null ? Set.of() : Set.copyOf(allowedOrigins);
    }

    /** Whether a browser page of {@code origin} (the request's {@code Origin} header) may call with this key. */
    public boolean allowsOrigin(String origin) {
        return allowedOrigins.contains("*") || allowedOrigins.contains(origin);
    }
}
