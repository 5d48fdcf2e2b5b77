package io.switchboard.runtime.memory;

import java.util.List;

/**
 * A cheap token estimate, good enough to keep a prompt under a budget without a tokenizer per
 * provider: about one token per CJK character and one per four other characters.
 */
public final class TokenBudget {
    private TokenBudget() {}

    public static int estimate(String text) {
        int cjk = 0;
        int other = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // Below U+2E80 nothing is CJK: skip the script lookup (a binary search) for most text.
            if (c >= 0x2E80 && Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN
                    || (c >= 0x3040 && c <= 0x30ff)) {
                cjk++;
            } else {
                other++;
            }
        }
        return cjk + (other + 3) / 4;
    }

    /** The newest entries whose estimated tokens fit in {@code budget}, oldest first. */
    public static List<ChatEntry> trim(List<ChatEntry> entries, int budget) {
        int used = 0;
        int from = entries.size();
        while (from > 0) {
            int cost = estimate(entries.get(from - 1).text()) + 4;
            if (used + cost > budget) {
                break;
            }
            used += cost;
            from--;
        }
        return entries.subList(from, entries.size());
    }
}
