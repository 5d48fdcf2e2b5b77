package io.switchboard.channels.wecomaibot;

import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.spi.DurableState;
import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.spi.InboundMessage.Attachment;
import io.switchboard.channels.spi.MediaLimits;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a bot does with what WeCom pushes, exactly once across the cluster. A message is claimed with
 * one atomic durable write under {@code wecom-aibot-msg:<binding>:<msgid>} holding its in-flight record
 * (who took it, when, the chat and the text); a second push of the same {@code msgid}, on any member,
 * finds the claim and is dropped. The answer streams on the callback's {@code req_id}; once WeCom
 * acknowledged its last part the record becomes {@link #DONE}. A record left by a member that died (no
 * heartbeat for the recovery grace) or that lost its connection mid-answer (it marks the record
 * released) is claimed once by the member holding the bot's connection and answered with proactive
 * pushes, since a callback's {@code req_id} belongs to the connection it came on.
 */
final class AiBotTurns {
    private static final Logger LOG = LoggerFactory.getLogger(AiBotTurns.class);
    static final String DONE = "1";
    static final String PREFIX = "inflight:";
    static final String FAILURE_TEXT = "Sorry, something went wrong. Please try again. 抱歉，出错了，请重试。";
    static final String FILE_REPLY = "I can read text and pictures, not files. 抱歉，暂不支持文件，请发送文字或图片。";
    static final String IMAGE_FAILED = "Sorry, I could not open that picture. Please send it again. 抱歉，无法读取图片，请重发。";
    private static final String RELEASED = "released:";
    private static final int SCAN_LIMIT = 200;

    private final BoundAccount account;
    private final AiBotSettings settings;
    private final ChannelContext channel;
    private final WeComAiBotOptions options;
    private final String memberId;
    private final AiBotMedia media;
    private final AiBotPusher pusher;
    private final Set<String> recovering = ConcurrentHashMap.newKeySet();
    private volatile boolean crashed;

    AiBotTurns(
            BoundAccount account,
            AiBotSettings settings,
            ChannelContext channel,
            WeComAiBotOptions options,
            String memberId,
            AiBotMedia media,
            AiBotPusher pusher) {
        this.account = account;
        this.settings = settings;
        this.channel = channel;
        this.options = options;
        this.memberId = memberId;
        this.media = media;
        this.pusher = pusher;
    }

    static String heartbeatKey(String memberId) {
        return "wecom-aibot-member:" + memberId;
    }

    String messageKey(String msgid) {
        return "wecom-aibot-msg:" + account.bindingId() + ":" + msgid;
    }

    /** A pushed {@code aibot_msg_callback} or {@code aibot_event_callback}, on the connection's context. */
    void callback(AiBotConnection connection, JsonObject frame) {
        String reqId = frame.getJsonObject("headers", new JsonObject()).getString("req_id", "");
        JsonObject body = frame.getJsonObject("body", new JsonObject());
        if ("aibot_event_callback".equals(frame.getString("cmd"))) {
            event(connection, reqId, body);
            return;
        }
        String msgid = body.getString("msgid", "");
        JsonObject record = record(body);
        if (msgid.isEmpty() || reqId.isEmpty() || record == null) {
            LOG.debug("wecom-aibot binding {}: callback without msgid, req_id or sender ignored", account.bindingId());
            return;
        }
        String key = messageKey(msgid);
        channel.durable()
                .putIfAbsent(key, PREFIX + record.encode(), options.dedupeTtl())
                .onComplete(claimed -> {
                    if (claimed.failed()) {
                        // The store is unreachable: answering without a claim risks a duplicate only if WeCom
                        // pushes it again, not answering loses it for sure.
                        LOG.warn(
                                "wecom-aibot binding {}: message not claimed ({}); answering anyway",
                                account.bindingId(),
                                claimed.cause().toString());
                        answer(connection, reqId, msgid, record, key);
                    } else if (claimed.result()) {
                        answer(connection, reqId, msgid, record, key);
                    } else {
                        LOG.debug("wecom-aibot binding {}: message {} already taken", account.bindingId(), msgid);
                    }
                });
    }

    private void event(AiBotConnection connection, String reqId, JsonObject body) {
        JsonObject event = body.getJsonObject("event", new JsonObject());
        if ("enter_chat".equals(event.getString("eventtype"))
                && !settings.welcome().isEmpty()) {
            JsonObject welcome = new JsonObject()
                    .put("msgtype", "text")
                    .put("text", new JsonObject().put("content", settings.welcome()));
            connection
                    .request("aibot_respond_welcome_msg", reqId, welcome)
                    .onFailure(e -> LOG.debug(
                            "wecom-aibot binding {}: welcome not sent: {}", account.bindingId(), e.toString()));
        }
    }

    /** The in-flight record of a message: chat, sender and what it says; null without a sender. */
    private JsonObject record(JsonObject body) {
        String userid = body.getJsonObject("from", new JsonObject()).getString("userid", "");
        if (userid.isEmpty()) {
            return null;
        }
        boolean group = "group".equals(body.getString("chattype"));
        String chatid = group ? body.getString("chatid", "") : userid;
        if (chatid.isEmpty()) {
            return null;
        }
        JsonObject record = new JsonObject()
                .put("member", memberId)
                .put("attempt", 0)
                .put("acceptedAt", System.currentTimeMillis())
                .put("chatid", chatid)
                .put("group", group)
                .put("userid", userid)
                .put("msgtype", body.getString("msgtype", ""));
        StringBuilder text = new StringBuilder();
        switch (body.getString("msgtype", "")) {
            case "text" ->
                text.append(body.getJsonObject("text", new JsonObject()).getString("content", ""));
            case "voice" ->
                text.append(body.getJsonObject("voice", new JsonObject()).getString("content", ""));
            case "image" -> image(record, body.getJsonObject("image", new JsonObject()));
            case "mixed" -> {
                JsonArray items =
                        body.getJsonObject("mixed", new JsonObject()).getJsonArray("msg_item", new JsonArray());
                for (int i = 0; i < items.size(); i++) {
                    JsonObject item = items.getJsonObject(i);
                    if ("text".equals(item.getString("msgtype"))) {
                        text.append(text.isEmpty() ? "" : "\n")
                                .append(item.getJsonObject("text", new JsonObject())
                                        .getString("content", ""));
                    } else if ("image".equals(item.getString("msgtype")) && !record.containsKey("imageUrl")) {
                        image(record, item.getJsonObject("image", new JsonObject()));
                    }
                }
            }
            default -> record.put("unsupported", true);
        }
        return record.put("text", text.toString().strip());
    }

    private static void image(JsonObject record, JsonObject image) {
        if (!image.getString("url", "").isEmpty()
                && !image.getString("aeskey", "").isEmpty()) {
            record.put("imageUrl", image.getString("url")).put("aeskey", image.getString("aeskey"));
        }
    }

    private void answer(AiBotConnection connection, String reqId, String msgid, JsonObject record, String key) {
        AiBotReply reply =
                new AiBotReply(channel.vertx(), connection, pusher, options, reqId, record.getString("chatid"));
        inbound(msgid, record)
                .compose(message ->
                        message.text().isEmpty() && message.attachments().isEmpty()
                                ? Future.succeededFuture(cannedText(record))
                                : channel.turns()
                                        .handle(message, chunk -> {
                                            if (!crashed) {
                                                reply.append(chunk.delta());
                                            }
                                        })
                                        .map(turn -> turn.text()))
                .recover(e ->
                        Future.succeededFuture(e instanceof AiBotMedia.MediaException m ? mediaText(m) : FAILURE_TEXT))
                .compose(text -> crashed ? Future.failedFuture("crashed") : reply.finish(text))
                .onSuccess(v -> done(key))
                .onFailure(e -> failed(key, record, e));
    }

    /** Answers a message another member accepted and did not answer, by proactive pushes. */
    private void recover(String key, JsonObject record) {
        String msgid = key.substring(key.lastIndexOf(':') + 1);
        inbound(msgid, record)
                .compose(message ->
                        message.text().isEmpty() && message.attachments().isEmpty()
                                ? Future.succeededFuture(cannedText(record))
                                : channel.turns().handle(message, null).map(turn -> turn.text()))
                .recover(e ->
                        Future.succeededFuture(e instanceof AiBotMedia.MediaException m ? mediaText(m) : FAILURE_TEXT))
                .compose(text ->
                        crashed ? Future.failedFuture("crashed") : pusher.push(record.getString("chatid"), text))
                .onComplete(r -> recovering.remove(key))
                .onSuccess(v -> done(key))
                .onFailure(e -> failed(key, record, e));
    }

    private Future<InboundMessage> inbound(String msgid, JsonObject record) {
        String conversation = AiBotBindingType.TYPE + ":" + account.bindingId() + ":"
                + (record.getBoolean("group", false) ? "g:" : "u:") + record.getString("chatid");
        String text = record.getString("text", "");
        Future<List<Attachment>> attachments = !record.containsKey("imageUrl")
                ? Future.succeededFuture(List.of())
                : channel.apps()
                        .profile(account.appId())
                        .compose(profile -> acceptsImages(profile)
                                ? media.image(record.getString("imageUrl"), record.getString("aeskey"))
                                        .map(List::of)
                                : Future.failedFuture(new AiBotMedia.MediaException(settings.imageReply(), false)));
        return attachments.map(files -> new InboundMessage(
                AiBotBindingType.TYPE,
                account.appId(),
                conversation,
                record.getString("userid"),
                msgid,
                text,
                Map.of(),
                false,
                Instant.ofEpochMilli(record.getLong("acceptedAt", System.currentTimeMillis())),
                files));
    }

    private static boolean acceptsImages(AppProfile profile) {
        return profile != null && profile.acceptsImages();
    }

    private String mediaText(AiBotMedia.MediaException e) {
        if (e.tooLarge) {
            return MediaLimits.tooLarge(Attachment.Kind.IMAGE);
        }
        return e.getMessage().equals(settings.imageReply()) ? settings.imageReply() : IMAGE_FAILED;
    }

    private static String cannedText(JsonObject record) {
        return record.getBoolean("unsupported", false) ? FILE_REPLY : "…";
    }

    private void done(String key) {
        if (crashed) {
            return;
        }
        channel.durable()
                .put(key, DONE, options.dedupeTtl())
                .onFailure(e -> LOG.warn(
                        "wecom-aibot binding {}: answered message not marked done: {}",
                        account.bindingId(),
                        e.toString()));
    }

    /**
     * The answer may not have reached the user. When the connection went away, the record is released
     * for the connection's next holder; when WeCom refused it, trying again would not help.
     */
    private void failed(String key, JsonObject record, Throwable e) {
        if (crashed) {
            return;
        }
        if (e instanceof AiBotException bot && bot.connectionLost()) {
            LOG.info(
                    "wecom-aibot binding {}: connection lost mid-answer; the next holder answers", account.bindingId());
            JsonObject released = record.copy().put("member", RELEASED + memberId);
            channel.durable().put(key, PREFIX + released.encode(), options.dedupeTtl());
        } else {
            LOG.warn("wecom-aibot binding {}: answer not delivered: {}", account.bindingId(), e.toString());
            done(key);
        }
    }

    /** Looks for messages nobody is answering; called by the member holding the connection. */
    void scan() {
        if (crashed) {
            return;
        }
        channel.durable()
                .list("wecom-aibot-msg:" + account.bindingId() + ":", PREFIX, SCAN_LIMIT)
                .onSuccess(entries -> entries.forEach(this::consider))
                .onFailure(e -> LOG.debug(
                        "wecom-aibot binding {}: recovery scan failed: {}", account.bindingId(), e.toString()));
    }

    private void consider(DurableState.Entry entry) {
        JsonObject record;
        try {
            record = new JsonObject(entry.value().substring(PREFIX.length()));
        } catch (DecodeException e) {
            LOG.warn("wecom-aibot binding {}: unreadable in-flight record dropped", account.bindingId());
            done(entry.key());
            return;
        }
        String owner = record.getString("member", "");
        boolean released = owner.startsWith(RELEASED);
        long age = System.currentTimeMillis() - record.getLong("acceptedAt", 0L);
        if (recovering.contains(entry.key())
                || (!released
                        && (owner.equals(memberId)
                                || age < options.recoveryGrace().toMillis()))) {
            return;
        }
        int attempt = record.getInteger("attempt", 0);
        String claim = "wecom-aibot-recovered:" + entry.key().substring("wecom-aibot-msg:".length()) + ":" + attempt;
        Future<Boolean> ownerGone = released
                ? Future.succeededFuture(true)
                : channel.shared().get(heartbeatKey(owner)).map(beat -> beat == null);
        // Ours once claimed: should this member die too, the next holder finds it under our name.
        JsonObject ours = record.copy()
                .put("member", memberId)
                .put("attempt", attempt + 1)
                .put("acceptedAt", System.currentTimeMillis());
        ownerGone
                .compose(gone -> gone
                        ? channel.durable().putIfAbsent(claim, memberId, options.dedupeTtl())
                        : Future.succeededFuture(false))
                .compose(claimed -> claimed
                        ? channel.durable()
                                .put(entry.key(), PREFIX + ours.encode(), options.dedupeTtl())
                                .map(true)
                        : Future.succeededFuture(false))
                .onSuccess(recovered -> {
                    if (recovered && recovering.add(entry.key())) {
                        LOG.info(
                                "wecom-aibot binding {}: answering a message {} left unanswered",
                                account.bindingId(),
                                owner);
                        recover(entry.key(), ours);
                    }
                })
                .onFailure(e -> LOG.warn(
                        "wecom-aibot binding {}: message not recovered: {}", account.bindingId(), e.toString()));
    }

    /** As a killed process: nothing more is sent, marked done or released. */
    void crash() {
        crashed = true;
    }
}
