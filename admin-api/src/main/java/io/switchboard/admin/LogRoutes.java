package io.switchboard.admin;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.switchboard.runtime.app.AppStore;
import io.switchboard.runtime.app.AppVersion;
import io.switchboard.runtime.app.QaPair;
import io.switchboard.runtime.turn.Feedback;
import io.switchboard.runtime.turn.FeedbackStore;
import io.switchboard.runtime.turn.TurnLog;
import io.switchboard.runtime.turn.TurnLogStore;
import io.switchboard.threads.VirtualThreads;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Recorded turns of an app, newest first, optionally of one conversation or channel or by feedback, with
 * the end users' feedback; annotation turns a logged question and answer into a Q&A pair. Turns reach the
 * log through each node's batching writer, a moment after their answer (see openapi.yaml).
 */
final class LogRoutes {
    private static final int MAX_CONVERSATION_ID_LENGTH = 200;

    record LogPage(long total, int offset, int limit, List<LoggedTurn> items) {}

    /** A logged turn with the end user's feedback on it (null when none was given). */
    record LoggedTurn(@JsonUnwrapped TurnLog turn, Feedback feedback) {}

    /** An admin's Q&A pair made from a logged turn: the (edited) question and answer. */
    record Annotation(String question, String answer) {}

    record Annotated(String appId, String turnId, QaPair pair, Integer publishedVersion) {}

    private final AppStore apps;
    private final ChannelTypes channels;
    private final TurnLogStore logs;
    private final FeedbackStore feedback;
    private final ChangeNotifier changes;
    private final VirtualThreads blocking;
    private final JsonCodec json;

    LogRoutes(AdminBackend backend, ChangeNotifier changes, VirtualThreads blocking, JsonCodec json) {
        this.apps = backend.apps();
        this.channels = backend.channelTypes();
        this.logs = backend.turnLogs();
        this.feedback = backend.feedback();
        this.changes = changes;
        this.blocking = blocking;
        this.json = json;
    }

    void mount(Router router) {
        router.get("/apps/:id/logs").handler(this::list);
        router.post("/apps/:id/logs/:turnId/annotation").handler(this::annotate);
    }

    private void list(RoutingContext ctx) {
        String appId = ctx.pathParam("id");
        Paging paging = Paging.from(ctx, "conversationId", "channel", "feedback");
        String channel = channel(ctx);
        String conversationId = ctx.queryParams().get("conversationId");
        if (conversationId != null && conversationId.isBlank()) {
            conversationId = null;
        }
        if (conversationId != null
                && conversationId.codePointCount(0, conversationId.length()) > MAX_CONVERSATION_ID_LENGTH) {
            throw ApiException.badRequest(
                    "conversationId must be at most " + MAX_CONVERSATION_ID_LENGTH + " characters");
        }
        String conversation = conversationId;
        Feedback.Filter filter = feedbackFilter(ctx);
        blocking.call(() -> {
                    if (apps.find(appId).isEmpty()) {
                        throw ApiException.notFound("app '" + appId + "' does not exist");
                    }
                    long total = logs.count(appId, conversation, channel, filter);
                    List<TurnLog> turns =
                            logs.list(appId, conversation, channel, filter, paging.offset(), paging.limit());
                    Map<String, Feedback> given =
                            feedback.of(appId, turns.stream().map(TurnLog::id).toList());
                    List<LoggedTurn> items = turns.stream()
                            .map(turn -> new LoggedTurn(turn, given.get(turn.id())))
                            .toList();
                    return new LogPage(total, paging.offset(), paging.limit(), items);
                })
                .onSuccess(page -> Responses.json(ctx, 200, page, json))
                .onFailure(ctx::fail);
    }

    /** The {@code channel} filter, which must name a channel turns are logged under; null when absent. */
    private String channel(RoutingContext ctx) {
        String channel = ctx.queryParams().get("channel");
        if (channel == null) {
            return null;
        }
        Set<String> known = new TreeSet<>(channels.logChannels());
        known.add(DebugChatRoutes.CHANNEL);
        if (!known.contains(channel)) {
            throw ApiException.badRequest(
                    "channel '" + channel + "' is not a known channel (known: " + String.join(", ", known) + ")");
        }
        return channel;
    }

    private static Feedback.Filter feedbackFilter(RoutingContext ctx) {
        String value = ctx.queryParams().get("feedback");
        if (value == null || value.isBlank()) {
            return Feedback.Filter.ALL;
        }
        try {
            return Feedback.Filter.parse(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /**
     * Annotation reply: the logged question and the admin's (edited) answer become a Q&A pair of the app,
     * live at once (a new version made from the published one) and in the draft.
     */
    private void annotate(RoutingContext ctx) {
        String appId = ctx.pathParam("id");
        String turnId = ctx.pathParam("turnId");
        if (turnId.codePointCount(0, turnId.length()) > 64) {
            throw ApiException.badRequest("turnId must be at most 64 characters");
        }
        Annotation request = json.read(ctx, Annotation.class);
        QaPair pair;
        try {
            pair = new QaPair(
                    request.question() == null ? null : request.question().strip(),
                    request.answer() == null ? null : request.answer().strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage().replace("qaPairs[].", ""));
        }
        if (pair.question().codePointCount(0, pair.question().length()) > 2000
                || pair.answer().codePointCount(0, pair.answer().length()) > 20_000) {
            throw ApiException.badRequest("question must be at most 2000 and answer at most 20000 characters");
        }
        String note = "annotation of turn " + turnId + ": " + clip(pair.question(), 80);
        blocking.call(() -> {
                    Optional<AppVersion> version = apps.annotate(appId, pair, note);
                    changes.appChanged(appId);
                    return new Annotated(
                            appId,
                            turnId,
                            pair,
                            version.map(AppVersion::version).orElse(null));
                })
                .onSuccess(annotated -> Responses.json(ctx, 201, annotated, json))
                .onFailure(ctx::fail);
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
