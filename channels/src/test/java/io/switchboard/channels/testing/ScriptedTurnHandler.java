package io.switchboard.channels.testing;

import io.switchboard.channels.spi.AppDirectory;
import io.switchboard.channels.spi.FeedbackMessage;
import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.spi.OutboundMessage.StreamChunk;
import io.switchboard.channels.spi.TurnHandler;
import io.switchboard.channels.spi.TurnReply;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The gateway's side of {@link TurnHandler} for tests: answers every message with a scripted text,
 * streamed in small chunks on timers (so a browser sees it arrive piece by piece), and records every
 * message it received. Unknown apps fail with 404 as the real one does.
 */
public final class ScriptedTurnHandler implements TurnHandler {
    /** How a turn ends. */
    public enum Ending {
        /** The whole answer, then a normal reply. */
        ANSWER,
        /** Half the answer, then a reply with {@code failed} and {@link #FAILURE_TEXT}. */
        FAILED_REPLY,
        /** A failed reply before any chunk. */
        FAILED_REPLY_AT_ONCE,
        /** Half the answer, then a failed future (an infrastructure failure). */
        BROKEN_MIDWAY,
        /** A failed future before any chunk. */
        BROKEN_AT_ONCE
    }

    public static final String FAILURE_TEXT = "The model is unavailable right now.";

    private final Vertx vertx;
    private final AppDirectory apps;
    private final Function<String, String> answer;
    private final List<InboundMessage> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger completed = new AtomicInteger();
    private final List<FeedbackMessage> feedback = new CopyOnWriteArrayList<>();
    private volatile Ending ending = Ending.ANSWER;
    private volatile long chunkDelayMillis = 1;
    private volatile int chunkSize = 4;
    private volatile List<TurnReply.Source> sources = List.of();

    public ScriptedTurnHandler(Vertx vertx, AppDirectory apps, Function<String, String> answer) {
        this.vertx = vertx;
        this.apps = apps;
        this.answer = answer;
    }

    public ScriptedTurnHandler ending(Ending ending) {
        this.ending = ending;
        return this;
    }

    public ScriptedTurnHandler chunks(int size, long delayMillis) {
        this.chunkSize = size;
        this.chunkDelayMillis = delayMillis;
        return this;
    }

    /** Sources every successful reply cites from now on. */
    public ScriptedTurnHandler sources(List<TurnReply.Source> cited) {
        this.sources = List.copyOf(cited);
        return this;
    }

    /** The feedback recorded so far, in order. */
    public List<FeedbackMessage> feedback() {
        return List.copyOf(feedback);
    }

    @Override
    public Future<Void> feedback(FeedbackMessage verdict) {
        feedback.add(verdict);
        return Future.succeededFuture();
    }

    public String answerTo(String text) {
        return answer.apply(text);
    }

    public List<InboundMessage> received() {
        return List.copyOf(received);
    }

    public InboundMessage last() {
        return received.getLast();
    }

    /** Turns that have ended (their future completed), whether or not anyone was listening. */
    public int completed() {
        return completed.get();
    }

    @Override
    public Future<TurnReply> handle(InboundMessage message, Consumer<StreamChunk> onChunk) {
        Ending end = ending;
        return apps.profile(message.appId()).compose(profile -> {
            received.add(message);
            String text = answer.apply(message.text());
            List<String> chunks = split(text, end);
            Promise<TurnReply> promise = Promise.promise();
            boolean broken = end == Ending.BROKEN_MIDWAY || end == Ending.BROKEN_AT_ONCE;
            emit(chunks, 0, onChunk, () -> {
                if (broken) {
                    promise.fail(new IllegalStateException("scripted infrastructure failure"));
                } else {
                    promise.complete(reply(message, text, chunks.size(), end, sources));
                }
            });
            return promise.future().andThen(done -> completed.incrementAndGet());
        });
    }

    private void emit(List<String> chunks, int next, Consumer<StreamChunk> onChunk, Runnable finish) {
        if (next == chunks.size()) {
            finish.run();
            return;
        }
        vertx.setTimer(chunkDelayMillis, id -> {
            if (onChunk != null) {
                onChunk.accept(new StreamChunk(chunks.get(next)));
            }
            emit(chunks, next + 1, onChunk, finish);
        });
    }

    private List<String> split(String text, Ending end) {
        String streamed = switch (end) {
            case ANSWER -> text;
            case FAILED_REPLY, BROKEN_MIDWAY -> text.substring(0, text.length() / 2);
            case FAILED_REPLY_AT_ONCE, BROKEN_AT_ONCE -> "";
        };
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < streamed.length(); i += chunkSize) {
            chunks.add(streamed.substring(i, Math.min(streamed.length(), i + chunkSize)));
        }
        return chunks;
    }

    private static TurnReply reply(
            InboundMessage message, String text, int chunkCount, Ending end, List<TurnReply.Source> sources) {
        int inputTokens = message.text().split("\\s+").length;
        return switch (end) {
            case FAILED_REPLY, FAILED_REPLY_AT_ONCE ->
                new TurnReply(message.conversationId(), FAILURE_TEXT, inputTokens, 0, true, List.of(), null, null);
            default ->
                new TurnReply(
                        message.conversationId(),
                        text,
                        inputTokens,
                        chunkCount,
                        false,
                        sources,
                        "turn-" + message.messageId(),
                        null);
        };
    }
}
