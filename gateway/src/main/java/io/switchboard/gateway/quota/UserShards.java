package io.switchboard.gateway.quota;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.remote.CommandResult;
import io.github.bucket4j.distributed.remote.MutableBucketEntry;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import io.github.bucket4j.distributed.remote.RemoteCommand;
import io.github.bucket4j.distributed.remote.commands.ConsumeIgnoringRateLimitsCommand;
import io.github.bucket4j.distributed.remote.commands.CreateInitialStateAndExecuteCommand;
import io.github.bucket4j.distributed.remote.commands.GetAvailableTokensCommand;
import io.github.bucket4j.distributed.remote.commands.TryConsumeAndReturnRemainingTokensCommand;
import io.github.bucket4j.distributed.serialization.InternalSerializationHelper;
import io.github.bucket4j.distributed.versioning.Versions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * End users' exact buckets, group-committed: every user's Bucket4j state lives in one of a few shard entries
 * ({@value #MAP}, keys {@code users:<n>}, n = hash of the bucket key modulo the shard count), and one Hazelcast
 * entry processor on a shard runs every call queued for it on this member, each through Bucket4j's own command
 * ({@link RemoteCommand#execute}: the library's bucket math on that user's state).
 *
 * <p>Per shard and member at most one batch is in flight. A call that finds none sends its own at once, on
 * its own (virtual) thread: no added latency and no hand-off when the gateway is idle. A call that finds one
 * in flight joins the next batch and parks; when the batch in flight answers, its sender wakes the first
 * caller of the next batch to send it (leader hand-off, rather than one sender thread per shard: at
 * concurrency 1 that would add two thread hand-offs per call) and then the callers of its own batch. No
 * Hazelcast async API is used (its answers go through the common pool: see {@link ExactBuckets}).
 *
 * <p>The shard's value ({@link Shard}) keeps its users in access order with each user's expiry (the time the
 * bucket is full again, plus 10 s); every batch forgets the expired users at its head, as a full bucket is the
 * same as none. Its backup processor is the same batch again, with the owner's clock fixed: the backup replica
 * runs the same commands on the same states at the same instant and so leaves the same states, and what is
 * sent to it is the calls (a few longs each), not every state Bucket4j serializes with its configuration
 * (that was a fifth of the CPU of a call with two members). Hazelcast applies a partition's backups in order
 * and resynchronizes a replica that misses one. The value serializes for migration and replica
 * synchronization with Bucket4j's own state bytes, so a member that leaves hands its users' counts over.
 *
 * <p>Blocking (Hazelcast calls): call from a virtual thread.
 */
final class UserShards {
    static final String MAP = Quotas.MAP + ".users";
    /** Kept after a bucket is full again, as the cluster's map keeps a refilled bucket (Bucket4j's strategy). */
    static final long KEEP_AFTER_REFILL_MILLIS = Duration.ofSeconds(10).toMillis();

    static final byte TRY = 0;
    static final byte CHARGE = 1;
    static final byte READ = 2;

    private final IMap<String, Shard> map;
    private final String[] keys;
    private final Lane[] lanes;
    private final int mask;
    /** Null: each shard's owner reads its own clock; a test's clock is sent with the batch. */
    private final LongSupplier clock;

    UserShards(IMap<String, Shard> map, int shards, LongSupplier clock) {
        if (shards <= 0 || Integer.bitCount(shards) != 1) {
            throw new IllegalArgumentException("quotas.userShards must be a positive power of two, was " + shards);
        }
        this.map = map;
        this.keys = new String[shards];
        this.lanes = new Lane[shards];
        for (int i = 0; i < shards; i++) {
            keys[i] = "users:" + i;
            lanes[i] = new Lane();
        }
        this.mask = shards - 1;
        this.clock = clock;
    }

    /** Takes {@code tokens} if the bucket holds them; waits for the batch's answer. */
    ConsumptionProbe tryConsume(String bucketKey, BucketConfiguration configuration, long tokens) {
        Call call = submit(new Call(bucketKey, TRY, tokens, configuration));
        return call.consumed
                ? ConsumptionProbe.consumed(call.value, call.nanos)
                : ConsumptionProbe.rejected(call.value, call.nanos, call.nanos);
    }

    /**
     * Takes {@code tokens} even past the limit; waits for the batch's answer.
     *
     * @return how many nanoseconds the bucket stays overdrawn (0 when it is not)
     */
    long charge(String bucketKey, BucketConfiguration configuration, long tokens) {
        return submit(new Call(bucketKey, CHARGE, tokens, configuration)).value;
    }

    /** The tokens the bucket holds now (its limit for a user not seen, or forgotten once refilled). */
    long available(String bucketKey, BucketConfiguration configuration) {
        return submit(new Call(bucketKey, READ, 0, configuration)).value;
    }

    int shardOf(String bucketKey) {
        int h = bucketKey.hashCode();
        return (h ^ (h >>> 16)) & mask;
    }

    String shardKey(int shard) {
        return keys[shard];
    }

    private Call submit(Call call) {
        int shard = shardOf(call.bucketKey);
        Lane lane = lanes[shard];
        List<Call> batch = null;
        lane.lock.lock();
        try {
            if (lane.inFlight) {
                lane.pending.add(call);
            } else {
                lane.inFlight = true;
                batch = List.of(call);
            }
        } finally {
            lane.lock.unlock();
        }
        if (batch == null) {
            // The caller's answer (or its turn to send) comes from the batch in flight, which always ends; an
            // interrupt is kept for the caller, not a reason to leave the batch (nor to spin on park).
            boolean interrupted = false;
            while (call.state == Call.WAITING) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (call.state == Call.DONE) {
                return call.answer();
            }
            batch = call.batch;
        }
        send(shard, lane, batch, call);
        return call.answer();
    }

    /** Sends one batch, hands the next one (if any) to its first caller, then wakes this batch's callers. */
    private void send(int shard, Lane lane, List<Call> batch, Call self) {
        int n = batch.size();
        Batch processor = new Batch(n, clock == null ? -1 : clock.getAsLong());
        for (Call call : batch) {
            processor.add(call);
        }
        try {
            long[] answers = map.executeOnKey(keys[shard], processor);
            if (answers == null) {
                // The shard's owner is this member: the batch ran on this very object (see Batch.process).
                answers = processor.answers;
            }
            for (int i = 0; i < n; i++) {
                batch.get(i).answered(answers, i);
            }
        } catch (RuntimeException | Error e) {
            for (Call call : batch) {
                call.failure = e;
            }
        }
        List<Call> next;
        lane.lock.lock();
        try {
            if (lane.pending.isEmpty()) {
                lane.inFlight = false;
                next = null;
            } else {
                next = lane.pending;
                lane.pending = new ArrayList<>();
            }
        } finally {
            lane.lock.unlock();
        }
        if (next != null) {
            Call leader = next.getFirst();
            leader.batch = next;
            leader.wake(Call.LEAD);
        }
        for (Call call : batch) {
            if (call != self) {
                call.wake(Call.DONE);
            }
        }
    }

    /** One shard's queue on this member: the calls waiting for the batch in flight to answer. */
    private static final class Lane {
        final ReentrantLock lock = new ReentrantLock();
        List<Call> pending = new ArrayList<>();
        boolean inFlight;
    }

    /** One caller's call and, once answered, its result. */
    private static final class Call {
        static final int WAITING = 0;
        static final int DONE = 1;
        static final int LEAD = 2;

        final String bucketKey;
        final byte op;
        final long tokens;
        final long capacity;
        final long periodNanos;
        final BucketConfiguration configuration;
        final Thread waiter = Thread.currentThread();
        volatile int state = WAITING;
        List<Call> batch;
        boolean consumed;
        long value;
        long nanos;
        Throwable failure;

        Call(String bucketKey, byte op, long tokens, BucketConfiguration configuration) {
            Bandwidth bandwidth = configuration.getBandwidths()[0];
            this.bucketKey = bucketKey;
            this.op = op;
            this.tokens = tokens;
            this.capacity = bandwidth.getCapacity();
            this.periodNanos = bandwidth.getRefillPeriodNanos();
            this.configuration = configuration;
        }

        void answered(long[] answers, int i) {
            consumed = answers[3 * i] != 0;
            value = answers[3 * i + 1];
            nanos = answers[3 * i + 2];
        }

        void wake(int to) {
            state = to;
            LockSupport.unpark(waiter);
        }

        Call answer() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return this;
        }
    }

    /** The configuration of a limit: {@code capacity} refilled greedily over the period, one per limit. */
    private static final Map<Limit, BucketConfiguration> CONFIGURATIONS = new ConcurrentHashMap<>();

    /** One lookup per call of a deserialized batch: a record key, no boxed longs, no map per period. */
    private record Limit(long capacity, long periodNanos) {}

    static BucketConfiguration configuration(long capacity, long periodNanos) {
        Limit limit = new Limit(capacity, periodNanos);
        BucketConfiguration configuration = CONFIGURATIONS.get(limit);
        return configuration != null
                ? configuration
                : CONFIGURATIONS.computeIfAbsent(
                        limit,
                        l -> BucketConfiguration.builder()
                                .addLimit(Bandwidth.builder()
                                        .capacity(l.capacity())
                                        .refillGreedy(l.capacity(), Duration.ofNanos(l.periodNanos()))
                                        .build())
                                .build());
    }

    /** One user's state in a shard and when it is full again (then forgotten). */
    static final class User {
        RemoteBucketState state;
        long expiresAtMillis;

        User(RemoteBucketState state, long expiresAtMillis) {
            this.state = state;
            this.expiresAtMillis = expiresAtMillis;
        }
    }

    /**
     * A shard's value: its users' Bucket4j states by bucket key, least recently touched first. Serialized (for
     * backups and migration) as Bucket4j's own state bytes. Forgetting stops at the first user not expired:
     * a day's token bucket at the head holds back minute buckets touched after it (bounded: at most the users
     * of the last day and a bit, as the former one-entry-per-bucket map held).
     */
    public static final class Shard implements DataSerializable {
        final LinkedHashMap<String, User> users = new LinkedHashMap<>(64, 0.75f, true);

        public Shard() {}

        /** How many users the shard holds (tests). */
        int size() {
            return users.size();
        }

        boolean holds(String bucketKey) {
            return users.containsKey(bucketKey);
        }

        void forgetExpired(long nowMillis) {
            Iterator<User> head = users.values().iterator();
            while (head.hasNext()) {
                if (head.next().expiresAtMillis > nowMillis) {
                    return;
                }
                head.remove();
            }
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeInt(users.size());
            for (Map.Entry<String, User> user : users.entrySet()) {
                out.writeString(user.getKey());
                out.writeLong(user.getValue().expiresAtMillis);
                out.writeByteArray(
                        InternalSerializationHelper.serializeState(user.getValue().state, Versions.getLatest()));
            }
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String key = in.readString();
                long expires = in.readLong();
                users.put(key, new User(InternalSerializationHelper.deserializeState(in.readByteArray()), expires));
            }
        }
    }

    /**
     * One batch: each call's Bucket4j command run on its user's state, in order. Answers three longs per call:
     * consumed (1/0), remaining tokens (or the overdraft's nanoseconds for a charge, or the available tokens),
     * nanoseconds to wait.
     */
    public static final class Batch implements EntryProcessor<String, Shard, long[]>, DataSerializable {
        private int n;
        private String[] bucketKeys;
        private byte[] ops;
        private long[] tokens;
        private long[] capacities;
        private long[] periods;
        private long clientTimeMillis;
        /** True for the backup replica's copy: same calls, the owner's clock, no answers. */
        private boolean replica;
        /** The owner's clock when it ran this batch (the backup replica runs it at the same instant). */
        private transient long ranAtMillis;
        /**
         * True on the caller's object. When the shard's owner is the caller's member Hazelcast runs the batch on
         * that object (no serialization): its answers are then left here and the result is null, which spares
         * Hazelcast serializing the answers and the caller reading them back (~10 % of the batch's CPU).
         */
        private transient boolean sender;

        private transient long[] answers;
        /** The callers' configurations (on the caller's object only; a deserialized batch looks them up). */
        private transient BucketConfiguration[] configurations;

        public Batch() {}

        Batch(int capacity, long clientTimeMillis) {
            bucketKeys = new String[capacity];
            ops = new byte[capacity];
            tokens = new long[capacity];
            capacities = new long[capacity];
            periods = new long[capacity];
            this.clientTimeMillis = clientTimeMillis;
        }

        void add(Call call) {
            if (configurations == null) {
                configurations = new BucketConfiguration[bucketKeys.length];
                sender = true;
            }
            configurations[n] = call.configuration;
            bucketKeys[n] = call.bucketKey;
            ops[n] = call.op;
            tokens[n] = call.tokens;
            capacities[n] = call.capacity;
            periods[n] = call.periodNanos;
            n++;
        }

        @Override
        public long[] process(Map.Entry<String, Shard> entry) {
            long nowMillis = clientTimeMillis >= 0 ? clientTimeMillis : System.currentTimeMillis();
            long nowNanos = nowMillis * 1_000_000L;
            Shard shard = entry.getValue();
            if (shard == null) {
                shard = new Shard();
            }
            shard.forgetExpired(nowMillis);
            long[] answers = new long[3 * n];
            for (int i = 0; i < n; i++) {
                User user = shard.users.get(bucketKeys[i]);
                MutableBucketEntry state = new MutableBucketEntry(user == null ? null : user.state);
                BucketConfiguration configuration =
                        configurations != null ? configurations[i] : configuration(capacities[i], periods[i]);
                switch (ops[i]) {
                    case TRY -> {
                        ConsumptionProbe probe = run(
                                new TryConsumeAndReturnRemainingTokensCommand(tokens[i]),
                                configuration,
                                state,
                                nowNanos);
                        answers[3 * i] = probe.isConsumed() ? 1 : 0;
                        answers[3 * i + 1] = probe.getRemainingTokens();
                        answers[3 * i + 2] = probe.getNanosToWaitForRefill();
                    }
                    case CHARGE ->
                        answers[3 * i + 1] =
                                run(new ConsumeIgnoringRateLimitsCommand(tokens[i]), configuration, state, nowNanos);
                    default -> {
                        answers[3 * i + 1] = user == null
                                ? capacities[i]
                                : run(new GetAvailableTokensCommand(), configuration, state, nowNanos);
                        continue;
                    }
                }
                if (state.isStateModified()) {
                    RemoteBucketState next = state.get();
                    long expires = nowMillis
                            + next.calculateFullRefillingTime(nowNanos) / 1_000_000L
                            + KEEP_AFTER_REFILL_MILLIS;
                    if (user == null) {
                        shard.users.put(bucketKeys[i], new User(next, expires));
                    } else {
                        user.state = next;
                        user.expiresAtMillis = expires;
                    }
                }
            }
            entry.setValue(shard);
            ranAtMillis = nowMillis;
            if (replica) {
                return null;
            }
            if (sender) {
                this.answers = answers;
                return null;
            }
            return answers;
        }

        private static <T> T run(
                RemoteCommand<T> command, BucketConfiguration configuration, MutableBucketEntry state, long nowNanos) {
            CommandResult<T> result =
                    new CreateInitialStateAndExecuteCommand<>(configuration, command).execute(state, nowNanos);
            if (result.isError() || result.isBucketNotFound()) {
                throw new IllegalStateException("quota bucket command failed: result type " + result.getResultTypeId());
            }
            return result.getData();
        }

        @Override
        public EntryProcessor<String, Shard, long[]> getBackupProcessor() {
            if (replica) {
                return null;
            }
            Batch copy = new Batch();
            copy.n = n;
            copy.bucketKeys = bucketKeys;
            copy.ops = ops;
            copy.tokens = tokens;
            copy.capacities = capacities;
            copy.periods = periods;
            copy.clientTimeMillis = ranAtMillis;
            copy.replica = true;
            return copy;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeInt(n);
            out.writeLong(clientTimeMillis);
            out.writeBoolean(replica);
            for (int i = 0; i < n; i++) {
                out.writeString(bucketKeys[i]);
                out.writeByte(ops[i]);
                out.writeLong(tokens[i]);
                out.writeLong(capacities[i]);
                out.writeLong(periods[i]);
            }
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            int size = in.readInt();
            long time = in.readLong();
            replica = in.readBoolean();
            Batch read = new Batch(size, time);
            for (int i = 0; i < size; i++) {
                read.bucketKeys[i] = in.readString();
                read.ops[i] = in.readByte();
                read.tokens[i] = in.readLong();
                read.capacities[i] = in.readLong();
                read.periods[i] = in.readLong();
            }
            n = size;
            clientTimeMillis = time;
            bucketKeys = read.bucketKeys;
            ops = read.ops;
            tokens = read.tokens;
            capacities = read.capacities;
            periods = read.periods;
        }
    }
}
