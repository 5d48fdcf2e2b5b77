package io.switchboard.runtime.memory;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Conversation memory in a Hazelcast map, so every gateway member sees the same conversations and a
 * member can fail without losing them (backup count and idle expiry come from the map's config, see
 * {@code config/hazelcast.yaml}).
 */
public final class HazelcastConversationMemory implements ConversationMemory {
    public static final String DEFAULT_MAP_NAME = "switchboard.conversations";

    private final IMap<String, ChatEntry[]> conversations;

    private HazelcastConversationMemory(IMap<String, ChatEntry[]> conversations) {
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
        ChatEntry[] entries = conversations.get(conversationKey);
        if (entries == null) {
            return List.of();
        }
        int from = Math.max(0, entries.length - max);
        return Arrays.asList(entries).subList(from, entries.length);
    }

    @Override
    public void append(String conversationKey, List<ChatEntry> entries, int keep) {
        if (entries.isEmpty()) {
            return;
        }
        // An entry processor runs on the key's owner under the partition lock: two turns of one
        // conversation on two members cannot overwrite each other's messages.
        conversations.executeOnKey(conversationKey, new Append(entries.toArray(ChatEntry[]::new), Math.max(keep, 1)));
    }

    @Override
    public void clear(String conversationKey) {
        conversations.delete(conversationKey);
    }

    private record Append(ChatEntry[] added, int keep) implements EntryProcessor<String, ChatEntry[], Object> {
        @Override
        public Object process(Map.Entry<String, ChatEntry[]> entry) {
            ChatEntry[] current = entry.getValue();
            List<ChatEntry> all = new ArrayList<>((current == null ? 0 : current.length) + added.length);
            if (current != null) {
                all.addAll(Arrays.asList(current));
            }
            all.addAll(Arrays.asList(added));
            int from = Math.max(0, all.size() - keep);
            entry.setValue(all.subList(from, all.size()).toArray(ChatEntry[]::new));
            return null;
        }
    }
}
