package io.switchboard.channels.web;

import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.spi.TurnReply;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /chat/:appId/messages}: runs one turn and streams it as {@code delta} events, then one
 * {@code done} event (or {@code error} when the turn broke after the stream began).
 *
 * <p>The conversation is the page's user id's ({@link ConversationStore}): its question is stored before
 * the turn runs and its answer when it ends, and while it is written {@link LiveAnswers} holds it, so a
 * reloaded page picks it up where it was. One answer at a time per conversation.
 */
final class ChatMessageHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(ChatMessageHandler.class);

    private final ChannelContext context;
    private final ConversationStore conversations;
    private final LiveAnswers live;
    private final Clock clock;

    ChatMessageHandler(ChannelContext context, ConversationStore conversations, LiveAnswers live) {
        this.context = context;
        this.conversations = conversations;
        this.live = live;
        this.clock = Clock.systemUTC();
    }

    @Override
    public void handle(RoutingContext rc) {
        String appId = AppIds.require(rc.pathParam("appId"));
        ChatRequest request = ChatRequest.parse(rc.body().buffer());
        context.apps()
                .profile(appId)
                .compose(profile -> {
                    checkVariables(profile, request.variables());
                    LiveAnswers.Answer answer = live.start(appId, request.conversationId(), request.userId());
                    if (answer == null) {
                        return Future.failedFuture(new HttpException(
                                409, "an answer is still being written in this conversation; wait or stop it"));
                    }
                    return prepare(appId, request)
                            .onFailure(failure -> answer.end())
                            .map(prepared -> {
                                runTurn(rc, appId, request, prepared, answer);
                                return null;
                            });
                })
                .onFailure(rc::fail);
    }

    /** Only the app's own variables: a name it does not have is a 400 naming it. */
    private static void checkVariables(AppProfile profile, Map<String, String> variables) {
        for (String name : variables.keySet()) {
            if (!profile.variables().containsKey(name)) {
                throw new HttpException(
                        400,
                        "variables." + name + " is not an input variable of this app"
                                + (profile.variables().isEmpty()
                                        ? " (it has none)"
                                        : " (it has: "
                                                + String.join(
                                                        ", ",
                                                        profile.variables().keySet()) + ")"));
            }
        }
    }

    /** What the turn needs once the conversation holds its question. */
    private record Prepared(JsonObject conversation, String text, Map<String, String> variables) {}

    /** Claims the conversation for the user id, stores the question (or drops the answer to regenerate). */
    private Future<Prepared> prepare(String appId, ChatRequest request) {
        String now = clock.instant().toString();
        return conversations
                .claim(appId, request.conversationId(), request.userId())
                .compose(v -> conversations.find(appId, request.userId(), request.conversationId()))
                .compose(found -> {
                    JsonObject conversation = found != null
                            ? found
                            : new JsonObject()
                                    .put("id", request.conversationId())
                                    .put(
                                            "title",
                                            request.text() == null ? "" : ConversationStore.titleFrom(request.text()))
                                    .put("createdAt", now)
                                    .put("variables", new JsonObject(Map.copyOf(request.variables())))
                                    .put("messages", new JsonArray());
                    JsonArray messages = conversation.getJsonArray("messages");
                    String text;
                    if (request.regenerate()) {
                        while (!messages.isEmpty()
                                && "assistant"
                                        .equals(messages.getJsonObject(messages.size() - 1)
                                                .getString("role"))) {
                            messages.remove(messages.size() - 1);
                        }
                        if (messages.isEmpty()) {
                            return Future.failedFuture(new HttpException(
                                    400, "regenerate: this conversation has no question to answer again"));
                        }
                        text = messages.getJsonObject(messages.size() - 1).getString("text");
                    } else {
                        text = request.text();
                        messages.add(new JsonObject().put("role", "user").put("text", text));
                    }
                    conversation.put("updatedAt", now).put("answering", true);
                    Map<String, String> variables = variablesOf(conversation);
                    // Regenerating: the model forgets the question and its old answer, then hears it afresh.
                    Future<Void> forgotten = request.regenerate()
                            ? context.turns().forgetLastAnswer(appId, request.conversationId())
                            : Future.succeededFuture();
                    return forgotten
                            .compose(v -> conversations.save(appId, request.userId(), conversation))
                            .map(saved -> new Prepared(conversation, text, variables));
                });
    }

    private static Map<String, String> variablesOf(JsonObject conversation) {
        JsonObject stored = conversation.getJsonObject("variables", new JsonObject());
        Map<String, String> variables = new java.util.LinkedHashMap<>();
        stored.forEach(entry -> variables.put(entry.getKey(), String.valueOf(entry.getValue())));
        return variables;
    }

    private void runTurn(
            RoutingContext rc, String appId, ChatRequest request, Prepared prepared, LiveAnswers.Answer answer) {
        var message = new InboundMessage(
                WebChatChannel.TYPE,
                appId,
                request.conversationId(),
                request.userId(),
                UUID.randomUUID().toString(),
                prepared.text(),
                prepared.variables(),
                false,
                clock.instant(),
                List.of());
        LOG.debug("Web chat turn for app {} conversation {}", appId, request.conversationId());
        EventStream own = new EventStream(rc.response());
        answer.follow(own);
        context.turns()
                .handle(message, chunk -> {
                    if (!chunk.delta().isEmpty()) {
                        answer.append(chunk.delta());
                    }
                })
                .onSuccess(reply -> finish(appId, request, prepared.conversation(), answer, reply))
                .onFailure(failure -> fail(rc, own, appId, request, prepared.conversation(), answer, failure));
    }

    private void finish(
            String appId, ChatRequest request, JsonObject conversation, LiveAnswers.Answer answer, TurnReply reply) {
        if (answer.stopped()) {
            return; // the stop route stored what was shown and ended the streams
        }
        String text = reply.text() == null ? "" : reply.text();
        JsonObject stored = new JsonObject()
                .put("role", "assistant")
                .put("text", text)
                .put("failed", reply.failed())
                .put("turnId", reply.turnId())
                .put("sources", sources(reply));
        conversation.getJsonArray("messages").add(stored);
        conversation.remove("answering");
        conversation.put("updatedAt", clock.instant().toString());
        JsonObject done = new JsonObject()
                .put("conversationId", request.conversationId())
                .put("text", text)
                .put(
                        "usage",
                        new JsonObject()
                                .put("inputTokens", reply.inputTokens())
                                .put("outputTokens", reply.outputTokens()))
                .put("failed", reply.failed())
                .put("turnId", reply.turnId())
                .put("sources", sources(reply));
        conversations
                .save(appId, request.userId(), conversation)
                .onFailure(failure -> LOG.warn("Web chat answer could not be stored", failure))
                .onComplete(saved -> {
                    answer.send("done", done);
                    // After the answer, the follow-up questions (when the app offers them) as an event of their own.
                    reply.followUpsOnContext().onComplete(written -> {
                        List<String> followUps = written.result();
                        if (followUps != null && !followUps.isEmpty()) {
                            answer.send("followUps", new JsonObject().put("questions", new JsonArray(followUps)));
                            stored.put("followUps", new JsonArray(followUps));
                            conversations.save(appId, request.userId(), conversation);
                        }
                        answer.end();
                    });
                });
    }

    private static JsonArray sources(TurnReply reply) {
        JsonArray sources = new JsonArray();
        for (TurnReply.Source source : reply.sources()) {
            sources.add(new JsonObject().put("name", source.name()).put("passage", source.passage()));
        }
        return sources;
    }

    private void fail(
            RoutingContext rc,
            EventStream own,
            String appId,
            ChatRequest request,
            JsonObject conversation,
            LiveAnswers.Answer answer,
            Throwable failure) {
        if (answer.stopped()) {
            return;
        }
        String message;
        if (failure instanceof HttpException http && http.getPayload() != null) {
            message = http.getPayload();
        } else {
            message = "the answer could not be completed";
            LOG.warn("Web chat turn failed", failure);
        }
        conversation
                .getJsonArray("messages")
                .add(new JsonObject()
                        .put("role", "assistant")
                        .put("text", answer.text())
                        .put("failed", true)
                        .put("error", message));
        conversation.remove("answering");
        conversations.save(appId, request.userId(), conversation).onComplete(saved -> {
            // Before the first fragment, the request itself fails: an ordinary status and JSON body.
            boolean answerWithStatus = !own.started();
            if (answerWithStatus) {
                answer.drop(own);
            }
            answer.send("error", new JsonObject().put("message", message));
            answer.end();
            if (answerWithStatus) {
                rc.fail(failure);
            }
        });
    }
}
