package io.switchboard.channels.spi;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The end of a turn.
 *
 * @param conversationId the conversation the turn belonged to
 * @param text the whole answer (for a failed turn, the message to show the user)
 * @param inputTokens tokens in the prompt, 0 when unknown
 * @param outputTokens tokens generated, 0 when unknown
 * @param failed true when the model failed and {@code text} explains it to the user
 * @param sources the passages the answer drew on (knowledge bases), best first; may be empty
 * @param turnId the turn's id in the conversation log, which feedback on the answer names; null when the
 *     turn was not logged
 * @param followUps completes with the follow-up questions to offer once they are written, after the
 *     answer (empty when the app offers none); never completes exceptionally. Null means none.
 * @param toolCalls calls of a developer-API client's own tools the model asked for; empty when none
 * @param finishReason why the model stopped: {@code stop}, {@code length}, {@code tool_calls} or
 *     {@code content_filter}
 * @param rejection for a failed turn whose input the model refused, its reason; null otherwise
 */
public record TurnReply(
        String conversationId,
        String text,
        int inputTokens,
        int outputTokens,
        boolean failed,
        List<Source> sources,
        String turnId,
        CompletionStage<List<String>> followUps,
        List<ApiTurn.ToolCall> toolCalls,
        String finishReason,
        String rejection) {
    public TurnReply {
        followUps = followUps == null ? CompletableFuture.completedFuture(List.of()) : followUps;
        sources = sources == null ? List.of() : List.copyOf(sources);
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        finishReason = finishReason == null ? "stop" : finishReason;
    }

    /** A reply with none of the developer API's extras and no follow-ups. */
    public TurnReply(
            String conversationId,
            String text,
            int inputTokens,
            int outputTokens,
            boolean failed,
            List<Source> sources,
            String turnId) {
        this(conversationId, text, inputTokens, outputTokens, failed, sources, turnId, null);
    }

    /** A reply with none of the developer API's extras. */
    public TurnReply(
            String conversationId,
            String text,
            int inputTokens,
            int outputTokens,
            boolean failed,
            List<Source> sources,
            String turnId,
            CompletionStage<List<String>> followUps) {
        this(conversationId, text, inputTokens, outputTokens, failed, sources, turnId, followUps, null, null, null);
    }

    /** How long a channel waits for follow-ups after the answer before it finishes without them. */
    public static final Duration FOLLOW_UP_WAIT = Duration.ofSeconds(15);

    /**
     * The follow-up questions on the caller's Vert.x context, once written; empty when there are none,
     * when writing them fails or when they take longer than {@link #FOLLOW_UP_WAIT}. Call on an event loop.
     */
    public Future<List<String>> followUpsOnContext() {
        if (followUps instanceof CompletableFuture<List<String>> done && done.isDone()) {
            // Most turns (no follow-ups configured): no timer and no task on the loop for a known answer.
            return Future.succeededFuture(done.isCompletedExceptionally() ? List.of() : done.join());
        }
        Context context = Vertx.currentContext();
        Future<List<String>> written = context == null
                ? Future.fromCompletionStage(followUps)
                : Future.fromCompletionStage(followUps, context);
        return written.timeout(FOLLOW_UP_WAIT.toMillis(), TimeUnit.MILLISECONDS).otherwise(List.of());
    }

    /** A cited passage: where it comes from (document name or URL) and the passage itself. */
    public record Source(String name, String passage) {}
}
