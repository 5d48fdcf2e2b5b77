package io.switchboard.runtime.memory;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.runtime.security.SecretBox;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cost per turn of sealing conversation memory (issue 13, Found 1). A turn does what the runtime does:
 * {@code recent(key, 20)} then {@code append(key, [user, assistant], 20)}, on conversations that already
 * hold 20 entries of ~300 characters (about 6 KB). Compared: the sealed memory, the same map operations on
 * clear bytes (get, get, replace), and the cryptography alone (two keyed hashes, two opens, one seal).
 * One embedded member on loopback; run by {@code bench/memory-seal.sh}.
 */
public final class MemorySealBench {
    private static final int CONVERSATIONS = 1000;
    private static final int KEEP = 20;

    public static void main(String[] args) {
        int turns = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Config config = new Config().setClusterName("bench-" + System.nanoTime());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "none");
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(config);
        try {
            SecretBox box = SecretBox.fromBase64(SecretBox.generateKeyBase64());
            ConversationMemory sealed = HazelcastConversationMemory.create(hazelcast, "bench-sealed", box);
            IMap<String, byte[]> clear = hazelcast.getMap("bench-clear");
            List<ChatEntry> history = new ArrayList<>();
            for (int i = 0; i < KEEP; i++) {
                history.add(new ChatEntry(i % 2 == 0 ? ChatEntry.Role.USER : ChatEntry.Role.ASSISTANT, text(i)));
            }
            List<ChatEntry> turn = List.of(
                    new ChatEntry(ChatEntry.Role.USER, text(1)), new ChatEntry(ChatEntry.Role.ASSISTANT, text(2)));
            for (int c = 0; c < CONVERSATIONS; c++) {
                sealed.append("live:app:conversation-" + c, history, KEEP);
                clear.set("live:app:conversation-" + c, ConversationCodec.encode(history));
            }
            byte[] value = ConversationCodec.encode(history);
            byte[] sealedValue = box.sealBytes(value, "k".getBytes(StandardCharsets.UTF_8));
            System.out.printf(
                    Locale.ROOT,
                    "value %d bytes clear, %d sealed; load average %.2f%n",
                    value.length,
                    sealedValue.length,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
            for (int round = 0; round < 3; round++) {
                double sealedMicros = time(turns, i -> {
                    String key = "live:app:conversation-" + (i % CONVERSATIONS);
                    sealed.recent(key, KEEP);
                    sealed.append(key, turn, KEEP);
                });
                double clearMicros = time(turns, i -> {
                    String key = "live:app:conversation-" + (i % CONVERSATIONS);
                    ConversationCodec.decodeLast(clear.get(key), KEEP);
                    byte[] stored = clear.get(key);
                    List<ChatEntry> all = ConversationCodec.decodeLast(stored, KEEP);
                    all.addAll(turn);
                    clear.replace(key, stored, ConversationCodec.encode(all.subList(all.size() - KEEP, all.size())));
                });
                double cryptoMicros = time(turns, i -> {
                    String key = box.keyedName("live:app:conversation-" + (i % CONVERSATIONS));
                    byte[] context = key.getBytes(StandardCharsets.UTF_8);
                    box.keyedName("live:app:conversation-" + (i % CONVERSATIONS));
                    box.openBytes(box.sealBytes(value, context), context);
                    box.openBytes(sealedValue, "k".getBytes(StandardCharsets.UTF_8));
                });
                System.out.printf(
                        Locale.ROOT,
                        "round %d: sealed turn %.1f µs, clear turn %.1f µs, crypto alone %.1f µs"
                                + " (per turn; load average %.2f)%n",
                        round,
                        sealedMicros,
                        clearMicros,
                        cryptoMicros,
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                                .getSystemLoadAverage());
            }
        } finally {
            hazelcast.shutdown();
        }
    }

    private static String text(int i) {
        return ("Entry " + i + ": the order 42 left the warehouse this morning and arrives tomorrow. ").repeat(4);
    }

    private interface Turn {
        void run(int i);
    }

    private static double time(int turns, Turn turn) {
        for (int i = 0; i < turns / 4; i++) {
            turn.run(i);
        }
        long start = System.nanoTime();
        for (int i = 0; i < turns; i++) {
            turn.run(i);
        }
        return (System.nanoTime() - start) / 1000.0 / turns;
    }
}
