package io.switchboard.runtime.memory;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.runtime.security.SecretBox;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

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

    /** Reads kept for the append of the same turn; more than this many outstanding: some turns failed. */
    private static final int MAX_LAST_READS = 10_000;

    private final IMap<String, byte[]> conversations;
    private final SecretBox box;
    private final ConcurrentHashMap<String, Read> lastReads = new ConcurrentHashMap<>();

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
        byte[] stored = conversations.get(key);
        byte[] clear = open(key, stored);
        if (lastReads.size() >= MAX_LAST_READS) {
            lastReads.clear(); // turns that read and never appended (failed): only a cache
        }
        lastReads.put(conversationKey, new Read(key, stored, clear));
        return Collections.unmodifiableList(ConversationCodec.decodeLast(clear, max));
    }

    @Override
    public void append(String conversationKey, List<ChatEntry> entries, int keep) {
        if (entries.isEmpty()) {
            return;
        }
        int kept = Math.max(keep, 1);
        // A turn reads its conversation (recent) and then appends to it: the append starts from what that
        // read saw, without a second read, open and hash. If anyone stored in between, the compare-and-set
        // below fails and the loop reads afresh.
        Read read = lastReads.remove(conversationKey);
        String key = read != null ? read.key() : box.keyedName(conversationKey);
        byte[] stored = read != null ? read.stored() : conversations.get(key);
        byte[] clear = read != null ? read.clear() : open(key, stored);
        // Only this member can open the value, so the merge cannot run on the key's owner as an entry
        // processor: merge, and store only if nobody stored in between (compare-and-set), else retry.
        // Two turns of one conversation on two members therefore cannot overwrite each other's messages.
        while (true) {
            List<ChatEntry> all = ConversationCodec.decodeLast(clear, kept);
            all.addAll(entries);
            byte[] next = box.sealBytes(
                    ConversationCodec.encode(all.subList(Math.max(0, all.size() - kept), all.size())), context(key));
            boolean swapped = stored == null
                    ? conversations.putIfAbsent(key, next) == null
                    : conversations.replace(key, stored, next);
            if (swapped) {
                return;
            }
            stored = conversations.get(key);
            clear = open(key, stored);
        }
    }

    @Override
    public void forgetLastExchange(String conversationKey) {
        String key = box.keyedName(conversationKey);
        // Compare-and-set as in append: a turn appended meanwhile on another member is not lost.
        while (true) {
            byte[] stored = conversations.get(key);
            if (stored == null) {
                return;
            }
            List<ChatEntry> all = ConversationCodec.decodeLast(open(key, stored), Integer.MAX_VALUE);
            int end = all.size();
            while (end > 0 && all.get(end - 1).role() == ChatEntry.Role.ASSISTANT) {
                end--;
            }
            if (end == 0) {
                return;
            }
            List<ChatEntry> kept = all.subList(0, end - 1);
            byte[] next = box.sealBytes(ConversationCodec.encode(kept), context(key));
            if (conversations.replace(key, stored, next)) {
                return;
            }
        }
    }

    @Override
    public void clear(String conversationKey) {
        lastReads.remove(conversationKey);
        conversations.delete(box.keyedName(conversationKey));
    }

    /** A conversation as {@link #recent} read it: its map key, the sealed value and its opened bytes. */
    private record Read(String key, byte[] stored, byte[] clear) {}

    private byte[] open(String key, byte[] stored) {
        return stored == null ? null : box.openBytes(stored, context(key));
    }

    private static byte[] context(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
