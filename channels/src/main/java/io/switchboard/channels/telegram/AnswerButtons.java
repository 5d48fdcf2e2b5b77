package io.switchboard.channels.telegram;

import io.switchboard.channels.spi.SharedState;
import io.switchboard.channels.spi.TurnReply;
import io.switchboard.threads.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.json.JsonArray;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;

/**
 * The buttons under an answer: thumbs up / down naming the turn ({@code f:+:<turnId>}), and the
 * follow-up questions, sent after the answer in a message of their own; a pressed follow-up button
 * ({@code n:<token>:<index>}) finds its question in shared state, so any member can answer it.
 */
final class AnswerButtons {
    static final String FEEDBACK_PREFIX = "f:";
    static final String FOLLOW_UP_PREFIX = "n:";
    /** Telegram allows 64 bytes of callback data. */
    private static final int MAX_DATA = 64;

    private static final int MAX_LABEL = 60;
    private static final Duration FOLLOW_UP_TTL = Duration.ofDays(2);

    /** What a pressed answer button asks for. */
    sealed interface Press {
        record Feedback(String turnId, boolean up) implements Press {}

        record FollowUp(String token, int index) implements Press {}
    }

    private final String bindingId;
    private final Context context;
    private final SharedState shared;

    AnswerButtons(String bindingId, Context context, SharedState shared) {
        this.bindingId = bindingId;
        this.context = context;
        this.shared = shared;
    }

    /** The thumbs under a finished answer; null when the turn was not logged or its id does not fit. */
    static InlineKeyboardMarkup feedback(TurnReply reply) {
        if (reply.failed() || reply.turnId() == null || (FEEDBACK_PREFIX + "+:" + reply.turnId()).length() > MAX_DATA) {
            return null;
        }
        return new InlineKeyboardMarkup(List.of(BotSender.row(
                List.of("👍", "👎"),
                List.of(FEEDBACK_PREFIX + "+:" + reply.turnId(), FEEDBACK_PREFIX + "-:" + reply.turnId()))));
    }

    /** Remembers {@code questions} for {@code chat} and returns their keyboard, one question per row. */
    InlineKeyboardMarkup followUps(ChatRef chat, List<String> questions) throws InterruptedException {
        String token = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
        String value = new JsonArray(questions).encode();
        EventLoop.of(context).callInterruptibly(() -> shared.put(key(chat, token), value, FOLLOW_UP_TTL));
        List<String> labels = new ArrayList<>();
        List<String> data = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            String question = questions.get(i);
            labels.add(question.length() > MAX_LABEL ? question.substring(0, MAX_LABEL - 1) + "…" : question);
            data.add(FOLLOW_UP_PREFIX + token + ":" + i);
        }
        return BotSender.buttons(labels, data);
    }

    /** What {@code data} of a pressed button asks for; empty when it is not an answer button. */
    static Optional<Press> parse(String data) {
        if (data == null) {
            return Optional.empty();
        }
        if (data.startsWith(FEEDBACK_PREFIX + "+:") || data.startsWith(FEEDBACK_PREFIX + "-:")) {
            String turnId = data.substring(FEEDBACK_PREFIX.length() + 2);
            return turnId.isEmpty()
                    ? Optional.empty()
                    : Optional.of(new Press.Feedback(turnId, data.charAt(FEEDBACK_PREFIX.length()) == '+'));
        }
        if (data.startsWith(FOLLOW_UP_PREFIX)) {
            String[] parts = data.substring(FOLLOW_UP_PREFIX.length()).split(":");
            if (parts.length == 2 && parts[1].matches("[0-4]")) {
                return Optional.of(new Press.FollowUp(parts[0], Integer.parseInt(parts[1])));
            }
        }
        return Optional.empty();
    }

    /** The question behind a pressed follow-up button; empty when it expired or never existed. */
    Optional<String> question(ChatRef chat, Press.FollowUp press) throws InterruptedException {
        String stored = EventLoop.of(context).callInterruptibly(() -> shared.get(key(chat, press.token())));
        if (stored == null) {
            return Optional.empty();
        }
        JsonArray questions = new JsonArray(stored);
        return press.index() < questions.size() ? Optional.of(questions.getString(press.index())) : Optional.empty();
    }

    private String key(ChatRef chat, String token) {
        return "telegram-follow-ups:" + bindingId + ":" + chat.id() + ":" + token;
    }
}
