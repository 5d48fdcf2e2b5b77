package io.switchboard.channels.ilink;

import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.spi.DurableState;
import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.weixin.Utf8Split;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    static final String DONE = "1";
    static final String PREFIX = "inflight:";
    static final String TEXT_ONLY = "Sorry, I can only read text and voice for now. 抱歉，目前只能处理文字和语音消息。";
    static final String FAILURE_TEXT = "Sorry, something went wrong. Please try again. 抱歉，出错了，请重试。";
    private static final String RELEASED = "released:";
    /** message_type of a user's message (2 is the bot's own). */
    private static final int USER_MESSAGE = 1;

    /** A message this member claimed. */
    record Claimed(String key, String msgid, JsonObject record) {}

    private final BoundAccount account;
    private final ChannelContext channel;
    private final WeChatIlinkOptions options;
    private final String memberId;
    private final IlinkApi api;
    private final Set<String> recovering = ConcurrentHashMap.newKeySet();
    private volatile boolean crashed;

    IlinkTurns(
            BoundAccount account, ChannelContext channel, WeChatIlinkOptions options, String memberId, IlinkApi api) {
        this.account = account;
        this.channel = channel;
        this.options = options;
        this.memberId = memberId;
        this.api = api;
    }

    static String heartbeatKey(String memberId) {
        return "wechat-ilink-member:" + memberId;
    }

    private String prefix() {
        return "wechat-ilink-msg:" + account.bindingId() + ":";
    }

    /** Claims every customer message of a batch, in order; completes once all claims are durable. */
    Future<List<Claimed>> claimAll(List<JsonObject> messages) {
        Future<List<Claimed>> chain = Future.succeededFuture(new ArrayList<>());
        for (JsonObject message : messages) {
            chain = chain.compose(claimed -> claim(message).map(mine -> {
                if (mine != null) {
                    claimed.add(mine);
                }
                return claimed;
            }));
        }
        return chain;
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
        io.vertx.core.json.JsonArray items = message.getJsonArray("item_list", new io.vertx.core.json.JsonArray());
        for (int i = 0; i < items.size(); i++) {
            JsonObject item = items.getJsonObject(i);
            switch (item.getInteger("type", 0)) {
                case 1 ->
                    text.append(text.isEmpty() ? "" : "\n")
                            .append(item.getJsonObject("text_item", new JsonObject())
                                    .getString("text", ""));
                case 3 ->
                    text.append(text.isEmpty() ? "" : "\n")
                            .append(item.getJsonObject("voice_item", new JsonObject())
                                    .getString("text", ""));
                default -> other = true;
            }
        }
        JsonObject record = new JsonObject()
                .put("member", memberId)
                .put("attempt", 0)
                .put("acceptedAt", System.currentTimeMillis())
                .put("user", user)
                .put("context", context)
                .put("group", message.getString("group_id", ""))
                .put("text", text.toString().strip())
                .put("other", other);
        String key = prefix() + msgid;
        return channel.durable()
                .putIfAbsent(key, PREFIX + record.encode(), options.dedupeTtl())
                .map(mine -> mine ? new Claimed(key, msgid, record) : null);
    }

    /** Runs the turn (showing "typing…") and sends the answer; called after the cursor was committed. */
    void answer(Claimed claimed) {
        JsonObject record = claimed.record();
        String user = record.getString("user");
        String context = record.getString("context");
        Future<String> text;
        Future<Void> typingShown = Future.succeededFuture();
        if (record.getString("text", "").isBlank()) {
            text = Future.succeededFuture(TEXT_ONLY);
        } else {
            typingShown = api.typing(user, context, 1)
                    .onFailure(e -> LOG.debug("typing not shown: {}", e.getMessage()))
                    .otherwiseEmpty();
            text = channel.turns()
                    .handle(inbound(claimed.msgid(), record), null)
                    .map(reply -> reply.text())
                    .recover(e -> Future.succeededFuture(FAILURE_TEXT));
        }
        Future<Void> shown = typingShown;
        text.compose(answer -> crashed ? Future.failedFuture("crashed") : send(record, answer))
                .onComplete(r -> recovering.remove(claimed.key()))
                .onSuccess(v -> {
                    // Cleared only once shown: two requests in flight could reach WeChat in either order.
                    shown.onComplete(ignored -> api.typing(user, context, 2)
                            .onFailure(e -> LOG.debug("typing not cleared: {}", e.getMessage())));
                    done(claimed.key());
                })
                .onFailure(e -> failed(claimed.key(), record, e));
    }

    private InboundMessage inbound(String msgid, JsonObject record) {
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
                List.of());
    }

    private Future<Void> send(JsonObject record, String answer) {
        Future<Void> chain = Future.succeededFuture();
        for (String part : Utf8Split.split(answer, options.partBytes())) {
            chain = chain.compose(v -> crashed
                    ? Future.failedFuture("crashed")
                    : api.sendText(record.getString("user"), record.getString("context"), part)
                            .mapEmpty());
        }
        return chain;
    }

    private void done(String key) {
        if (!crashed) {
            channel.durable()
                    .put(key, DONE, options.dedupeTtl())
                    .onFailure(e -> LOG.warn(
                            "wechat-ilink binding {}: answered message not marked done: {}",
                            account.bindingId(),
                            e.toString()));
        }
    }

    private void failed(String key, JsonObject record, Throwable e) {
        if (crashed) {
            return;
        }
        if (e instanceof IlinkException kf && (kf.transientFailure() || kf.sessionExpired())) {
            LOG.info(
                    "wechat-ilink binding {}: answer not sent ({}); released for another try",
                    account.bindingId(),
                    kf.getMessage());
            JsonObject released = record.copy().put("member", RELEASED + memberId);
            channel.durable().put(key, PREFIX + released.encode(), options.dedupeTtl());
        } else {
            LOG.warn("wechat-ilink binding {}: answer refused: {}", account.bindingId(), e.getMessage());
            done(key);
        }
    }

    /** Looks for claimed messages nobody is answering; called by the poller's holder. */
    void scan() {
        if (crashed) {
            return;
        }
        channel.durable()
                .list(prefix(), PREFIX, 200)
                .onSuccess(entries -> entries.forEach(this::consider))
                .onFailure(e -> LOG.debug(
                        "wechat-ilink binding {}: recovery scan failed: {}", account.bindingId(), e.toString()));
    }

    private void consider(DurableState.Entry entry) {
        JsonObject record;
        try {
            record = new JsonObject(entry.value().substring(PREFIX.length()));
        } catch (DecodeException e) {
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
        String claim = "wechat-ilink-recovered:" + entry.key().substring("wechat-ilink-msg:".length()) + ":" + attempt;
        JsonObject ours = record.copy()
                .put("member", memberId)
                .put("attempt", attempt + 1)
                .put("acceptedAt", System.currentTimeMillis());
        Future<Boolean> ownerGone = released
                ? Future.succeededFuture(true)
                : channel.shared().get(heartbeatKey(owner)).map(beat -> beat == null);
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
                                "wechat-ilink binding {}: answering a message {} left unanswered",
                                account.bindingId(),
                                owner);
                        answer(new Claimed(entry.key(), entry.key().substring(prefix().length()), ours));
                    }
                })
                .onFailure(e -> LOG.warn(
                        "wechat-ilink binding {}: message not recovered: {}", account.bindingId(), e.toString()));
    }

    void crash() {
        crashed = true;
    }
}
