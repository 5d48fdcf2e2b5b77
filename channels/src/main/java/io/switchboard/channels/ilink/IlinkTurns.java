package io.switchboard.channels.ilink;

import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.spi.FixedTexts;
import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.spi.InboundMessage.Attachment;
import io.switchboard.channels.weixin.HolderRecovery;
import io.switchboard.channels.weixin.HolderRecovery.Claimed;
import io.switchboard.channels.weixin.MediaDownload;
import io.switchboard.channels.weixin.Utf8Split;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages to one personal-WeChat bot, answered exactly once. A message is claimed by one atomic
 * durable write under {@code wechat-ilink-msg:<binding>:<message_id>} holding its in-flight record (the
 * sender, the text and the message's {@code context_token}, which every reply must carry); the answer
 * goes out with {@code sendmessage} in parts, in order, with "typing…" shown while the model works;
 * then the record becomes {@link #DONE}. A record left by a dead member (no heartbeat for the recovery
 * grace) or released after a failed send is claimed once by the poller's holder and answered.
 */
final class IlinkTurns {
    private static final Logger LOG = LoggerFactory.getLogger(IlinkTurns.class);
    static final String DONE = HolderRecovery.DONE;
    static final FixedTexts.Text TEXT_ONLY_TEXT =
            new FixedTexts.Text("Sorry, I can only read text for now.", "抱歉，目前只能处理文字消息。");
    static final FixedTexts.Text FAILURE =
            new FixedTexts.Text("Sorry, something went wrong. Please try again.", "抱歉，出错了，请重试。");
    /** Both languages: what an app without a reply language says to a message without text. */
    static final String TEXT_ONLY = TEXT_ONLY_TEXT.both();
    /** message_type of a user's message (2 is the bot's own). */
    private static final int USER_MESSAGE = 1;

    private final BoundAccount account;
    private final ChannelContext channel;
    private final WeChatIlinkOptions options;
    private final IlinkApi api;
    private final IlinkMedia media;
    private final HolderRecovery recovery;
    private volatile boolean crashed;

    IlinkTurns(
            BoundAccount account,
            ChannelContext channel,
            WeChatIlinkOptions options,
            String memberId,
            IlinkApi api,
            IlinkMedia media) {
        this.account = account;
        this.channel = channel;
        this.options = options;
        this.api = api;
        this.media = media;
        this.recovery = new HolderRecovery(
                "wechat-ilink",
                account.bindingId(),
                channel,
                memberId,
                options.recoveryGrace(),
                options.dedupeTtl(),
                IlinkTurns::heartbeatKey,
                this::answer);
    }

    static String heartbeatKey(String memberId) {
        return "wechat-ilink-member:" + memberId;
    }

    /** Claims every customer message of a batch, in order; completes once all claims are durable. */
    Future<List<Claimed>> claimAll(List<JsonObject> messages) {
        return HolderRecovery.claimAll(messages, this::claim);
    }

    private Future<Claimed> claim(JsonObject message) {
        String msgid = message.getValue("message_id") == null
                ? ""
                : message.getValue("message_id").toString();
        String user = message.getString("from_user_id", "");
        String context = message.getString("context_token", "");
        if (message.getInteger("message_type", 0) != USER_MESSAGE
                || msgid.isEmpty()
                || user.isEmpty()
                || context.isEmpty()) {
            return Future.succeededFuture(null);
        }
        StringBuilder text = new StringBuilder();
        boolean other = false;
        JsonObject media = null;
        io.vertx.core.json.JsonArray items = message.getJsonArray("item_list", new io.vertx.core.json.JsonArray());
        for (int i = 0; i < items.size(); i++) {
            JsonObject item = items.getJsonObject(i);
            switch (item.getInteger("type", 0)) {
                case 1 ->
                    text.append(text.isEmpty() ? "" : "\n")
                            .append(item.getJsonObject("text_item", new JsonObject())
                                    .getString("text", ""));
                case 2 -> {
                    JsonObject image = item.getJsonObject("image_item", new JsonObject());
                    if (media == null) {
                        media = IlinkMedia.reference("image", image, image.getString("aeskey"));
                    }
                    other |= media == null;
                }
                case 3 -> {
                    // A voice message the platform transcribed is answered like text; else its audio.
                    JsonObject voice = item.getJsonObject("voice_item", new JsonObject());
                    String said = voice.getString("text", "");
                    if (!said.isBlank()) {
                        text.append(text.isEmpty() ? "" : "\n").append(said);
                    } else if (media == null) {
                        media = IlinkMedia.reference("voice", voice, null);
                        if (media != null) {
                            // How the audio is encoded (6 = SILK, as most are), for its media type.
                            media.put("encodeType", voice.getInteger("encode_type", 0))
                                    .put("sampleRate", voice.getInteger("sample_rate", 0))
                                    .put("bitsPerSample", voice.getInteger("bits_per_sample", 0));
                        }
                        other |= media == null;
                    }
                }
                default -> other = true;
            }
        }
        JsonObject record = recovery.newRecord()
                .put("user", user)
                .put("context", context)
                .put("group", message.getString("group_id", ""))
                .put("text", text.toString().strip())
                .put("other", other);
        if (media != null) {
            record.put("media", media);
        }
        return recovery.claim(msgid, record);
    }

    /** Runs the turn (showing "typing…") and sends the answer; called after the cursor was committed. */
    void answer(Claimed claimed) {
        JsonObject record = claimed.record();
        String user = record.getString("user");
        String context = record.getString("context");
        Future<String> text;
        Future<Void> typingShown = Future.succeededFuture();
        JsonObject media = record.getJsonObject("media");
        if (media == null && record.getString("text", "").isBlank()) {
            text = channel.apps()
                    .replyLanguage(account.appId())
                    .map(language -> TEXT_ONLY_TEXT.in(language, null, TEXT_ONLY));
        } else {
            typingShown = api.typing(user, context, 1)
                    .onFailure(e -> LOG.debug("typing not shown: {}", e.getMessage()))
                    .otherwiseEmpty();
            if (media != null) {
                Attachment.Kind kind =
                        "image".equals(media.getString("kind")) ? Attachment.Kind.IMAGE : Attachment.Kind.AUDIO;
                text = MediaDownload.turn(
                        channel,
                        account.appId(),
                        kind,
                        () -> this.media.download(media, kind),
                        files -> inbound(claimed.msgid(), record, files),
                        TEXT_ONLY_TEXT,
                        FAILURE);
            } else {
                text = channel.turns()
                        .handle(inbound(claimed.msgid(), record, List.of()), null)
                        .map(reply -> reply.text())
                        .recover(e -> failure(record.getString("text", "")));
            }
        }
        Future<Void> shown = typingShown;
        text.compose(answer -> crashed ? Future.failedFuture("crashed") : send(record, answer))
                .onComplete(r -> recovery.finished(claimed.key()))
                .onSuccess(v -> {
                    // Cleared only once shown: two requests in flight could reach WeChat in either order.
                    shown.onComplete(ignored -> api.typing(user, context, 2)
                            .onFailure(e -> LOG.debug("typing not cleared: {}", e.getMessage())));
                    recovery.done(claimed.key());
                })
                .onFailure(e -> failed(claimed.key(), record, e));
    }

    /** The failure reply in the app's language, else the language of what the user wrote. */
    private Future<String> failure(String userText) {
        return channel.apps()
                .replyLanguage(account.appId())
                .map(language -> FAILURE.in(language, userText, FAILURE.both()));
    }

    private InboundMessage inbound(String msgid, JsonObject record, List<Attachment> files) {
        String group = record.getString("group", "");
        String conversation = IlinkBindingType.TYPE + ":" + account.bindingId() + ":"
                + (group.isEmpty() ? "u:" + record.getString("user") : "g:" + group);
        return new InboundMessage(
                IlinkBindingType.TYPE,
                account.appId(),
                conversation,
                record.getString("user"),
                msgid,
                record.getString("text"),
                Map.of(),
                false,
                Instant.ofEpochMilli(record.getLong("acceptedAt", System.currentTimeMillis())),
                files);
    }

    private Future<Void> send(JsonObject record, String answer) {
        Future<Void> chain = Future.succeededFuture();
        for (String part : Utf8Split.split(answer, options.partBytes())) {
            chain = chain.compose(v -> slot(record.getString("user")))
                    .compose(v -> crashed
                            ? Future.failedFuture("crashed")
                            : api.sendText(record.getString("user"), record.getString("context"), part)
                                    .mapEmpty());
        }
        return chain;
    }

    /**
     * One send slot on the bot's cluster-wide schedule: the user's lane ({@code userInterval}) and the
     * bot's rate ({@code botMessagesPerSecond}), booked atomically in shared state, so that every member
     * together keeps the pace whichever of them answers.
     */
    private Future<Void> slot(String user) {
        long now = System.currentTimeMillis();
        long botInterval = Math.max(1, 1000L / options.botMessagesPerSecond());
        // Lane names may not hold , | or =; user ids are opaque, so hash them.
        String lane = "user-" + Integer.toHexString(user.hashCode());
        return channel.shared()
                .book(
                        "wechat-ilink-send:" + account.bindingId(),
                        Map.of(lane, options.userInterval().toMillis()),
                        botInterval,
                        now)
                .compose(at -> {
                    long wait = at - System.currentTimeMillis();
                    return wait <= 0
                            ? Future.succeededFuture()
                            : Future.future(p -> channel.vertx().setTimer(wait, t -> p.complete()));
                });
    }

    private void failed(String key, JsonObject record, Throwable e) {
        if (e instanceof IlinkException failure && (failure.transientFailure() || failure.sessionExpired())) {
            LOG.info(
                    "wechat-ilink binding {}: answer not sent ({}); released for another try",
                    account.bindingId(),
                    e.getMessage());
            recovery.release(key, record);
        } else {
            LOG.warn("wechat-ilink binding {}: answer refused: {}", account.bindingId(), e.getMessage());
            recovery.done(key);
        }
    }

    /** Looks for claimed messages nobody is answering; called by the poller's holder. */
    void scan() {
        recovery.scan();
    }

    void crash() {
        crashed = true;
        recovery.crash();
    }
}
