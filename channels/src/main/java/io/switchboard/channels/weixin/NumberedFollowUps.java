package io.switchboard.channels.weixin;

import io.switchboard.channels.spi.FixedTexts;
import io.switchboard.channels.spi.SharedState;
import io.switchboard.channels.spi.TurnReply;
import io.switchboard.threads.EventLoop;
import io.vertx.core.json.JsonArray;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Follow-up questions on channels without buttons (WeChat official accounts, WeCom): a numbered list
 * appended to the answer's last part, and a reply of just its number understood as that question — only
 * the next message of the conversation, so a later "2" is a "2" again. The list is kept in shared state,
 * so any member understands the number. Blocking: virtual threads.
 */
public final class NumberedFollowUps {
    /**
     * How long the answer waits for its follow-ups: they are written after it, and the list goes out with
     * it in one message. Offline apps have theirs at once.
     */
    public static final Duration WAIT = Duration.ofSeconds(3);

    private static final Duration TTL = Duration.ofHours(12);
    private static final int MAX = 5;

    private final SharedState shared;
    private final String prefix;

    /** @param prefix keys in shared state start with it, e.g. {@code wx:follow-ups:<binding>} */
    public NumberedFollowUps(SharedState shared, String prefix) {
        this.shared = shared;
        this.prefix = prefix;
    }

    /**
     * The question {@code text} stands for: when the previous answer in {@code conversation} ended with a
     * list and {@code text} is one of its numbers, that question; otherwise {@code text}. Either way the
     * list is forgotten.
     */
    public String resolve(EventLoop eventLoop, String conversation, String text) {
        String key = prefix + ":" + conversation;
        String stored = eventLoop.call(() -> shared.get(key));
        if (stored == null) {
            return text;
        }
        eventLoop.call(() -> shared.remove(key));
        int index = number(text);
        JsonArray questions = new JsonArray(stored);
        return index >= 1 && index <= questions.size() ? questions.getString(index - 1) : text;
    }

    /**
     * {@code answer} with the reply's follow-ups as a numbered list after it (waiting at most {@link #WAIT}
     * for them), remembered for the next message; {@code answer} alone when there are none. The list's
     * heading is in the app's reply language when it has one ({@code appLanguage}, may be null), else in
     * the answer's.
     */
    public String append(EventLoop eventLoop, String conversation, String answer, TurnReply reply, String appLanguage) {
        if (reply.failed()) {
            return answer;
        }
        List<String> questions;
        try {
            questions = reply.followUps().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return answer;
        }
        if (questions == null || questions.isEmpty()) {
            return answer;
        }
        List<String> offered = questions.subList(0, Math.min(MAX, questions.size()));
        String value = new JsonArray(offered).encode();
        eventLoop.call(() -> shared.put(prefix + ":" + conversation, value, TTL));
        StringBuilder list = new StringBuilder(answer.stripTrailing()).append("\n\n");
        list.append(
                FixedTexts.pick(appLanguage, answer, "You might also ask (reply with the number):", "您可能还想问（回复序号即可）："));
        for (int i = 0; i < offered.size(); i++) {
            list.append('\n').append(i + 1).append(". ").append(offered.get(i));
        }
        return list.toString();
    }

    /** 1-5 for a message of just that digit (half or full width, optional punctuation), else 0. */
    static int number(String text) {
        if (text == null) {
            return 0;
        }
        String stripped = text.strip().replaceAll("[.。、)）]$", "");
        if (stripped.length() != 1) {
            return 0;
        }
        char c = stripped.charAt(0);
        if (c >= '1' && c <= '0' + MAX) {
            return c - '0';
        }
        if (c >= '１' && c <= '０' + MAX) {
            return c - '０';
        }
        return 0;
    }
}
