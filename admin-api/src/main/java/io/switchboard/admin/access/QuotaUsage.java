package io.switchboard.admin.access;

import java.util.List;

/** What the gateway's rate limits and quotas have left, for admins. Blocking: call from a virtual thread. */
public interface QuotaUsage {
    QuotaUsage NONE = (appId, channel, userId, keyId) -> List.of();

    /**
     * The meters of an app, and of one end user ({@code channel} and {@code userId}) or API key when given.
     *
     * @param scope {@code app}, {@code user} or {@code key}
     * @param unit {@code requests} (per minute) or {@code tokens} (per day)
     * @param limit the configured limit; meters without a limit are left out
     * @param remaining what may still be used now (negative: a turn's tokens overdrew it)
     */
    record Meter(String scope, String key, String unit, long limit, long remaining) {}

    List<Meter> usage(String appId, String channel, String userId, String keyId);
}
