package io.switchboard.gateway.bridge;

import io.switchboard.channels.spi.DurableState;
import io.switchboard.runtime.durable.DurableKeyStore;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels' {@link DurableState} over the store's durable keys, called on virtual threads. Every
 * member deletes expired keys now and then; doing it on several members at once is harmless.
 */
public final class StoreDurableState implements DurableState, AutoCloseable {
    private static final String UNAVAILABLE = "durable channel state is unavailable right now";

    private static final Logger LOG = LoggerFactory.getLogger(StoreDurableState.class);
    static final Duration CLEANUP_EVERY = Duration.ofHours(1);

    private final Vertx vertx;
    private final DurableKeyStore store;
    private final VirtualThreads blocking = VirtualThreads.named("durable-state");
    private final long cleanupTimer;

    private StoreDurableState(Vertx vertx, DurableKeyStore store) {
        this.vertx = vertx;
        this.store = store;
        this.cleanupTimer = vertx.setPeriodic(CLEANUP_EVERY.toMillis(), t -> cleanup());
    }

    public static StoreDurableState create(Vertx vertx, DurableKeyStore store) {
        return new StoreDurableState(vertx, store);
    }

    @Override
    public Future<Boolean> putIfAbsent(String key, String value, Duration ttl) {
        return HttpFailures.call(blocking, UNAVAILABLE, () -> store.putIfAbsent(key, value, ttl));
    }

    @Override
    public Future<Void> put(String key, String value, Duration ttl) {
        return HttpFailures.call(blocking, UNAVAILABLE, () -> {
            store.put(key, value, ttl);
            return null;
        });
    }

    @Override
    public Future<String> get(String key) {
        return HttpFailures.call(blocking, UNAVAILABLE, () -> store.get(key).orElse(null));
    }

    @Override
    public Future<List<Entry>> list(String keyPrefix, String valuePrefix, int limit) {
        return HttpFailures.call(
                blocking,
                UNAVAILABLE,
                () -> store.list(keyPrefix, valuePrefix, limit).stream()
                        .map(entry -> new Entry(entry.name(), entry.content()))
                        .toList());
    }

    private void cleanup() {
        HttpFailures.call(blocking, UNAVAILABLE, store::deleteExpired).onSuccess(deleted -> {
            if (deleted > 0) {
                LOG.debug("{} expired durable keys deleted", deleted);
            }
        });
    }

    @Override
    public void close() {
        vertx.cancelTimer(cleanupTimer);
        blocking.close();
    }
}
