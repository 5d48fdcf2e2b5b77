package io.switchboard.runtime.memory;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapLoaderLifecycleSupport;
import com.hazelcast.map.MapStore;
import io.switchboard.threads.VirtualThreads;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hazelcast's bridge from the conversations map to a {@link ConversationStore}. Configured write-behind
 * (the gateway's {@code cluster.memoryWriteDelay}, changes to one conversation coalesced, batches through
 * {@link #storeAll}), the queue has a copy on the backup member and is flushed on a graceful shutdown, so
 * neither a killed member nor a restart of the whole cluster loses a remembered message; configured
 * write-through (delay 0), every append reaches the database before the turn returns. Nothing is loaded at start; a
 * conversation is loaded the first time a turn asks for it. Conversations idle past the map's
 * {@code max-idle-seconds} read as unknown, as they would from memory, and are deleted hourly.
 */
public final class ConversationMapStore implements MapStore<String, byte[]>, MapLoaderLifecycleSupport {
    private static final Logger LOG = LoggerFactory.getLogger(ConversationMapStore.class);
    static final Duration CLEANUP_EVERY = Duration.ofHours(1);

    private final ConversationStore store;
    private final Duration maxIdle;
    private ScheduledExecutorService cleanup;

    private ConversationMapStore(ConversationStore store, Duration maxIdle) {
        this.store = store;
        this.maxIdle = maxIdle;
    }

    /** @param maxIdle how long an unwritten conversation is remembered (the map's max idle; zero: for ever) */
    public static ConversationMapStore create(ConversationStore store, Duration maxIdle) {
        if (maxIdle.isNegative()) {
            throw new IllegalArgumentException("conversation max idle must not be negative, got " + maxIdle);
        }
        return new ConversationMapStore(store, maxIdle);
    }

    @Override
    public byte[] load(String key) {
        return store.load(key, maxIdle);
    }

    @Override
    public Map<String, byte[]> loadAll(Collection<String> keys) {
        return store.loadAll(keys, maxIdle);
    }

    /** Nothing is preloaded: a cluster that starts must not read every conversation ever held. */
    @Override
    public Iterable<String> loadAllKeys() {
        return null;
    }

    @Override
    public void store(String key, byte[] value) {
        store.store(key, value);
    }

    @Override
    public void storeAll(Map<String, byte[]> map) {
        store.storeAll(map);
    }

    @Override
    public void delete(String key) {
        store.deleteAll(List.of(key));
    }

    @Override
    public void deleteAll(Collection<String> keys) {
        store.deleteAll(keys);
    }

    @Override
    public void init(HazelcastInstance hazelcast, Properties properties, String mapName) {
        if (maxIdle.isZero()) {
            return;
        }
        // Every member deletes now and then; doing it on several at once is harmless.
        cleanup = Executors.newSingleThreadScheduledExecutor(VirtualThreads.factory("conversation-cleanup"));
        cleanup.scheduleWithFixedDelay(
                this::deleteIdle, CLEANUP_EVERY.toMillis(), CLEANUP_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void deleteIdle() {
        try {
            int deleted = store.deleteIdle(maxIdle);
            if (deleted > 0) {
                LOG.debug("{} idle conversations deleted", deleted);
            }
        } catch (RuntimeException e) {
            LOG.warn("idle conversations not deleted: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        if (cleanup != null) {
            cleanup.shutdownNow();
        }
    }
}
