package io.switchboard.channels.weixin;

import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.spi.DurableState;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-flight records of one binding of a lease-holding channel (WeCom AI bot, WeChat customer
 * service, iLink) and their recovery by the member holding the binding's lease. A message is claimed
 * by one atomic durable write under {@code <kind>-msg:<binding>:<msgid>} holding {@link #PREFIX} + its
 * record (JSON with at least {@code member}, {@code attempt}, {@code acceptedAt}); once answered the
 * value becomes {@link #DONE}. A record whose member died (no heartbeat in shared state for the grace)
 * or was {@link #release released} after a failed send is claimed once per attempt ({@code
 * <kind>-recovered:<binding>:<msgid>:<attempt>}, a durable {@code putIfAbsent}), taken over under this
 * member's name (should it die too, the next holder finds it) and handed to the channel's answer.
 */
public final class HolderRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(HolderRecovery.class);
    public static final String DONE = "1";
    public static final String PREFIX = "inflight:";
    public static final String UNCONFIRMED = "unconfirmed:";
    private static final String RELEASED = "released:";
    private static final int SCAN_LIMIT = 200;

    /** A record this member holds: claimed fresh or recovered. */
    public record Claimed(String key, String msgid, JsonObject record) {}

    private final String kind;
    private final String bindingId;
    private final ChannelContext channel;
    private final String memberId;
    private final Duration grace;
    private final Duration ttl;
    private final Function<String, String> heartbeatKey;
    private final Consumer<Claimed> answer;
    private final Set<String> recovering = ConcurrentHashMap.newKeySet();
    private volatile boolean crashed;

    /**
     * @param kind the key prefix of the channel, e.g. {@code wechat-kf}
     * @param heartbeatKey a member's heartbeat key in shared state, by member id
     * @param answer answers a recovered record; must call {@link #finished} when it is over
     */
    public HolderRecovery(
            String kind,
            String bindingId,
            ChannelContext channel,
            String memberId,
            Duration grace,
            Duration ttl,
            Function<String, String> heartbeatKey,
            Consumer<Claimed> answer) {
        this.kind = kind;
        this.bindingId = bindingId;
        this.channel = channel;
        this.memberId = memberId;
        this.grace = grace;
        this.ttl = ttl;
        this.heartbeatKey = heartbeatKey;
        this.answer = answer;
    }

    /** The durable key of a message's record. */
    public String key(String msgid) {
        return prefix() + msgid;
    }

    private String prefix() {
        return kind + "-msg:" + bindingId + ":";
    }

    /** A fresh record owned by this member, to be completed with what the channel needs. */
    public JsonObject newRecord() {
        return new JsonObject().put("member", memberId).put("attempt", 0).put("acceptedAt", System.currentTimeMillis());
    }

    /** Claims a message: its record stored only if no member claimed it before. Null when taken. */
    public Future<Claimed> claim(String msgid, JsonObject record) {
        String key = key(msgid);
        return channel.durable()
                .putIfAbsent(key, PREFIX + record.encode(), ttl)
                .map(mine -> mine ? new Claimed(key, msgid, record) : null);
    }

    /** Claims every message of a batch, in order; completes once every claim is durable. */
    public static <M> Future<List<Claimed>> claimAll(List<M> messages, Function<M, Future<Claimed>> claim) {
        Future<List<Claimed>> chain = Future.succeededFuture(new ArrayList<>());
        for (M message : messages) {
            chain = chain.compose(claimed -> claim.apply(message).map(mine -> {
                if (mine != null) {
                    claimed.add(mine);
                }
                return claimed;
            }));
        }
        return chain;
    }

    /** The answer was delivered (or can never be): the record becomes {@link #DONE}. */
    public void done(String key) {
        if (crashed) {
            return;
        }
        channel.durable()
                .put(key, DONE, ttl)
                .onFailure(e ->
                        LOG.warn("{} binding {}: answered message not marked done: {}", kind, bindingId, e.toString()));
    }

    /**
     * The answer's fate is unknown and was not risked twice (at most once): the record keeps what was
     * known under {@link #UNCONFIRMED}, which no scan considers again and which still drops a repeated
     * message id.
     */
    public void unconfirmed(String key, JsonObject record) {
        if (crashed) {
            return;
        }
        channel.durable()
                .put(key, UNCONFIRMED + record.encode(), ttl)
                .onFailure(e -> LOG.warn("{} binding {}: record not settled: {}", kind, bindingId, e.toString()));
    }

    /** The answer could not go out for now: the next scan of the holder answers it, without the grace. */
    public void release(String key, JsonObject record) {
        if (crashed) {
            return;
        }
        channel.durable()
                .put(
                        key,
                        PREFIX
                                + record.copy()
                                        .put("member", RELEASED + memberId)
                                        .encode(),
                        ttl)
                .onFailure(e -> LOG.warn("{} binding {}: record not released: {}", kind, bindingId, e.toString()));
    }

    /** A recovered answer is over (delivered or not): the record may be considered again. */
    public void finished(String key) {
        recovering.remove(key);
    }

    /** Looks for records nobody is answering; called by the lease's holder. */
    public void scan() {
        if (crashed) {
            return;
        }
        channel.durable()
                .list(prefix(), PREFIX, SCAN_LIMIT)
                .onSuccess(entries -> entries.forEach(this::consider))
                .onFailure(e -> LOG.debug("{} binding {}: recovery scan failed: {}", kind, bindingId, e.toString()));
    }

    private void consider(DurableState.Entry entry) {
        JsonObject record;
        try {
            record = new JsonObject(entry.value().substring(PREFIX.length()));
        } catch (DecodeException e) {
            LOG.warn("{} binding {}: unreadable in-flight record dropped", kind, bindingId);
            done(entry.key());
            return;
        }
        String owner = record.getString("member", "");
        boolean released = owner.startsWith(RELEASED);
        long age = System.currentTimeMillis() - record.getLong("acceptedAt", 0L);
        if (recovering.contains(entry.key()) || (!released && (owner.equals(memberId) || age < grace.toMillis()))) {
            return;
        }
        int attempt = record.getInteger("attempt", 0);
        String msgid = entry.key().substring(prefix().length());
        String claim = kind + "-recovered:" + bindingId + ":" + msgid + ":" + attempt;
        JsonObject ours = record.copy()
                .put("member", memberId)
                .put("attempt", attempt + 1)
                .put("acceptedAt", System.currentTimeMillis());
        Future<Boolean> ownerGone = released
                ? Future.succeededFuture(true)
                : channel.shared().get(heartbeatKey.apply(owner)).map(beat -> beat == null);
        ownerGone
                .compose(gone ->
                        gone ? channel.durable().putIfAbsent(claim, memberId, ttl) : Future.succeededFuture(false))
                .compose(claimed -> claimed
                        ? channel.durable()
                                .put(entry.key(), PREFIX + ours.encode(), ttl)
                                .map(true)
                        : Future.succeededFuture(false))
                .onSuccess(recovered -> {
                    if (recovered && !crashed && recovering.add(entry.key())) {
                        LOG.info("{} binding {}: answering a message {} left unanswered", kind, bindingId, owner);
                        answer.accept(new Claimed(entry.key(), msgid, ours));
                    }
                })
                .onFailure(e -> LOG.warn("{} binding {}: message not recovered: {}", kind, bindingId, e.toString()));
    }

    /** As a killed process: nothing more is marked done, released or recovered. */
    public void crash() {
        crashed = true;
    }

    public boolean crashed() {
        return crashed;
    }
}
