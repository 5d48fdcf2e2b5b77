package io.switchboard.gateway.quota;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.grid.hazelcast.Bucket4jHazelcast;
import io.switchboard.admin.access.QuotaUsage;
import io.switchboard.runtime.access.Workspace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Rate limits and quotas across the cluster: Bucket4j token buckets in a Hazelcast map (entry processors on the
 * key's owner), per end user (channel identity), per app, per API key and per workspace (every app of one
 * team), each with requests per minute and model tokens per day. A limit of 0 is no limit. A turn takes one
 * request from each limited scope before it runs and is refused when a scope has no request or no token left;
 * its tokens are charged afterwards (a long answer may overdraw a day's tokens; the next turn then waits).
 *
 * <p>Cost per turn (issue 13: ≤ 15 µs of CPU): every bucket operation is one Hazelcast entry processor, so
 * a turn makes as few as it can. Token quotas are not asked before a turn: the answer of the last charge
 * on this member says whether the bucket is overdrawn and until when (a member that has not charged a
 * scope yet lets its next turn through, whose charge then tells). App, key and workspace token buckets,
 * and app and key request buckets with a limit of {@value #MIN_LOCAL_LIMIT} or more, count locally and
 * settle with the cluster every 1 % of the limit or every 1 s (tokens) or 200 ms (requests) (Bucket4j's
 * delaying optimization), so each member may overshoot by 1 % of the limit. An end user's buckets (requests
 * and tokens) are exact and group-committed ({@link UserShards}): their Bucket4j states live in
 * {@code quotas.userShards} shard entries of {@value UserShards#MAP}, and the calls a member queues for a shard
 * while a batch of it is in flight go together in the next batch, one entry processor running each call's
 * Bucket4j command, so under load one Hazelcast operation serves several calls (idle, a call is sent at once:
 * one operation per call, as before). Nothing a member holds back: every call is answered by the shard's owner,
 * so another member sees it at once. Small app and key request limits stay exact, one entry processor per call
 * carrying its bucket's configuration ({@link ExactBuckets}). A gateway that is a cluster of one keeps its
 * buckets in process instead ({@link #createLocal}): Bucket4j's local buckets, exact, no Hazelcast operation.
 * Blocking (Hazelcast calls): call from a virtual thread.
 */
public final class Quotas implements QuotaUsage {
    public static final String MAP = "switchboard.quotas";

    /** App and key buckets with at least this limit count locally between settlements. */
    static final long MIN_LOCAL_LIMIT = 100;

    /**
     * Shard entries of end users' buckets in a cluster. One: every member's calls queue behind one batch in
     * flight and ride together, which paid most with two members (64 concurrent turns: 29–34 µs of the cluster's
     * CPU per turn with 1 shard, 49–53 with 2, 52–58 with 4, 102–175 one operation per call; docs/benchmarks.md).
     * The owner of that entry holds every user's state and runs every batch on one partition thread (a batch of
     * 64 calls is ~100 µs of its work); more shards spread that over members' partitions.
     */
    public static final int DEFAULT_USER_SHARDS = 1;

    /** How long an app's or key's requests per minute may count locally before they settle. */
    private static final Duration MAX_UNSETTLED = Duration.ofMillis(200);
    /**
     * How long a token quota (per day) may count locally before it settles: a second of a day changes nothing
     * anyone sees, and a member still settles at once past 1 % of the limit.
     */
    private static final Duration MAX_UNSETTLED_TOKENS = Duration.ofSeconds(1);

    /** The cluster's buckets; null in a cluster of one ({@link #local}). */
    private final ProxyManager<String> buckets;

    private final ExactBuckets exact;
    /** End users' buckets in a cluster, group-committed per shard; null in a cluster of one. */
    private final UserShards users;
    /** A cluster of one's buckets, in this process; null in a cluster. */
    private final LocalBuckets local;

    private final Limits limits;
    private final Function<String, String> workspaceOfApp;
    /** App id → its workspace's id: apps never change workspace, so a lookup per app and member suffices. */
    private final Cache<String, String> workspaces = Caffeine.newBuilder()
            .executor(Runnable::run)
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofHours(1))
            .build();
    /** The app and key buckets this member counts locally, by bucket key; they hold the unsettled count. */
    // Both caches do their upkeep on the calling thread: on the common pool it woke a worker every few
    // turns, which the quota benchmark's profile showed as ~6 % of the CPU.
    private final Cache<String, BucketProxy> localBuckets = Caffeine.newBuilder()
            .executor(Runnable::run)
            .maximumSize(50_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();
    /** Token buckets the last charge on this member overdrew: bucket key → System.nanoTime() of refill. */
    private final Cache<String, Long> overdrawnUntil = Caffeine.newBuilder()
            .executor(Runnable::run)
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofDays(1))
            .build();

    /**
     * @param userRequestsPerMinute turns per minute of one end user of one app on one channel
     * @param userTokensPerDay model tokens (prompt + answer) per day of one end user
     * @param appRequestsPerMinute turns per minute of one app over every channel
     * @param appTokensPerDay model tokens per day of one app
     * @param keyRequestsPerMinute requests per minute of one developer-API key
     * @param keyTokensPerDay model tokens per day of one developer-API key
     * @param workspaceRequestsPerMinute turns per minute of every app of one workspace together
     * @param workspaceTokensPerDay model tokens per day of every app of one workspace together
     * @param userShards how many shard entries hold end users' buckets in a cluster ({@link UserShards}); a
     *     power of two; null: {@value #DEFAULT_USER_SHARDS}
     */
    public record Limits(
            long userRequestsPerMinute,
            long userTokensPerDay,
            long appRequestsPerMinute,
            long appTokensPerDay,
            long keyRequestsPerMinute,
            long keyTokensPerDay,
            long workspaceRequestsPerMinute,
            long workspaceTokensPerDay,
            Integer userShards) {
        public static final Limits NONE = new Limits(0, 0, 0, 0, 0, 0, 0, 0);

        /** With {@value #DEFAULT_USER_SHARDS} user shards. */
        public Limits(
                long userRequestsPerMinute,
                long userTokensPerDay,
                long appRequestsPerMinute,
                long appTokensPerDay,
                long keyRequestsPerMinute,
                long keyTokensPerDay,
                long workspaceRequestsPerMinute,
                long workspaceTokensPerDay) {
            this(
                    userRequestsPerMinute,
                    userTokensPerDay,
                    appRequestsPerMinute,
                    appTokensPerDay,
                    keyRequestsPerMinute,
                    keyTokensPerDay,
                    workspaceRequestsPerMinute,
                    workspaceTokensPerDay,
                    null);
        }

        public Limits {
            if (userShards == null) {
                userShards = DEFAULT_USER_SHARDS;
            }
            if (userShards <= 0 || Integer.bitCount(userShards) != 1) {
                throw new IllegalArgumentException(
                        "quotas.userShards must be a positive power of two (1, the default, 2, 4, 8, …), was "
                                + userShards);
            }
            for (long limit : new long[] {
                userRequestsPerMinute,
                userTokensPerDay,
                appRequestsPerMinute,
                appTokensPerDay,
                keyRequestsPerMinute,
                keyTokensPerDay,
                workspaceRequestsPerMinute,
                workspaceTokensPerDay
            }) {
                if (limit < 0) {
                    throw new IllegalArgumentException("quotas.* must be 0 (no limit) or positive");
                }
            }
        }

        boolean any() {
            return userRequestsPerMinute > 0
                    || userTokensPerDay > 0
                    || appRequestsPerMinute > 0
                    || appTokensPerDay > 0
                    || keyRequestsPerMinute > 0
                    || keyTokensPerDay > 0
                    || anyWorkspace();
        }

        boolean anyWorkspace() {
            return workspaceRequestsPerMinute > 0 || workspaceTokensPerDay > 0;
        }
    }

    /** The scopes of one turn; {@code keyId} is null outside the developer API. */
    public record Turn(String appId, String channel, String userId, String keyId) {}

    /** Why a turn waits: the scope and unit that ran out, and for how long. */
    public record Refusal(String scope, String unit, Duration retryAfter) {}

    private final java.util.Map<Long, BucketConfiguration> perMinute = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<Long, BucketConfiguration> perDay = new java.util.concurrent.ConcurrentHashMap<>();

    private Quotas(
            ProxyManager<String> buckets,
            ExactBuckets exact,
            UserShards users,
            LocalBuckets local,
            Limits limits,
            Function<String, String> workspaceOfApp) {
        this.buckets = buckets;
        this.exact = exact;
        this.users = users;
        this.local = local;
        this.limits = limits;
        this.workspaceOfApp = workspaceOfApp;
    }

    /**
     * The map of the buckets, added to every member's configuration: values are Bucket4j's own bytes, kept as
     * they are (no second serialization on each read and write), no per-map statistics, and the backup copy
     * written asynchronously, so a turn's admission waits for the key's owner only (a member that fails may
     * take the last moment of some buckets' counts with it, which at worst lets a user in once more).
     */
    public static MapConfig mapConfig() {
        // A pattern: the same settings for the end users' shards ({@link UserShards#MAP}).
        return new MapConfig(MAP + "*")
                .setInMemoryFormat(InMemoryFormat.OBJECT)
                .setStatisticsEnabled(false)
                .setBackupCount(0)
                .setAsyncBackupCount(1);
    }

    /** Without workspace limits (or with every app in the default workspace). */
    public static Quotas create(HazelcastInstance hazelcast, Limits limits) {
        return create(hazelcast, limits, app -> Workspace.DEFAULT_ID);
    }

    /**
     * @param workspaceOfApp the workspace an app belongs to (blocking, e.g. the database; asked once per app
     *     and member, and only when a workspace limit is set)
     */
    public static Quotas create(HazelcastInstance hazelcast, Limits limits, Function<String, String> workspaceOfApp) {
        return create(hazelcast, limits, workspaceOfApp, null);
    }

    /** @param clock milliseconds sent with each batch of end users' calls (tests); null: each owner's clock */
    static Quotas create(
            HazelcastInstance hazelcast, Limits limits, Function<String, String> workspaceOfApp, LongSupplier clock) {
        IMap<String, byte[]> map = hazelcast.getMap(MAP);
        // A bucket refilled to full is the same as no bucket: let the map forget it.
        ExpirationAfterWriteStrategy expiration =
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10));
        ProxyManager<String> buckets = Bucket4jHazelcast.<String>entryProcessorBasedBuilder(map)
                .expirationAfterWrite(expiration)
                .build();
        UserShards users = new UserShards(hazelcast.getMap(UserShards.MAP), limits.userShards(), clock);
        return new Quotas(buckets, new ExactBuckets(map, expiration), users, null, limits, workspaceOfApp);
    }

    /**
     * For a gateway that is a cluster of one (no {@code cluster.members}: its member listens on loopback only and
     * nothing joins it): the same limits in Bucket4j's local buckets, exact, without a Hazelcast operation per
     * call ({@link LocalBuckets}). A gateway of several members uses {@link #create(HazelcastInstance, Limits,
     * Function)}.
     */
    public static Quotas createLocal(Limits limits, Function<String, String> workspaceOfApp) {
        return new Quotas(null, null, null, new LocalBuckets(), limits, workspaceOfApp);
    }

    /** True when some limit is set; without one, turns skip the quota calls altogether. */
    public boolean enabled() {
        return limits.any();
    }

    /** Takes one request from every limited scope; the refusal of the first that has none (or no tokens) left. */
    public Optional<Refusal> admit(Turn turn) {
        List<Meter> meters = meters(turn);
        // Token quotas first: they cost no call.
        for (Meter meter : meters) {
            if (meter.unit().equals(TOKENS)) {
                Long until = overdrawnUntil.getIfPresent(meter.bucketKey());
                long wait = until == null ? 0 : until - System.nanoTime();
                if (wait > 0) {
                    return Optional.of(refusal(meter, wait));
                }
            }
        }
        for (Meter meter : meters) {
            if (meter.unit().equals(REQUESTS)) {
                ConsumptionProbe probe = local != null || countsLocally(meter)
                        ? bucket(meter).tryConsumeAndReturnRemaining(1)
                        : isUser(meter)
                                ? users.tryConsume(meter.bucketKey(), configuration(meter), 1)
                                : exact.tryConsume(meter.bucketKey(), configuration(meter), 1);
                if (!probe.isConsumed()) {
                    return Optional.of(refusal(meter, probe.getNanosToWaitForRefill()));
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
                overdrawn(
                        meter.bucketKey(),
                        local != null || countsLocally(meter)
                                ? bucket(meter).consumeIgnoringRateLimits(tokens)
                                : isUser(meter)
                                        ? users.charge(meter.bucketKey(), configuration(meter), tokens)
                                        : exact.charge(meter.bucketKey(), configuration(meter), tokens));
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
                    local == null && isUser(meter)
                            ? users.available(meter.bucketKey(), configuration(meter))
                            : bucket(meter).getAvailableTokens()));
        }
        return usage;
    }

    /** The answer of a charge is how long the bucket stays overdrawn: what the next admission checks. */
    private void overdrawn(String bucketKey, long penaltyNanos) {
        if (penaltyNanos > 0) {
            overdrawnUntil.put(bucketKey, System.nanoTime() + penaltyNanos);
        } else {
            overdrawnUntil.invalidate(bucketKey);
        }
    }

    private static final String REQUESTS = "requests";
    private static final String TOKENS = "tokens";

    /** One limited scope of a turn; the bucket key is built once, as each turn asks for it several times. */
    private record Meter(String scope, String key, String unit, long limit, String bucketKey) {
        Meter(String scope, String key, String unit, long limit) {
            this(scope, key, unit, limit, scope + ":" + unit + ":" + key);
        }
    }

    private List<Meter> meters(Turn turn) {
        List<Meter> meters = new ArrayList<>(8);
        String user = turn.channel() + ":" + turn.appId() + ":" + turn.userId();
        add(meters, "user", user, REQUESTS, limits.userRequestsPerMinute());
        add(meters, "app", turn.appId(), REQUESTS, limits.appRequestsPerMinute());
        if (turn.keyId() != null) {
            add(meters, "key", turn.keyId(), REQUESTS, limits.keyRequestsPerMinute());
        }
        String workspace = limits.anyWorkspace() ? workspaces.get(turn.appId(), workspaceOfApp) : null;
        if (workspace != null) {
            add(meters, "workspace", workspace, REQUESTS, limits.workspaceRequestsPerMinute());
        }
        add(meters, "user", user, TOKENS, limits.userTokensPerDay());
        add(meters, "app", turn.appId(), TOKENS, limits.appTokensPerDay());
        if (turn.keyId() != null) {
            add(meters, "key", turn.keyId(), TOKENS, limits.keyTokensPerDay());
        }
        if (workspace != null) {
            add(meters, "workspace", workspace, TOKENS, limits.workspaceTokensPerDay());
        }
        return meters;
    }

    private static void add(List<Meter> meters, String scope, String key, String unit, long limit) {
        if (limit > 0) {
            meters.add(new Meter(scope, key, unit, limit));
        }
    }

    /**
     * The bucket of a meter: {@code limit} refilled greedily over the period, kept on the key's owner. An end
     * user's bucket (touched too rarely to batch: local counting was measured slower for them) and a small
     * limit are exact, one Hazelcast entry processor per call; a large app or key limit counts locally (the
     * proxy, cached here, holds the unsettled count). In a cluster of one: Bucket4j's local bucket, exact.
     */
    private Bucket bucket(Meter meter) {
        if (local != null) {
            return local.bucket(
                    meter.bucketKey(), configuration(meter), meter.unit().equals(REQUESTS));
        }
        if (!countsLocally(meter)) {
            return buckets.getProxy(meter.bucketKey(), () -> configuration(meter));
        }
        return localBuckets.get(
                meter.bucketKey(),
                key -> buckets.builder()
                        .withOptimization(Optimizations.delaying(new DelayParameters(
                                Math.max(1, meter.limit() / MIN_LOCAL_LIMIT),
                                meter.unit().equals(TOKENS) ? MAX_UNSETTLED_TOKENS : MAX_UNSETTLED)))
                        .build(key, () -> configuration(meter)));
    }

    /**
     * App, key and workspace token quotas (a day's tokens, charged after the turn, where settling within 1 s
     * or 1 % of the limit changes nothing a user can see) and large app and key request limits count
     * locally. An end user's buckets never do: a turn's tokens are often 1 % of a user's day or more (settled
     * at once anyway), users come back seconds apart (past the 1 s a member may hold a count), and a proxy
     * kept per user made every first-seen user cost a new optimized proxy, a cache entry and the eviction of
     * another, and left the counts of users evicted before their next turn unsettled
     * ({@code bench/quotas.sh 50000 rare}, docs/benchmarks.md).
     */
    private static boolean isUser(Meter meter) {
        return meter.scope().equals("user");
    }

    private static boolean countsLocally(Meter meter) {
        return !isUser(meter) && (meter.unit().equals(TOKENS) || meter.limit() >= MIN_LOCAL_LIMIT);
    }

    /** The configuration of a meter's bucket; one per unit and limit (the limits are fixed at start). */
    private BucketConfiguration configuration(Meter meter) {
        boolean requests = meter.unit().equals(REQUESTS);
        return (requests ? perMinute : perDay)
                .computeIfAbsent(
                        meter.limit(),
                        limit -> BucketConfiguration.builder()
                                .addLimit(Bandwidth.builder()
                                        .capacity(limit)
                                        .refillGreedy(limit, requests ? Duration.ofMinutes(1) : Duration.ofDays(1))
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
