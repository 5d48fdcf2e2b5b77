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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
    /**
     * The meters of each app, key and workspace seen on this member (requests, tokens; null where no limit is
     * set), built once with their bucket keys and, once used, their buckets: a bucket that counts locally holds
     * the unsettled count. Per call one lookup per scope, no string built, no configuration looked up.
     *
     * <p>Plain maps, not caches: a cache's read bookkeeping was 4 % of a call's CPU here, and these ids are the
     * admin's apps, keys and workspaces (a turn reaches the quotas only once its app and key are found). Past
     * {@value #MAX_SCOPES} ids (removed apps and keys accumulate until a restart) a map starts again, which
     * drops at most 1 % of a limit this member had not settled yet.
     */
    private final Map<String, Meter[]> appMeters = new ConcurrentHashMap<>();

    private final Map<String, Meter[]> keyMeters = new ConcurrentHashMap<>();
    private final Map<String, Meter[]> workspaceMeters = new ConcurrentHashMap<>();
    private static final int MAX_SCOPES = 50_000;
    // The caches below do their upkeep on the calling thread: on the common pool it woke a worker every few
    // turns, which the quota benchmark's profile showed as ~6 % of the CPU.
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

    /** One configuration per limit that is set (null where none is): the limits are fixed at start. */
    private final BucketConfiguration userRequests;

    private final BucketConfiguration userTokens;
    private final BucketConfiguration appRequests;
    private final BucketConfiguration appTokens;
    private final BucketConfiguration keyRequests;
    private final BucketConfiguration keyTokens;
    private final BucketConfiguration workspaceRequests;
    private final BucketConfiguration workspaceTokens;

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
        userRequests = configuration(true, limits.userRequestsPerMinute());
        userTokens = configuration(false, limits.userTokensPerDay());
        appRequests = configuration(true, limits.appRequestsPerMinute());
        appTokens = configuration(false, limits.appTokensPerDay());
        keyRequests = configuration(true, limits.keyRequestsPerMinute());
        keyTokens = configuration(false, limits.keyTokensPerDay());
        workspaceRequests = configuration(true, limits.workspaceRequestsPerMinute());
        workspaceTokens = configuration(false, limits.workspaceTokensPerDay());
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
                long until = until(meter);
                long wait = until == 0 ? 0 : until - System.nanoTime();
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
                                ? users.tryConsume(meter.bucketKey(), meter.configuration(), 1)
                                : exact.tryConsume(meter.bucketKey(), meter.configuration(), 1);
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
                        meter,
                        local != null || countsLocally(meter)
                                ? bucket(meter).consumeIgnoringRateLimits(tokens)
                                : isUser(meter)
                                        ? users.charge(meter.bucketKey(), meter.configuration(), tokens)
                                        : exact.charge(meter.bucketKey(), meter.configuration(), tokens));
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
                            ? users.available(meter.bucketKey(), meter.configuration())
                            : bucket(meter).getAvailableTokens()));
        }
        return usage;
    }

    /**
     * The answer of a charge is how long the bucket stays overdrawn: what the next admission checks. An app's,
     * key's or workspace's meter keeps it (no lookup); an end user's, built per turn, goes in a cache.
     */
    private void overdrawn(Meter meter, long penaltyNanos) {
        long until = penaltyNanos > 0 ? System.nanoTime() + penaltyNanos : 0;
        if (penaltyNanos > 0 && until == 0) {
            until = 1; // 0 means "not overdrawn" (System.nanoTime() may be any long, 0 included)
        }
        if (!isUser(meter)) {
            meter.overdrawnUntil = until;
        } else if (until != 0) {
            overdrawnUntil.put(meter.bucketKey(), until);
        } else {
            overdrawnUntil.invalidate(meter.bucketKey());
        }
    }

    /** System.nanoTime() at which the meter's token bucket is no longer overdrawn; 0: not overdrawn. */
    private long until(Meter meter) {
        if (!isUser(meter)) {
            return meter.overdrawnUntil;
        }
        Long until = overdrawnUntil.getIfPresent(meter.bucketKey());
        return until == null ? 0 : until;
    }

    private static final String REQUESTS = "requests";
    private static final String TOKENS = "tokens";

    /**
     * One limited scope of a turn with its bucket key and configuration; an app's, key's or workspace's is built
     * once per member and keeps its bucket ({@link #bucket}).
     */
    private static final class Meter {
        private final String scope;
        private final String key;
        private final String unit;
        private final long limit;
        private final String bucketKey;
        private final BucketConfiguration configuration;
        private volatile Bucket bucket;
        /** An app's, key's or workspace's token meter: System.nanoTime() until which it is overdrawn; 0: not. */
        private volatile long overdrawnUntil;

        Meter(String scope, String key, String unit, long limit, BucketConfiguration configuration) {
            this.scope = scope;
            this.key = key;
            this.unit = unit;
            this.limit = limit;
            this.bucketKey = scope + ":" + unit + ":" + key;
            this.configuration = configuration;
        }

        String scope() {
            return scope;
        }

        String key() {
            return key;
        }

        String unit() {
            return unit;
        }

        long limit() {
            return limit;
        }

        String bucketKey() {
            return bucketKey;
        }

        BucketConfiguration configuration() {
            return configuration;
        }
    }

    /** In order: the requests of user, app, key, workspace, then their tokens (admit asks in this order). */
    private List<Meter> meters(Turn turn) {
        List<Meter> meters = new ArrayList<>(8);
        Meter[] app = scope(appMeters, "app", turn.appId(), appRequests, appTokens);
        Meter[] key = turn.keyId() == null ? null : scope(keyMeters, "key", turn.keyId(), keyRequests, keyTokens);
        String workspaceId = limits.anyWorkspace() ? workspaces.get(turn.appId(), workspaceOfApp) : null;
        Meter[] workspace = workspaceId == null
                ? null
                : scope(workspaceMeters, "workspace", workspaceId, workspaceRequests, workspaceTokens);
        String user = userRequests == null && userTokens == null
                ? null
                : turn.channel() + ":" + turn.appId() + ":" + turn.userId();
        if (userRequests != null) {
            meters.add(new Meter("user", user, REQUESTS, userRequests.getBandwidths()[0].getCapacity(), userRequests));
        }
        add(meters, app, 0);
        add(meters, key, 0);
        add(meters, workspace, 0);
        if (userTokens != null) {
            meters.add(new Meter("user", user, TOKENS, userTokens.getBandwidths()[0].getCapacity(), userTokens));
        }
        add(meters, app, 1);
        add(meters, key, 1);
        add(meters, workspace, 1);
        return meters;
    }

    private static Meter[] scope(
            Map<String, Meter[]> cache,
            String scope,
            String id,
            BucketConfiguration requests,
            BucketConfiguration tokens) {
        if (requests == null && tokens == null) {
            return null;
        }
        Meter[] meters = cache.get(id);
        if (meters != null) {
            return meters;
        }
        if (cache.size() >= MAX_SCOPES) {
            cache.clear();
        }
        return cache.computeIfAbsent(id, k -> new Meter[] {
            requests == null
                    ? null
                    : new Meter(scope, k, REQUESTS, requests.getBandwidths()[0].getCapacity(), requests),
            tokens == null ? null : new Meter(scope, k, TOKENS, tokens.getBandwidths()[0].getCapacity(), tokens)
        });
    }

    private static void add(List<Meter> meters, Meter[] scope, int unit) {
        if (scope != null && scope[unit] != null) {
            meters.add(scope[unit]);
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
                    meter.bucketKey(), meter.configuration(), meter.unit().equals(REQUESTS));
        }
        Bucket bucket = meter.bucket;
        if (bucket == null) {
            // Once per meter: two proxies counting locally for one key would each hold part of its count.
            synchronized (meter) {
                bucket = meter.bucket;
                if (bucket == null) {
                    bucket = countsLocally(meter)
                            ? buckets.builder()
                                    .withOptimization(Optimizations.delaying(new DelayParameters(
                                            Math.max(1, meter.limit() / MIN_LOCAL_LIMIT),
                                            meter.unit().equals(TOKENS) ? MAX_UNSETTLED_TOKENS : MAX_UNSETTLED)))
                                    .build(meter.bucketKey(), meter::configuration)
                            : buckets.getProxy(meter.bucketKey(), meter::configuration);
                    meter.bucket = bucket;
                }
            }
        }
        return bucket;
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

    /** The configuration of a limit: {@code limit} refilled greedily per minute or day; null for no limit. */
    private static BucketConfiguration configuration(boolean requests, long limit) {
        if (limit <= 0) {
            return null;
        }
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(limit)
                        .refillGreedy(limit, requests ? Duration.ofMinutes(1) : Duration.ofDays(1))
                        .build())
                .build();
    }

    private static Refusal refusal(Meter meter, long nanos) {
        return new Refusal(
                meter.scope(),
                meter.unit(),
                Duration.ofSeconds(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos) + 1)));
    }
}
