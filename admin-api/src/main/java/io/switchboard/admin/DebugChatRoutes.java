package io.switchboard.admin;

import io.switchboard.runtime.app.AppStore;
import io.switchboard.runtime.knowledge.Citation;
import io.switchboard.runtime.turn.AgentRequest;
import io.switchboard.runtime.turn.AgentRuntime;
import io.switchboard.runtime.turn.ToolCallLog;
import io.switchboard.runtime.turn.TurnResult;
import io.switchboard.runtime.turn.TurnStatus;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.Context;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The debug chat: runs a turn against the app's draft and streams it as server-sent events,
 * {@code delta} per token and one {@code done} at the end, the same shape as the web chat.
 */
final class DebugChatRoutes {
    static final String CHANNEL = "debug";
    private static final int MAX_TEXT_LENGTH = 32_000;
    private static final int MAX_CONVERSATION_ID_LENGTH = 200;

    record DebugMessage(String conversationId, String text, Map<String, String> variables) {
        DebugMessage {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("text must not be blank");
            }
            if (text.codePointCount(0, text.length()) > MAX_TEXT_LENGTH) {
                throw new IllegalArgumentException("text must be at most " + MAX_TEXT_LENGTH + " characters");
            }
            conversationId = conversationId == null || conversationId.isBlank() ? null : conversationId;
            if (conversationId != null
                    && conversationId.codePointCount(0, conversationId.length()) > MAX_CONVERSATION_ID_LENGTH) {
                throw new IllegalArgumentException(
                        "conversationId must be at most " + MAX_CONVERSATION_ID_LENGTH + " characters");
            }
            if (variables != null && variables.values().stream().anyMatch(v -> v == null)) {
                throw new IllegalArgumentException("variables must map names to strings, not null");
            }
        }
    }

    record Delta(String text) {}

    record Usage(int inputTokens, int outputTokens) {}

    record Done(
            String conversationId,
            String text,
            TurnStatus status,
            boolean failed,
            Usage usage,
            long latencyMs,
            List<ToolCallLog> toolCalls,
            List<Citation> citations) {
        static Done of(TurnResult result) {
            return new Done(
                    result.conversationId(),
                    result.text(),
                    result.status(),
                    result.failed(),
                    new Usage(result.inputTokens(), result.outputTokens()),
                    result.latencyMs(),
                    result.toolCalls(),
                    result.citations());
        }
    }

    private final AgentRuntime runtime;
    private final AppStore apps;
    private final VirtualThreads blocking;
    private final JsonCodec json;

    DebugChatRoutes(AdminBackend backend, VirtualThreads blocking, JsonCodec json) {
        this.runtime = backend.runtime();
        this.apps = backend.apps();
        this.blocking = blocking;
        this.json = json;
    }

    void mount(Router router) {
        router.post("/apps/:id/debug/messages").handler(this::send);
    }

    private void send(RoutingContext ctx) {
        String appId = ctx.pathParam("id");
        DebugMessage message = json.read(ctx, DebugMessage.class);
        String conversationId =
                message.conversationId() == null ? "debug-" + UUID.randomUUID() : message.conversationId();
        AgentRequest request = new AgentRequest(
                appId,
                true,
                CHANNEL,
                conversationId,
                AuthRoutes.subject(ctx),
                message.text(),
                message.variables(),
                List.of(),
                null);
        Context context = ctx.vertx().getOrCreateContext();
        SseStream stream = new SseStream(ctx, json);
        blocking.execute(() -> {
            try {
                // Checked here too so that a typo in the URL never reaches the runtime (and its logs).
                if (apps.find(appId).isEmpty()) {
                    throw ApiException.notFound("app '" + appId + "' does not exist");
                }
                TurnResult result = runtime.run(request, token -> {
                    if (token != null && !token.isEmpty()) {
                        context.runOnContext(v -> stream.event("delta", new Delta(token)));
                    }
                });
                context.runOnContext(v -> stream.finish("done", Done.of(result)));
            } catch (Throwable failure) {
                context.runOnContext(v -> stream.fail(failure));
            }
        });
    }
}
