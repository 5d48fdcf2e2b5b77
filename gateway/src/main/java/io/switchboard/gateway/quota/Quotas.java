package io.switchboard.gateway.quota;

import com.hazelcast.core.HazelcastInstance;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.grid.hazelcast.Bucket4jHazelcast;
import io.switchboard.admin.access.QuotaUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Rate limits and quotas across the cluster: Bucket4j token buckets in a Hazelcast map (entry processors
 * on the key's owner), per end user (channel identity), per app and per API key, each with requests per
 * minute and model tokens per day. A limit of 0 is no limit. A turn takes one request from each limited
 * scope before it runs and is refused when a scope has no request or no token left; its tokens are
 * charged afterwards (a long answer may overdraw a day's tokens; the next turn then waits).
 * Blocking (Hazelcast calls): call from a virtual thread.
 */
public final class Quotas implements QuotaUsage {
    public static final String MAP = "switchboard.quotas";

    private final ProxyManager<String> buckets;
    private final Limits limits;

    /**
     * @param userRequestsPerMinute turns per minute of one end user of one app on one channel
     * @param userTokensPerDay model tokens (prompt + answer) per day of one end user
     * @param appRequestsPerMinute turns per minute of one app over every channel
     * @param appTokensPerDay model tokens per day of one app
     * @param keyRequestsPerMinute requests per minute of one developer-API key
     * @param keyTokensPerDay model tokens per day of one developer-API key
     */
    public record Limits(
            long userRequestsPerMinute,
            long userTokensPerDay,
            long appRequestsPerMinute,
            long appTokensPerDay,
            long keyRequestsPerMinute,
            long keyTokensPerDay) {
        public static final Limits NONE = new Limits(0, 0, 0, 0, 0, 0);

        public Limits {
            for (long limit : new long[] {
                userRequestsPerMinute,
                userTokensPerDay,
                appRequestsPerMinute,
                appTokensPerDay,
                keyRequestsPerMinute,
                keyTokensPerDay
            }) {
                if (limit < 0) {
                    throw new IllegalArgumentException("quotas.* must be 0 (no limit) or positive");
                }
            }
        }

        boolean any() {
            return !equals(NONE);
        }
    }

    /** The scopes of one turn; {@code keyId} is null outside the developer API. */
    public record Turn(String appId, String channel, String userId, String keyId) {}

    /** Why a turn waits: the scope and unit that ran out, and for how long. */
    public record Refusal(String scope, String unit, Duration retryAfter) {}

    private Quotas(ProxyManager<String> buckets, Limits limits) {
        this.buckets = buckets;
        this.limits = limits;
    }

    public static Quotas create(HazelcastInstance hazelcast, Limits limits) {
        ProxyManager<String> buckets = Bucket4jHazelcast.<String>entryProcessorBasedBuilder(hazelcast.getMap(MAP))
                // A bucket refilled to full is the same as no bucket: let the map forget it.
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
        return new Quotas(buckets, limits);
    }

    /** True when some limit is set; without one, turns skip the quota calls altogether. */
    public boolean enabled() {
        return limits.any();
    }

    /** Takes one request from every limited scope; the refusal of the first that has none (or no tokens) left. */
    public Optional<Refusal> admit(Turn turn) {
        List<Meter> meters = meters(turn);
        for (Meter meter : meters) {
            BucketProxy bucket = bucket(meter);
            if (meter.unit().equals(REQUESTS)) {
                ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
                if (!probe.isConsumed()) {
                    return Optional.of(refusal(meter, probe.getNanosToWaitForRefill()));
                }
            } else {
                long available = bucket.getAvailableTokens();
                if (available < 1) {
                    long wait = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
                    return Optional.of(refusal(meter, wait));
                }
            }
        }
        return Optional.empty();
    }

    /** Charges a finished turn's model tokens to every scope with a token quota. */
    public void charge(Turn turn, long tokens) {
        if (tokens <= 0) {
            return;
        }
        for (Meter meter : meters(turn)) {
            if (meter.unit().equals(TOKENS)) {
                bucket(meter).consumeIgnoringRateLimits(tokens);
            }
        }
    }

    @Override
    public List<QuotaUsage.Meter> usage(String appId, String channel, String userId, String keyId) {
        List<QuotaUsage.Meter> usage = new ArrayList<>();
        for (Meter meter : meters(new Turn(appId, channel, userId, keyId))) {
            if (meter.scope().equals("user") && (channel == null || userId == null)) {
                continue;
            }
            usage.add(new QuotaUsage.Meter(
                    meter.scope(),
                    meter.key(),
                    meter.unit(),
                    meter.limit(),
                    bucket(meter).getAvailableTokens()));
        }
        return usage;
    }

    private static final String REQUESTS = "requests";
    private static final String TOKENS = "tokens";

    private record Meter(String scope, String key, String unit, long limit) {
        String bucketKey() {
            return scope + ":" + unit + ":" + key;
        }
    }

    private List<Meter> meters(Turn turn) {
        List<Meter> meters = new ArrayList<>(6);
        String user = turn.channel() + ":" + turn.appId() + ":" + turn.userId();
        add(meters, "user", user, REQUESTS, limits.userRequestsPerMinute());
        add(meters, "app", turn.appId(), REQUESTS, limits.appRequestsPerMinute());
        if (turn.keyId() != null) {
            add(meters, "key", turn.keyId(), REQUESTS, limits.keyRequestsPerMinute());
        }
        add(meters, "user", user, TOKENS, limits.userTokensPerDay());
        add(meters, "app", turn.appId(), TOKENS, limits.appTokensPerDay());
        if (turn.keyId() != null) {
            add(meters, "key", turn.keyId(), TOKENS, limits.keyTokensPerDay());
        }
        return meters;
    }

    private static void add(List<Meter> meters, String scope, String key, String unit, long limit) {
        if (limit > 0) {
            meters.add(new Meter(scope, key, unit, limit));
        }
    }

    /**
     * The bucket of a meter: {@code limit} refilled greedily over the period, kept on the key's owner (every
     * call is exact and costs one Hazelcast entry processor). Bucket4j's delaying optimization (local
     * counting, settled later) was measured slower here: end users' buckets are touched too rarely to batch.
     */
    private BucketProxy bucket(Meter meter) {
        Duration period = meter.unit().equals(REQUESTS) ? Duration.ofMinutes(1) : Duration.ofDays(1);
        return buckets.getProxy(
                meter.bucketKey(),
                () -> BucketConfiguration.builder()
                        .addLimit(Bandwidth.builder()
                                .capacity(meter.limit())
                                .refillGreedy(meter.limit(), period)
                                .build())
                        .build());
    }

    private static Refusal refusal(Meter meter, long nanos) {
        return new Refusal(
                meter.scope(),
                meter.unit(),
                Duration.ofSeconds(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos) + 1)));
    }
}
