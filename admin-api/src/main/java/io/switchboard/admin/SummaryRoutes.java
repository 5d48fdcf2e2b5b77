package io.switchboard.admin;

import io.switchboard.runtime.app.AppStore;
import io.switchboard.runtime.memory.ConversationSummaries;
import io.switchboard.runtime.memory.MemoryKeys;
import io.switchboard.threads.VirtualThreads;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Set;

/**
 * A conversation's long-term memory: read it (what the model is told happened before the window) and
 * clear it. {@code draft=true} addresses the debug chat's conversation of the same id.
 */
final class SummaryRoutes {
    private static final int MAX_CONVERSATION_ID_LENGTH = 255;
    private static final Set<String> PARAMETERS = Set.of("draft");

    record SummaryView(String appId, String conversationId, boolean draft, String summary, Instant updatedAt) {}

    private final AppStore apps;
    private final ConversationSummaries summaries;
    private final VirtualThreads blocking;
    private final JsonCodec json;

    SummaryRoutes(AdminBackend backend, VirtualThreads blocking, JsonCodec json) {
        this.apps = backend.apps();
        this.summaries = backend.summaries();
        this.blocking = blocking;
        this.json = json;
    }

    void mount(Router router) {
        router.get("/apps/:id/conversations/:conversationId/summary").handler(this::read);
        router.delete("/apps/:id/conversations/:conversationId/summary").handler(this::clear);
    }

    private void read(RoutingContext ctx) {
        String appId = ctx.pathParam("id");
        String conversationId = conversationId(ctx);
        boolean draft = draft(ctx);
        blocking.call(() -> {
                    requireApp(appId);
                    ConversationSummaries.Summary summary = summaries
                            .find(MemoryKeys.of(appId, draft, conversationId))
                            .orElseThrow(() -> ApiException.notFound(
                                    "conversation '" + conversationId + "' of app '" + appId + "' has no summary"));
                    return new SummaryView(appId, conversationId, draft, summary.text(), summary.updatedAt());
                })
                .onSuccess(view -> Responses.json(ctx, 200, view, json))
                .onFailure(ctx::fail);
    }

    private void clear(RoutingContext ctx) {
        String appId = ctx.pathParam("id");
        String conversationId = conversationId(ctx);
        boolean draft = draft(ctx);
        blocking.call(() -> {
                    requireApp(appId);
                    summaries.delete(MemoryKeys.of(appId, draft, conversationId));
                    return null;
                })
                .onSuccess(ignored -> Responses.noContent(ctx))
                .onFailure(ctx::fail);
    }

    private void requireApp(String appId) {
        if (apps.find(appId).isEmpty()) {
            throw ApiException.notFound("app '" + appId + "' does not exist");
        }
    }

    private static String conversationId(RoutingContext ctx) {
        String id = ctx.pathParam("conversationId");
        if (id.isBlank() || id.codePointCount(0, id.length()) > MAX_CONVERSATION_ID_LENGTH) {
            throw ApiException.badRequest("conversationId must be 1-" + MAX_CONVERSATION_ID_LENGTH + " characters");
        }
        return id;
    }

    private static boolean draft(RoutingContext ctx) {
        for (String name : ctx.queryParams().names()) {
            if (!PARAMETERS.contains(name)) {
                throw ApiException.badRequest("unknown query parameter '" + name + "' (known: draft)");
            }
        }
        String draft = ctx.queryParams().get("draft");
        if (draft == null || draft.equals("false")) {
            return false;
        }
        if (draft.equals("true")) {
            return true;
        }
        throw ApiException.badRequest("draft must be true or false");
    }
}
