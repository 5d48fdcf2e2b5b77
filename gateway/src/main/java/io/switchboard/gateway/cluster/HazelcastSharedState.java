package io.switchboard.gateway.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.switchboard.channels.spi.SendSchedule;
import io.switchboard.channels.spi.SharedState;
import io.switchboard.runtime.security.SecretBox;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@link SharedState} over a Hazelcast map with per-entry expiry (send schedules in a second map). Calls use Hazelcast's async API and
 * complete on the caller's Vert.x context, so nothing blocks an event loop.
 *
 * <p>Values (platform access tokens, replies waiting for a retried callback, deduplication marks) are
 * sealed with the master key (AES-256-GCM, the key bound as associated data): a reader of the map, who
 * needs nothing but the cluster port, sees ciphertext. Leases (a member's id) and send schedules (slot
 * times) hold nothing secret and stay clear, because their entry processors read them on the key's owner.
 */
public final class HazelcastSharedState implements SharedState {
    static final String MAP = "switchboard.shared";
    /** Send schedules apart from {@link #MAP}: its entry listener would ship every reservation to every member. */
    static final String SCHEDULES = "switchboard.schedules";

    private static final String SEALED = "s1:";
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private final Vertx vertx;
    private final IMap<String, String> map;
    private final IMap<String, String> schedules;
    private final String member;
    private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
    private final UUID listener;
    private final SecretBox box;

    private HazelcastSharedState(Vertx vertx, HazelcastInstance hazelcast, SecretBox box) {
        this.vertx = vertx;
        this.box = box;
        this.map = hazelcast.getMap(MAP);
        this.schedules = hazelcast.getMap(SCHEDULES);
        this.member = hazelcast.getLocalEndpoint().getUuid().toString();
        // One listener for the whole map rather than one per waiting key: registering a listener is a
        // blocking cluster-wide operation, which must not happen per message on an event loop.
        this.listener = map.addEntryListener((Listener) this::stored, true);
    }

    /** Shared state sealed with {@code box}; every member must use the same master key. */
    public static HazelcastSharedState create(Vertx vertx, HazelcastInstance hazelcast, SecretBox box) {
        return new HazelcastSharedState(vertx, hazelcast, Objects.requireNonNull(box, "box"));
    }

    @Override
    public Future<Boolean> putIfAbsent(String key, String value, Duration ttl) {
        return onContext(map.submitToKey(key, new PutIfAbsent(seal(key, value), ttl.toMillis())));
    }

    @Override
    public Future<Void> put(String key, String value, Duration ttl) {
        return onContext(map.setAsync(key, seal(key, value), ttl.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public Future<String> get(String key) {
        return onContext(map.getAsync(key)).map(stored -> open(key, stored));
    }

    private String seal(String key, String value) {
        return SEALED + B64.encodeToString(box.sealBytes(value.getBytes(StandardCharsets.UTF_8), context(key)));
    }

    /** The clear value; null for none or for one that does not open (another key, altered): as if absent. */
    private String open(String key, String stored) {
        if (stored == null || !stored.startsWith(SEALED)) {
            return null;
        }
        try {
            byte[] clear = box.openBytes(B64_DECODER.decode(stored.substring(SEALED.length())), context(key));
            return new String(clear, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return null;
        }
    }

    private static byte[] context(String key) {
        return (MAP + "/" + key).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Future<Void> remove(String key) {
        return onContext(map.deleteAsync(key)).mapEmpty();
    }

    @Override
    public Future<String> await(String key, Duration timeout) {
        Context context = vertx.getOrCreateContext();
        Promise<String> promise = Promise.promise();
        Waiter waiter = new Waiter(context, promise);
        // Register first, then read: a value stored between the two is seen by one or the other.
        waiters.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(waiter);
        long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> waiter.complete(null));
        promise.future().onComplete(done -> {
            vertx.cancelTimer(timer);
            waiters.computeIfPresent(key, (k, list) -> {
                list.remove(waiter);
                return list.isEmpty() ? null : list;
            });
        });
        get(key).onSuccess(value -> {
            if (value != null) {
                waiter.complete(value);
            }
        });
        return promise.future();
    }

    /** Called on a Hazelcast event thread for every stored value of the map. */
    private void stored(String key, String storedValue) {
        List<Waiter> list = waiters.get(key);
        if (list != null) {
            String value = open(key, storedValue);
            if (value != null) {
                list.forEach(waiter -> waiter.complete(value));
            }
        }
    }

    private record Waiter(Context context, Promise<String> promise) {
        void complete(String value) {
            context.runOnContext(v -> promise.tryComplete(value));
        }
    }

    @Override
    public Future<Boolean> holdLease(String name, Duration ttl) {
        return onContext(map.submitToKey("lease:" + name, new Lease(member, ttl.toMillis())));
    }

    @Override
    public Future<Long> book(
            String schedule, Map<String, Long> laneIntervals, long sharedIntervalMillis, long earliestMillis) {
        return onContext(schedules.submitToKey(
                schedule, new Book(new HashMap<>(laneIntervals), sharedIntervalMillis, earliestMillis)));
    }

    private <T> Future<T> onContext(CompletionStage<T> stage) {
        Context context = vertx.getOrCreateContext();
        Promise<T> promise = Promise.promise();
        // Hazelcast runs a plain callback on its default executor, the common fork-join pool — or, when
        // that pool has a parallelism of 1 (2 cores), a new platform thread per callback, which capped
        // this map at a few hundred operations a second. Handing the result to the Vert.x context is a
        // queue offer: do it right on Hazelcast's response thread.
        stage.whenCompleteAsync(
                (value, failure) -> context.runOnContext(v -> {
                    if (failure != null) {
                        promise.fail(failure);
                    } else {
                        promise.complete(value);
                    }
                }),
                Runnable::run);
        return promise.future();
    }

    /** Stops listening; call at shutdown. */
    public void stop() {
        map.removeEntryListener(listener);
    }

    /** Stores the value unless the key holds one; runs on the key's owner, atomically. */
    private record PutIfAbsent(String value, long ttlMillis) implements EntryProcessor<String, String, Boolean> {
        @Override
        public Boolean process(Map.Entry<String, String> entry) {
            if (entry.getValue() != null) {
                return false;
            }
            ((ExtendedMapEntry<String, String>) entry).setValue(value, ttlMillis, TimeUnit.MILLISECONDS);
            return true;
        }
    }

    /** Takes the lease when free or ours (renewing its expiry); runs on the key's owner, atomically. */
    private record Lease(String member, long ttlMillis) implements EntryProcessor<String, String, Boolean> {
        @Override
        public Boolean process(Map.Entry<String, String> entry) {
            String holder = entry.getValue();
            if (holder != null && !holder.equals(member)) {
                return false;
            }
            ((ExtendedMapEntry<String, String>) entry).setValue(member, ttlMillis, TimeUnit.MILLISECONDS);
            return true;
        }
    }

    /** Books a slot by {@link SendSchedule}'s rule; runs on the schedule's owner, atomically. */
    private record Book(HashMap<String, Long> laneIntervals, long sharedIntervalMillis, long earliestMillis)
            implements EntryProcessor<String, String, Long> {
        @Override
        public Long process(Map.Entry<String, String> entry) {
            SendSchedule.Booking booking =
                    SendSchedule.book(entry.getValue(), laneIntervals, sharedIntervalMillis, earliestMillis);
            ((ExtendedMapEntry<String, String>) entry)
                    .setValue(booking.state(), booking.ttlMillis(), TimeUnit.MILLISECONDS);
            return booking.slot();
        }
    }

    private interface Listener extends EntryAddedListener<String, String>, EntryUpdatedListener<String, String> {
        void value(String key, String value);

        @Override
        default void entryAdded(EntryEvent<String, String> event) {
            value(event.getKey(), event.getValue());
        }

        @Override
        default void entryUpdated(EntryEvent<String, String> event) {
            value(event.getKey(), event.getValue());
        }
    }
}
