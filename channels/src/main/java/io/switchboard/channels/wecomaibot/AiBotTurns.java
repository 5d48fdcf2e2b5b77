package io.switchboard.channels.wecomaibot;

import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.spi.FixedTexts;
import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.spi.InboundMessage.Attachment;
import io.switchboard.channels.spi.MediaLimits;
import io.switchboard.channels.weixin.HolderRecovery;
import io.switchboard.channels.weixin.HolderRecovery.Claimed;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
    static final String DONE = HolderRecovery.DONE;
    static final String PREFIX = HolderRecovery.PREFIX;
    static final FixedTexts.Text FAILURE =
            new FixedTexts.Text("Sorry, something went wrong. Please try again.", "抱歉，出错了，请重试。");
    static final FixedTexts.Text FILE =
            new FixedTexts.Text("I can read text and pictures, not files.", "抱歉，暂不支持文件，请发送文字或图片。");
    static final FixedTexts.Text IMAGE_FAILED =
            new FixedTexts.Text("Sorry, I could not open that picture. Please send it again.", "抱歉，无法读取图片，请重发。");
    static final FixedTexts.Text IMAGE_NOT_TAKEN =
            new FixedTexts.Text(AiBotBindingType.DEFAULT_IMAGE_REPLY, "我目前只能读懂文字，请用文字描述这张图片。");
    /** Both languages: what an app without a reply language says to a file. */
    static final String FILE_REPLY = FILE.both();

    private static final String NOT_TAKEN = "the app takes no images";

    private final BoundAccount account;
    private final AiBotSettings settings;
    private final ChannelContext channel;
    private final WeComAiBotOptions options;
    private final AiBotMedia media;
    private final AiBotPusher pusher;
    private final HolderRecovery recovery;
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
        this.media = media;
        this.pusher = pusher;
        this.recovery = new HolderRecovery(
                "wecom-aibot",
                account.bindingId(),
                channel,
                memberId,
                options.recoveryGrace(),
                options.dedupeTtl(),
                AiBotTurns::heartbeatKey,
                this::recover);
    }

    static String heartbeatKey(String memberId) {
        return "wecom-aibot-member:" + memberId;
    }

    String messageKey(String msgid) {
        return recovery.key(msgid);
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
        JsonObject record = recovery.newRecord()
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
        AiBotReply reply = new AiBotReply(
                channel.vertx(), connection, delivery(key, record), options, reqId, record.getString("chatid"));
        channel.apps()
                .replyLanguage(account.appId())
                .compose(language -> inbound(msgid, record)
                        .compose(message -> message.text().isEmpty()
                                        && message.attachments().isEmpty()
                                ? Future.succeededFuture(cannedText(record, language))
                                : channel.turns()
                                        .handle(message, chunk -> {
                                            if (!crashed) {
                                                reply.append(chunk.delta());
                                            }
                                        })
                                        .map(turn -> turn.text()))
                        .recover(e -> Future.succeededFuture(fixedText(e, language, record))))
                .compose(text -> crashed ? Future.failedFuture("crashed") : reply.finish(text))
                .onSuccess(outcome -> settle(key, record, outcome))
                .onFailure(e -> failed(key, record, e));
    }

    /**
     * The delivery of one answer, journaling its plan in the message's record (kept in {@code record}
     * too, so that a release carries it to the next holder).
     */
    private AiBotDelivery delivery(String key, JsonObject record) {
        return new AiBotDelivery(pusher, options, plan -> {
            if (crashed) {
                return Future.failedFuture("crashed");
            }
            record.put("delivery", plan.json());
            return channel.durable().put(key, PREFIX + record.encode(), options.dedupeTtl());
        });
    }

    private void settle(String key, JsonObject record, AiBotDelivery.Outcome outcome) {
        if (outcome == AiBotDelivery.Outcome.UNCONFIRMED) {
            recovery.unconfirmed(key, record);
        } else {
            recovery.done(key);
        }
    }

    /** Answers a message another member accepted and did not answer, by proactive pushes. */
    private void recover(Claimed claimed) {
        String key = claimed.key();
        String msgid = claimed.msgid();
        JsonObject record = claimed.record();
        JsonObject plan = record.getJsonObject("delivery");
        if (plan != null) {
            // The answer was being delivered: resume its plan (the same req_id and stream id for an
            // unconfirmed finish frame) rather than answering again.
            Future.succeededFuture()
                    .compose(v -> crashed
                            ? Future.<AiBotDelivery.Outcome>failedFuture("crashed")
                            : delivery(key, record).run(AiBotDelivery.Plan.of(plan), true))
                    .onComplete(r -> recovery.finished(key))
                    .onSuccess(outcome -> settle(key, record, outcome))
                    .onFailure(e -> failed(key, record, e));
            return;
        }
        channel.apps()
                .replyLanguage(account.appId())
                .compose(language -> inbound(msgid, record)
                        .compose(message -> message.text().isEmpty()
                                        && message.attachments().isEmpty()
                                ? Future.succeededFuture(cannedText(record, language))
                                : channel.turns().handle(message, null).map(turn -> turn.text()))
                        .recover(e -> Future.succeededFuture(fixedText(e, language, record))))
                .compose(text ->
                        crashed ? Future.failedFuture("crashed") : pusher.push(record.getString("chatid"), text))
                .onComplete(r -> recovery.finished(key))
                .onSuccess(v -> recovery.done(key))
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
                                : Future.failedFuture(new AiBotMedia.MediaException(NOT_TAKEN, false)));
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

    /**
     * What the user is told instead of an answer, in the app's language, else the language of what they
     * wrote (both languages when neither tells; the binding's own {@code imageReply} when it has one).
     */
    private String fixedText(Throwable failure, String language, JsonObject record) {
        String userText = record.getString("text", "");
        if (!(failure instanceof AiBotMedia.MediaException e)) {
            return FAILURE.in(language, userText, FAILURE.both());
        }
        if (e.tooLarge) {
            FixedTexts.Text tooLarge = MediaLimits.tooLargeText(Attachment.Kind.IMAGE);
            return tooLarge.in(language, userText, tooLarge.both());
        }
        if (e.getMessage().equals(NOT_TAKEN)) {
            return IMAGE_NOT_TAKEN.orIn(settings.imageReply(), language, userText, IMAGE_NOT_TAKEN.english());
        }
        return IMAGE_FAILED.in(language, userText, IMAGE_FAILED.both());
    }

    private static String cannedText(JsonObject record, String language) {
        return record.getBoolean("unsupported", false) ? FILE.in(language, null, FILE_REPLY) : "…";
    }

    /**
     * The answer may not have reached the user. When the connection went away, the record is released
     * for the connection's next holder; when WeCom refused it, trying again would not help.
     */
    private void failed(String key, JsonObject record, Throwable e) {
        if (e instanceof AiBotException bot && bot.connectionLost()) {
            LOG.info(
                    "wecom-aibot binding {}: connection lost mid-answer; the next holder answers", account.bindingId());
            recovery.release(key, record);
        } else {
            LOG.warn("wecom-aibot binding {}: answer not delivered: {}", account.bindingId(), e.toString());
            recovery.done(key);
        }
    }

    /** Looks for messages nobody is answering; called by the member holding the connection. */
    void scan() {
        recovery.scan();
    }

    /** As a killed process: nothing more is sent, marked done or released. */
    void crash() {
        crashed = true;
        recovery.crash();
    }
}
