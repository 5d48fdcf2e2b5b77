package io.switchboard.runtime.memory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of a conversation: {@code [count][role, length, UTF-8 text]...}. Hazelcast copies a
 * {@code byte[]} value as it is, where Java serialisation of records cost about a tenth of a turn in
 * profiles (reflection and a constructor handle per entry, on every read and every append).
 */
final class ConversationCodec {
    private static final ChatEntry.Role[] ROLES = ChatEntry.Role.values();

    private ConversationCodec() {}

    static byte[] encode(List<ChatEntry> entries) {
        byte[][] texts = new byte[entries.size()][];
        int size = Integer.BYTES;
        for (int i = 0; i < texts.length; i++) {
            texts[i] = entries.get(i).text().getBytes(StandardCharsets.UTF_8);
            size += 1 + Integer.BYTES + texts[i].length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(texts.length);
        for (int i = 0; i < texts.length; i++) {
            out.put((byte) entries.get(i).role().ordinal());
            out.putInt(texts[i].length);
            out.put(texts[i]);
        }
        return out.array();
    }

    /** The last {@code max} entries, oldest first; empty for null. */
    static List<ChatEntry> decodeLast(byte[] stored, int max) {
        if (stored == null || max <= 0) {
            return new ArrayList<>();
        }
        ByteBuffer in = ByteBuffer.wrap(stored);
        int count = in.getInt();
        int skip = Math.max(0, count - max);
        List<ChatEntry> entries = new ArrayList<>(count - skip);
        for (int i = 0; i < count; i++) {
            ChatEntry.Role role = ROLES[in.get()];
            int length = in.getInt();
            if (i < skip) {
                in.position(in.position() + length);
                continue;
            }
            entries.add(new ChatEntry(role, new String(stored, in.position(), length, StandardCharsets.UTF_8)));
            in.position(in.position() + length);
        }
        return entries;
    }
}
