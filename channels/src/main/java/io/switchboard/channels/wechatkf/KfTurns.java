package io.switchboard.channels.wechatkf;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Customer messages of one account, answered exactly once. A message is claimed by one atomic durable
 * write under {@code wechat-kf-msg:<binding>:<msgid>} holding its in-flight record; the answer goes out
 * with {@code send_msg} in parts of at most 2047 bytes, in order, at most {@link #WINDOW} of them (the
 * session window allows 5 messages within 48 h of the customer's message); then the record becomes
 * {@link #DONE}. A record left by a dead member (no heartbeat for the recovery grace) or released by one
 * whose send failed on the way is claimed once by the poller's holder and answered.
 */
final class KfTurns {
    private static final Logger LOG = LoggerFactory.getLogger(KfTurns.class);
    static final String DONE = HolderRecovery.DONE;
    static final int PART_BYTES = 2047;
    static final int WINDOW = 5;
    static final FixedTexts.Text TEXT_ONLY_TEXT =
            new FixedTexts.Text("Sorry, I can only read text for now.", "抱歉，目前只能处理文字消息。");
    static final FixedTexts.Text FAILURE =
            new FixedTexts.Text("Sorry, something went wrong. Please try again.", "抱歉，出错了，请重试。");
    /** Both languages: what an app without a reply language says to a message without text. */
    static final String TEXT_ONLY = TEXT_ONLY_TEXT.both();
    /** A customer's message (origin 3); 4 is a system event, 5 a human servicer's message. */
    private static final int ORIGIN_CUSTOMER = 3;

    private final BoundAccount account;
    private final ChannelContext channel;
    private final WeChatKfOptions options;
    private final KfApi api;
    private final HolderRecovery recovery;
    private volatile boolean crashed;

    KfTurns(BoundAccount account, ChannelContext channel, WeChatKfOptions options, String memberId, KfApi api) {
        this.account = account;
        this.channel = channel;
        this.options = options;
        this.api = api;
        this.recovery = new HolderRecovery(
                "wechat-kf",
                account.bindingId(),
                channel,
                memberId,
                options.recoveryGrace(),
                options.dedupeTtl(),
                KfTurns::heartbeatKey,
                this::answer);
    }

    static String heartbeatKey(String memberId) {
        return "wechat-kf-member:" + memberId;
    }

    /** Claims every customer message of a batch, in order; completes once all claims are durable. */
    Future<List<Claimed>> claimAll(List<JsonObject> messages) {
        return HolderRecovery.claimAll(messages, this::claim);
    }

    private Future<Claimed> claim(JsonObject message) {
        String msgid = message.getString("msgid", "");
        String user = message.getString("external_userid", "");
        if (message.getInteger("origin", 0) != ORIGIN_CUSTOMER || msgid.isEmpty() || user.isEmpty()) {
            return Future.succeededFuture(null);
        }
        String msgtype = message.getString("msgtype", "");
        JsonObject record = recovery.newRecord()
                .put("openKfId", message.getString("open_kfid", ""))
                .put("user", user)
                .put("msgtype", msgtype)
                .put(
                        "text",
                        "text".equals(msgtype)
                                ? message.getJsonObject("text", new JsonObject())
                                        .getString("content", "")
                                : "");
        if ("image".equals(msgtype) || "voice".equals(msgtype)) {
            String mediaId = message.getJsonObject(msgtype, new JsonObject()).getString("media_id", "");
            if (!mediaId.isEmpty()) {
                record.put("mediaId", mediaId);
            }
        }
        return recovery.claim(msgid, record);
    }

    /** Runs the turn and sends the answer; called after the batch's cursor was committed. */
    void answer(Claimed claimed) {
        JsonObject record = claimed.record();
        Future<String> text;
        if (record.containsKey("mediaId")) {
            Attachment.Kind kind =
                    "image".equals(record.getString("msgtype")) ? Attachment.Kind.IMAGE : Attachment.Kind.AUDIO;
            text = MediaDownload.turn(
                    channel,
                    account.appId(),
                    kind,
                    () -> api.media(
                            record.getString("mediaId"),
                            kind,
                            options.mediaLimits().max(kind)),
                    files -> inbound(claimed.msgid(), record, files),
                    TEXT_ONLY_TEXT,
                    FAILURE);
        } else if (record.getString("text", "").isBlank()) {
            text = channel.apps()
                    .replyLanguage(account.appId())
                    .map(language -> TEXT_ONLY_TEXT.in(language, null, TEXT_ONLY));
        } else {
            text = channel.turns()
                    .handle(inbound(claimed.msgid(), record, List.of()), null)
                    .map(reply -> reply.text())
                    .recover(e -> failure(record.getString("text", "")));
        }
        text.compose(answer -> crashed ? Future.failedFuture("crashed") : send(record, answer))
                .onComplete(r -> recovery.finished(claimed.key()))
                .onSuccess(v -> recovery.done(claimed.key()))
                .onFailure(e -> failed(claimed.key(), record, e));
    }

    /** The failure reply in the app's language, else the language of what the user wrote. */
    private Future<String> failure(String userText) {
        return channel.apps()
                .replyLanguage(account.appId())
                .map(language -> FAILURE.in(language, userText, FAILURE.both()));
    }

    private InboundMessage inbound(String msgid, JsonObject record, List<Attachment> files) {
        String conversation = KfBindingType.TYPE + ":" + account.bindingId() + ":" + record.getString("openKfId") + ":"
                + record.getString("user");
        return new InboundMessage(
                KfBindingType.TYPE,
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

    /** The answer in parts, in order, within the window: a longer one ends its last part with "…". */
    static List<String> parts(String answer) {
        List<String> parts = Utf8Split.split(answer, PART_BYTES);
        if (parts.size() <= WINDOW) {
            return parts;
        }
        List<String> kept = new ArrayList<>(parts.subList(0, WINDOW - 1));
        kept.add(Utf8Split.split(parts.get(WINDOW - 1), PART_BYTES - 4).getFirst() + "…");
        return kept;
    }

    private Future<Void> send(JsonObject record, String answer) {
        Future<Void> chain = Future.succeededFuture();
        for (String part : parts(answer)) {
            chain = chain.compose(v -> slot())
                    .compose(v -> crashed
                            ? Future.failedFuture("crashed")
                            : api.sendText(record.getString("openKfId"), record.getString("user"), part)
                                    .mapEmpty());
        }
        return chain;
    }

    /** One send slot on the account's cluster-wide schedule. */
    private Future<Void> slot() {
        long interval = options.sendInterval().toMillis();
        if (interval == 0) {
            return Future.succeededFuture();
        }
        return channel.shared()
                .book("wechat-kf-send:" + account.bindingId(), Map.of(), interval, System.currentTimeMillis())
                .compose(at -> {
                    long wait = at - System.currentTimeMillis();
                    return wait <= 0
                            ? Future.succeededFuture()
                            : Future.future(p -> channel.vertx().setTimer(wait, t -> p.complete()));
                });
    }

    private void failed(String key, JsonObject record, Throwable e) {
        if (e instanceof KfException kf && kf.transientFailure()) {
            LOG.info(
                    "wechat-kf binding {}: answer not sent ({}); released for another try",
                    account.bindingId(),
                    e.getMessage());
            recovery.release(key, record);
        } else {
            LOG.warn("wechat-kf binding {}: answer refused: {}", account.bindingId(), e.getMessage());
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
