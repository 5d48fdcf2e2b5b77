package io.switchboard.runtime.moderation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Keyword moderation with a 10,000-word list (issue 11.2): matcher build time, scanning throughput of a
 * mixed Chinese/English text (normalisation included), and what the stream guard adds before a token
 * reaches the channel — its CPU time per token, and how many characters it holds at the first token.
 *
 * <p>Arguments: {@code [keywords=10000] [textMiB=4] [answers=20000]}. Deterministic (fixed seed).
 */
public final class ModerationBench {
    private ModerationBench() {}

    public static void main(String[] args) {
        int keywords = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int textMiB = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int answers = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        Random random = new Random(42);

        List<String> words = keywords(random, keywords);
        long buildStart = System.nanoTime();
        KeywordMatcher matcher = KeywordMatcher.of(Map.of("bench", words));
        long buildMs = (System.nanoTime() - buildStart) / 1_000_000;
        System.out.printf("keywords=%d (longest normalised %d) build-ms=%d%n", matcher.size(), matcher.longestKeyword(), buildMs);

        String text = text(random, textMiB * 1024 * 1024 / 2, words); // chars; ~2 bytes each in UTF-16
        long bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        for (int i = 0; i < 3; i++) {
            matcher.find(text); // warm-up
        }
        int rounds = 5;
        long hits = 0;
        long scanStart = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            hits += matcher.find(text).size();
        }
        double seconds = (System.nanoTime() - scanStart) / 1e9;
        System.out.printf(
                "scan: %.1f MB/s of UTF-8 (%.1f MB text, %d hits per pass)%n",
                bytes * rounds / seconds / 1e6, bytes / 1e6, hits / rounds);

        // Answers streamed as tokens of 1-4 characters, as a model sends them.
        long[] perToken = new long[answers * 8];
        int[] heldAtFirst = new int[answers];
        long[] firstTokenNanos = new long[answers];
        int samples = 0;
        for (int a = 0; a < answers; a++) {
            String answer = text.substring(random.nextInt(text.length() - 400)).substring(0, 200);
            int[] sent = {0};
            StreamGuard guard = StreamGuard.create(matcher, StreamGuard.Action.MASK, out -> sent[0] += out.length());
            int at = 0;
            int received = 0;
            boolean first = true;
            for (int t = 0; t < 8 && at < answer.length(); t++) {
                int end = Math.min(answer.length(), at + 1 + random.nextInt(4));
                String token = answer.substring(at, end);
                at = end;
                received += token.length();
                long start = System.nanoTime();
                guard.accept(token);
                long took = System.nanoTime() - start;
                if (a >= answers / 10) { // the first tenth warms the JIT
                    perToken[samples++] = took;
                    if (first) {
                        firstTokenNanos[a] = took;
                        heldAtFirst[a] = received - sent[0];
                    }
                }
                first = false;
            }
            guard.finish();
        }
        long[] tokens = Arrays.copyOf(perToken, samples);
        Arrays.sort(tokens);
        long[] firsts = Arrays.stream(firstTokenNanos, answers / 10, answers).sorted().toArray();
        int[] held = Arrays.stream(heldAtFirst, answers / 10, answers).sorted().toArray();
        System.out.printf(
                "guard per token: p50=%.1f us p99=%.1f us max=%.1f us (%d tokens)%n",
                tokens[tokens.length / 2] / 1e3, tokens[(int) (tokens.length * 0.99)] / 1e3, tokens[tokens.length - 1] / 1e3, tokens.length);
        System.out.printf(
                "first token: added CPU p50=%.1f us p99=%.1f us; characters held at the first token p50=%d p99=%d max=%d%n",
                firsts[firsts.length / 2] / 1e3,
                firsts[(int) (firsts.length * 0.99)] / 1e3,
                held[held.length / 2],
                held[(int) (held.length * 0.99)],
                held[held.length - 1]);
    }

    /** Half Chinese words of 2-4 common characters, half English words of 4-10 letters. */
    private static List<String> keywords(Random random, int count) {
        Set<String> words = new HashSet<>();
        while (words.size() < count) {
            StringBuilder word = new StringBuilder();
            if (words.size() % 2 == 0) {
                int length = 2 + random.nextInt(3);
                for (int i = 0; i < length; i++) {
                    word.append((char) (0x4E00 + random.nextInt(3500)));
                }
            } else {
                int length = 4 + random.nextInt(7);
                for (int i = 0; i < length; i++) {
                    word.append((char) ('a' + random.nextInt(26)));
                }
            }
            words.add(word.toString());
        }
        return new ArrayList<>(words);
    }

    /** Chinese runs and English words with spaces and punctuation, and a keyword every ~2,000 characters. */
    private static String text(Random random, int chars, List<String> words) {
        StringBuilder text = new StringBuilder(chars + 64);
        while (text.length() < chars) {
            if (random.nextInt(2000) < 8) {
                text.append(words.get(random.nextInt(words.size())));
            } else if (random.nextBoolean()) {
                for (int i = 0, n = 2 + random.nextInt(10); i < n; i++) {
                    text.append((char) (0x4E00 + random.nextInt(3500)));
                }
                text.append(random.nextBoolean() ? "，" : "。");
            } else {
                for (int i = 0, n = 2 + random.nextInt(8); i < n; i++) {
                    text.append((char) ('a' + random.nextInt(26)));
                }
                text.append(random.nextInt(10) == 0 ? ". " : " ");
            }
        }
        return text.toString();
    }
}
