package io.switchboard.runtime.memory;

import com.hazelcast.config.Config;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingEntry;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import io.switchboard.runtime.security.SecretBox;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the two sides of a conversation after a split brain: the entry kept holds the exchanges of both.
 *
 * <p>Hazelcast's default ({@code PutIfAbsentMergePolicy}) keeps the larger cluster's value and drops the
 * smaller side's, so every exchange a user had with the smaller side during the split was forgotten (the
 * chaos run's "memory lost 110"). Values are sealed (AES-GCM, the map key as associated data), so this
 * policy opens both with the member's {@link SecretBox}, found in the member's user context under
 * {@link #BOX}, unions them and seals the result.
 *
 * <p>Union: a conversation is cut into exchanges (a user message and the answers after it; answers at
 * the window's start whose question was trimmed away form a piece of their own). The kept side's pieces
 * stay in order; each piece of the merging side that the kept side does not hold (counted, so an exchange
 * repeated word for word on one side is kept as often as it occurred) is appended after them. Entries
 * carry no time, so the two sides' new exchanges are not interleaved: the larger cluster's come first. The
 * union is at most both windows; the next append trims it to the turn's window. If a value cannot be
 * opened (another master key), the kept side's value stays, as with the default policy, and a warning says so.
 *
 * <p>Hazelcast writes the merged value through the map's store like any other put.
 */
public final class ConversationMergePolicy
        implements SplitBrainMergePolicy<byte[], MergingEntry<Object, byte[]>, Object>, HazelcastInstanceAware {
    /** Key of the {@link SecretBox} in the member's {@link Config#getUserContext() user context}. */
    public static final String BOX = "switchboard.conversations.box";

    private static final Logger LOG = LoggerFactory.getLogger(ConversationMergePolicy.class);

    private transient SecretBox box;

    /** For Hazelcast (the policy is created by class name and travels with merge operations). */
    public ConversationMergePolicy() {}

    /** Sets this policy on {@code mapName} in {@code config} and puts {@code box} in the user context. */
    public static void install(Config config, String mapName, SecretBox box) {
        config.getUserContext().put(BOX, box);
        config.getMapConfig(mapName)
                .setMergePolicyConfig(new MergePolicyConfig(
                        ConversationMergePolicy.class.getName(), MergePolicyConfig.DEFAULT_BATCH_SIZE));
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
        Object found = hazelcast.getUserContext().get(BOX);
        box = found instanceof SecretBox secretBox ? secretBox : null;
    }

    @Override
    public Object merge(MergingEntry<Object, byte[]> merging, MergingEntry<Object, byte[]> existing) {
        if (existing == null) {
            return merging.getRawValue();
        }
        if (merging == null) {
            return existing.getRawValue();
        }
        if (box == null) {
            LOG.warn("conversation merge without the master key (no {} in the user context): one side kept", BOX);
            return existing.getRawValue();
        }
        Object key = existing.getKey();
        byte[] context = String.valueOf(key).getBytes(StandardCharsets.UTF_8);
        try {
            byte[] kept = existing.getDeserializedValue();
            byte[] other = merging.getDeserializedValue();
            List<ChatEntry> union = union(
                    ConversationCodec.decodeLast(box.openBytes(kept, context), Integer.MAX_VALUE),
                    ConversationCodec.decodeLast(box.openBytes(other, context), Integer.MAX_VALUE));
            return box.sealBytes(ConversationCodec.encode(union), context);
        } catch (RuntimeException e) {
            LOG.warn(
                    "conversation not merged after a split brain, one side kept: {}",
                    e.getClass().getName());
            return existing.getRawValue();
        }
    }

    /** {@code kept}'s entries, then every exchange of {@code other} that {@code kept} does not hold. */
    static List<ChatEntry> union(List<ChatEntry> kept, List<ChatEntry> other) {
        List<List<ChatEntry>> keptPieces = pieces(kept);
        Map<List<ChatEntry>, Integer> unmatched = new HashMap<>();
        for (List<ChatEntry> piece : keptPieces) {
            unmatched.merge(piece, 1, Integer::sum);
        }
        List<ChatEntry> union = new ArrayList<>(kept);
        for (List<ChatEntry> piece : pieces(other)) {
            Integer left = unmatched.get(piece);
            if (left != null && left > 0) {
                unmatched.put(piece, left - 1);
            } else if (!isTrimmedTail(piece, keptPieces)) {
                union.addAll(piece);
            }
        }
        return union;
    }

    /**
     * A leading piece of answers only (its question trimmed off one side's window) that ends an exchange
     * the kept side holds whole: the same exchange, not a new one.
     */
    private static boolean isTrimmedTail(List<ChatEntry> piece, List<List<ChatEntry>> keptPieces) {
        if (piece.getFirst().role() == ChatEntry.Role.USER) {
            return false;
        }
        for (List<ChatEntry> whole : keptPieces) {
            if (whole.size() > piece.size()
                    && whole.subList(whole.size() - piece.size(), whole.size()).equals(piece)) {
                return true;
            }
        }
        return false;
    }

    private static List<List<ChatEntry>> pieces(List<ChatEntry> entries) {
        List<List<ChatEntry>> pieces = new ArrayList<>();
        List<ChatEntry> current = new ArrayList<>();
        for (ChatEntry entry : entries) {
            if (entry.role() == ChatEntry.Role.USER && !current.isEmpty()) {
                pieces.add(current);
                current = new ArrayList<>();
            }
            current.add(entry);
        }
        if (!current.isEmpty()) {
            pieces.add(current);
        }
        return pieces;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
        // Stateless: the master key comes from the receiving member's user context.
    }

    @Override
    public void readData(ObjectDataInput in) {}
}
