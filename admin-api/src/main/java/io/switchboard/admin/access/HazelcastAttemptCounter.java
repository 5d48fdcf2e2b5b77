package io.switchboard.admin.access;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Counters in a Hazelcast map, so a lock earned on one member holds on every member. A failure is
 * counted by an entry processor on the key's owner (atomic, one round trip); entries expire
 * {@code window} after the last failure. The map holds counts and times only.
 */
public final class HazelcastAttemptCounter implements AttemptCounter {
    public static final String MAP = "switchboard.login-attempts";

    private final IMap<String, Attempts> map;

    public HazelcastAttemptCounter(HazelcastInstance hazelcast) {
        this.map = hazelcast.getMap(MAP);
    }

    @Override
    public Attempts get(String key) {
        Attempts attempts = map.get(key);
        return attempts == null ? Attempts.NONE : attempts;
    }

    @Override
    public Attempts fail(String key, long nowMillis, LoginPolicy.Rule rule, long windowMillis) {
        return map.executeOnKey(key, new Fail(nowMillis, rule, windowMillis));
    }

    @Override
    public void clear(String key) {
        map.delete(key);
    }

    private record Fail(long nowMillis, LoginPolicy.Rule rule, long windowMillis)
            implements EntryProcessor<String, Attempts, Attempts> {
        @Override
        public Attempts process(Map.Entry<String, Attempts> entry) {
            Attempts before = entry.getValue() == null ? Attempts.NONE : entry.getValue();
            Attempts after = before.next(nowMillis, rule);
            ((ExtendedMapEntry<String, Attempts>) entry).setValue(after, windowMillis, TimeUnit.MILLISECONDS);
            return after;
        }
    }
}
