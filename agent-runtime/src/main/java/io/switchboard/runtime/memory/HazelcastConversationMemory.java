package io.switchboard.runtime.memory;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Conversation memory in a Hazelcast map, so every gateway member sees the same conversations and a
 * member can fail without losing them (backup count and idle expiry come from the map's config, see
 * {@code config/hazelcast.yaml}). With a {@link ConversationMapStore} on the map, every change is also
 * written to the database before it returns and a conversation the cluster does not hold (restarted,
 * evicted) is loaded from there when asked for.
 */
public final class HazelcastConversationMemory implements ConversationMemory {
    public static final String DEFAULT_MAP_NAME = "switchboard.conversations";

    private final IMap<String, byte[]> conversations;

    private HazelcastConversationMemory(IMap<String, byte[]> conversations) {
        this.conversations = conversations;
    }

    public static HazelcastConversationMemory create(HazelcastInstance hazelcast, String mapName) {
        return new HazelcastConversationMemory(hazelcast.getMap(mapName));
    }

    @Override
    public List<ChatEntry> recent(String conversationKey, int max) {
        if (max <= 0) {
            return List.of();
        }
        return Collections.unmodifiableList(ConversationCodec.decodeLast(conversations.get(conversationKey), max));
    }

    @Override
    public void append(String conversationKey, List<ChatEntry> entries, int keep) {
        if (entries.isEmpty()) {
            return;
        }
        // An entry processor runs on the key's owner under the partition lock: two turns of one
        // conversation on two members cannot overwrite each other's messages.
        conversations.executeOnKey(conversationKey, new Append(ConversationCodec.encode(entries), Math.max(keep, 1)));
    }

    @Override
    public void clear(String conversationKey) {
        conversations.delete(conversationKey);
    }

    private record Append(byte[] added, int keep) implements EntryProcessor<String, byte[], Object> {
        @Override
        public Object process(Map.Entry<String, byte[]> entry) {
            List<ChatEntry> all = ConversationCodec.decodeLast(entry.getValue(), keep);
            all.addAll(ConversationCodec.decodeLast(added, keep));
            entry.setValue(ConversationCodec.encode(all.subList(Math.max(0, all.size() - keep), all.size())));
            return null;
        }
    }
}
