package io.switchboard.runtime.memory;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.runtime.security.SecretBox;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Conversation memory in a Hazelcast map, so every gateway member sees the same conversations and a
 * member can fail without losing them (backup count and idle expiry come from the map's config, see
 * {@code config/hazelcast.yaml}).
 *
 * <p>The map holds ciphertext only: each value is sealed with the master key (AES-256-GCM, the map key as
 * associated data) and each key is a keyed hash of the conversation key, because Hazelcast's open-source
 * edition has no member authentication: whoever reaches the cluster port can read the maps.
 *
 * <p>With a {@link ConversationMapStore} on the map, every change is also written to the database
 * (through, or behind within the configured delay) and a conversation the cluster does not hold
 * (restarted, evicted) is loaded from there when asked for.
 */
public final class HazelcastConversationMemory implements ConversationMemory {
    public static final String DEFAULT_MAP_NAME = "switchboard.conversations";

    private final IMap<String, byte[]> conversations;
    private final SecretBox box;

    private HazelcastConversationMemory(IMap<String, byte[]> conversations, SecretBox box) {
        this.conversations = conversations;
        this.box = Objects.requireNonNull(box, "box");
    }

    /** Memory in map {@code mapName}, sealed with {@code box} (every member must use the same master key). */
    public static HazelcastConversationMemory create(HazelcastInstance hazelcast, String mapName, SecretBox box) {
        return new HazelcastConversationMemory(hazelcast.getMap(mapName), box);
    }

    @Override
    public List<ChatEntry> recent(String conversationKey, int max) {
        if (max <= 0) {
            return List.of();
        }
        String key = box.keyedName(conversationKey);
        return Collections.unmodifiableList(ConversationCodec.decodeLast(open(key, conversations.get(key)), max));
    }

    @Override
    public void append(String conversationKey, List<ChatEntry> entries, int keep) {
        if (entries.isEmpty()) {
            return;
        }
        int kept = Math.max(keep, 1);
        String key = box.keyedName(conversationKey);
        // Only this member can open the value, so the merge cannot run on the key's owner as an entry
        // processor: read, merge, and store only if nobody stored in between (compare-and-set), else retry.
        // Two turns of one conversation on two members therefore cannot overwrite each other's messages.
        while (true) {
            byte[] stored = conversations.get(key);
            List<ChatEntry> all = ConversationCodec.decodeLast(open(key, stored), kept);
            all.addAll(entries);
            byte[] next = box.sealBytes(
                    ConversationCodec.encode(all.subList(Math.max(0, all.size() - kept), all.size())), context(key));
            boolean swapped = stored == null
                    ? conversations.putIfAbsent(key, next) == null
                    : conversations.replace(key, stored, next);
            if (swapped) {
                return;
            }
        }
    }

    @Override
    public void clear(String conversationKey) {
        conversations.delete(box.keyedName(conversationKey));
    }

    private byte[] open(String key, byte[] stored) {
        return stored == null ? null : box.openBytes(stored, context(key));
    }

    private static byte[] context(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
