package io.switchboard.runtime.durable;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Small keyed values with an expiry that outlive the cluster's memory: channel polling offsets,
 * handled update ids. Expired keys read as absent. Blocking: call from a virtual thread.
 */
public interface DurableKeyStore {
    /** Longest key accepted. */
    int MAX_NAME_LENGTH = 255;

    /** Longest value accepted. */
    int MAX_CONTENT_LENGTH = 100_000;

    /**
     * Stores {@code content} under {@code name} unless a live value is there; atomic between callers
     * (also on other gateway members), one insert when the key is new.
     *
     * @return true when this call stored it
     * @throws IllegalArgumentException when the name or content is empty or too long, or the ttl not positive
     */
    boolean putIfAbsent(String name, String content, Duration ttl);

    /** Stores or replaces a value. */
    void put(String name, String content, Duration ttl);

    /** The live value. */
    Optional<String> get(String name);

    /**
     * Live keys whose name starts with {@code namePrefix} and whose content starts with
     * {@code contentPrefix} (both literal: {@code %} and {@code _} match only themselves), at most
     * {@code limit} (1-1000), soonest expiring first.
     */
    List<Entry> list(String namePrefix, String contentPrefix, int limit);

    /** One live key. */
    record Entry(String name, String content) {}

    /** Deletes every expired key; how many went. */
    int deleteExpired();
}
