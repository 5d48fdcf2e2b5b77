package io.switchboard.channels.weixin;

import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.spi.DurableState;
import io.switchboard.channels.spi.UnconfirmedAnswers;
import io.switchboard.threads.EventLoop;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepted messages not answered yet, kept durably so that a member's death does not lose them — the
 * design of the Telegram channel's in-flight updates. When a member claims a message it writes an
 * in-flight record if none exists ({@link #claim}: the record decides who answers) ({@code inflight:} + JSON: the member, when, and what the channel needs to answer
 * it again) under {@code <kind>-inflight:<binding>:<dedupe id>}, journals the answer in it just before each
 * part is sent ({@link #sending}: the send-then-crash window) and overwrites it with {@link #DONE} once
 * the answer is delivered: two database writes per message plus one per part sent. A record found with
 * a part in flight is resumed after that part, which is never sent again (at most once: it is settled as
 * {@link #UNCONFIRMED}, with a warning and a count in {@link UnconfirmedAnswers}). Every member says it is alive in
 * shared state every quarter grace; the member holding the channel's recovery lease looks every half
 * grace for records older than the grace whose member is silent, claims each once (per dead member),
 * takes the record over under its own name (should it die too, the next one finds it) and hands it to
 * {@link Recovery}, which answers through the platform's send API.
 */
public final class InflightTurns {
    private static final Logger LOG = LoggerFactory.getLogger(InflightTurns.class);
    static final String DONE = "1";
    static final String PREFIX = "inflight:";
    /** A record whose answer had a part in flight when its member died: that part is never sent again. */
    public static final String UNCONFIRMED = "unconfirmed:";
    /** The store's longest value (V10): an answer too long to journal is journaled without its text. */
    private static final int MAX_RECORD = 100_000;

    private static final int SCAN_LIMIT = 200;

    /** Answers a message another member accepted and did not answer; runs on a virtual thread. */
    @FunctionalInterface
    public interface Recovery {
        /**
         * @param message what {@link #claim} was given
         * @param journal null when the dead member never began to send (answer afresh); else its answer
         *     and the part that was in flight: parts before it arrived, that one may or may not have, and
         *     it must not be sent again; the parts after it never left
         */
        void answer(String bindingId, String dedupeId, JsonObject message, Journal journal);
    }

    /**
     * What a member wrote just before sending a part of its answer.
     *
     * @param answer the whole answer, or null when it was too long to journal (then nothing more is sent)
     * @param part the index of the part being sent
     */
    public record Journal(String answer, int part) {}

    private final String kind;
    private final String member;
    private final ChannelContext channel;
    private final Context context;
    private final Duration grace;
    private final Duration ttl;
    private final Clock clock;
    private final VirtualThreads threads;
    private final Recovery recovery;
    private volatile long scanTimer = -1;
    private volatile long beatTimer = -1;
    /** Set by {@link #crash}: a killed process writes nothing more. */
    private volatile boolean crashed;

    private InflightTurns(Builder builder) {
        this.kind = builder.kind;
        this.member = builder.member;
        this.channel = builder.channel;
        this.context = channel.vertx().getOrCreateContext();
        this.grace = builder.grace;
        this.ttl = builder.ttl;
        this.clock = builder.clock;
        this.threads = builder.threads;
        this.recovery = builder.recovery;
    }

    /**
     * @param kind the channel's key prefix ({@code wx}, {@code wc})
     * @param ttl how long a record is kept (the channel's dedupe ttl: a message is not redelivered later)
     */
    public static Builder builder(String kind, String member, ChannelContext channel, Duration grace, Duration ttl) {
        return new Builder(kind, member, channel, grace, ttl);
    }

    /**
     * Claims a message durably: writes its in-flight record unless one exists; blocking (one database
     * write). This record, not the cheaper claim in shared state, decides which member answers: a member
     * killed between its shared claim and this write leaves the shared claim behind (it lives on in the
     * cluster's backups) with no record to recover from, and the platform's redelivery to another member,
     * which the shared claim calls a repeat, must then be answered there.
     *
     * @return true when this member wrote the record and answers the message; false when a record exists
     *     (a repeat, or another member's claim won); null when the database could not be asked (then the
     *     shared claim decides, and only the recovery after a crash of this member is lost)
     */
    public Boolean claim(EventLoop eventLoop, String bindingId, String dedupeId, JsonObject message) {
        String record = PREFIX
                + new JsonObject()
                        .put("member", member)
                        .put("acceptedAt", clock.millis())
                        .put("message", message)
                        .encode();
        try {
            return eventLoop.call(() -> channel.durable().putIfAbsent(key(bindingId, dedupeId), record, ttl));
        } catch (RuntimeException e) {
            LOG.warn("{} binding {}: in-flight record not written: {}", kind, bindingId, e.toString());
            return null;
        }
    }

    /**
     * Journals the answer just before part {@code part} goes to the platform: the in-flight record keeps
     * the message, gains the answer and the part's index; blocking until the database has it (one write
     * per part). A member recovering the record then resumes after that part instead of answering again
     * ({@link Recovery}). A failed write is logged and the part sent anyway (as before the journal).
     *
     * @param message what {@link #claim} was given
     */
    public void sending(
            EventLoop eventLoop, String bindingId, String dedupeId, JsonObject message, String answer, int part) {
        if (crashed) {
            throw new IllegalStateException("member stopped (simulated crash)");
        }
        JsonObject json = new JsonObject()
                .put("member", member)
                .put("acceptedAt", clock.millis())
                .put("message", message)
                .put("sending", part)
                .put("answer", answer);
        String record = PREFIX + json.encode();
        if (record.length() > MAX_RECORD) {
            json.remove("answer");
            record = PREFIX + json.encode();
        }
        String value = record;
        try {
            eventLoop.call(() -> channel.durable().put(key(bindingId, dedupeId), value, ttl));
        } catch (RuntimeException e) {
            LOG.warn("{} binding {}: answer not journaled before sending: {}", kind, bindingId, e.toString());
        }
    }

    /** Marks a message answered, without waiting. A failure leaves it to be answered again after a crash. */
    public void done(String bindingId, String dedupeId) {
        if (crashed) {
            return;
        }
        String key = key(bindingId, dedupeId);
        context.runOnContext(v -> channel.durable()
                .put(key, DONE, ttl)
                .onFailure(e -> LOG.warn("{}: {} not marked done: {}", kind, key, e.toString())));
    }

    /** Settles a record whose answer was in flight: kept (no scan considers it again), never answered again. */
    private void unconfirmed(String bindingId, String dedupeId, JsonObject record) {
        if (crashed) {
            return;
        }
        String key = key(bindingId, dedupeId);
        String value = UNCONFIRMED + record.copy().put("member", member).encode();
        context.runOnContext(v -> channel.durable()
                .put(key, value, ttl)
                .onFailure(e -> LOG.warn("{}: {} not settled: {}", kind, key, e.toString())));
    }

    /** The channel type the counters name: {@code wx} is WeChat MP, {@code wc} WeCom. */
    private String channelType() {
        return switch (kind) {
            case "wx" -> "wechat";
            case "wc" -> "wecom";
            default -> kind;
        };
    }

    private String key(String bindingId, String dedupeId) {
        return kind + "-inflight:" + bindingId + ":" + dedupeId;
    }

    private String heartbeatKey(String memberId) {
        return kind + "-member:" + memberId;
    }

    /** Starts saying this member is alive and looking for orphaned messages. */
    public void start() {
        long every = Math.max(1, grace.toMillis() / 2);
        context.runOnContext(v -> {
            beat();
            beatTimer = channel.vertx().setPeriodic(Math.max(1, grace.toMillis() / 4), t -> beat());
            scanTimer = channel.vertx().setPeriodic(every, t -> scan());
        });
    }

    /** Stops both; on a graceful stop the heartbeat goes at once, so others need not wait for it to expire. */
    public void stop() {
        cancel(beatTimer);
        cancel(scanTimer);
        context.runOnContext(v -> channel.shared().remove(heartbeatKey(member)));
    }

    /** Stops as a killed process would, for tests: the heartbeat is left to expire. */
    public void crash() {
        crashed = true;
        cancel(beatTimer);
        cancel(scanTimer);
    }

    private void cancel(long timer) {
        if (timer >= 0) {
            channel.vertx().cancelTimer(timer);
        }
    }

    private void beat() {
        channel.shared()
                .put(heartbeatKey(member), "1", grace)
                .onFailure(e -> LOG.debug("{}: heartbeat failed: {}", kind, e.toString()));
    }

    private void scan() {
        channel.shared()
                .holdLease(kind + "-recovery", grace.multipliedBy(2))
                .compose(held -> held
                        ? channel.durable().list(kind + "-inflight:", PREFIX, SCAN_LIMIT)
                        : Future.succeededFuture(List.<DurableState.Entry>of()))
                .onSuccess(entries -> entries.forEach(this::consider))
                .onFailure(e -> LOG.debug("{}: recovery scan failed: {}", kind, e.toString()));
    }

    private void consider(DurableState.Entry entry) {
        JsonObject record;
        try {
            record = new JsonObject(entry.value().substring(PREFIX.length()));
        } catch (DecodeException e) {
            LOG.warn("{}: unreadable in-flight record {}", kind, entry.key());
            return;
        }
        String owner = record.getString("member", "");
        if (owner.equals(member) || clock.millis() - record.getLong("acceptedAt", 0L) < grace.toMillis()) {
            return;
        }
        String rest = entry.key().substring((kind + "-inflight:").length());
        int colon = rest.indexOf(':');
        if (colon < 0 || !(record.getValue("message") instanceof JsonObject message)) {
            LOG.warn("{}: malformed in-flight record {}", kind, entry.key());
            return;
        }
        String bindingId = rest.substring(0, colon);
        String dedupeId = rest.substring(colon + 1);
        Journal journal = record.getValue("sending") instanceof Integer part
                ? new Journal(record.getString("answer"), part)
                : null;
        channel.shared()
                .get(heartbeatKey(owner))
                .compose(beat -> beat != null
                        ? Future.succeededFuture(false)
                        : channel.durable().putIfAbsent(kind + "-recovered:" + rest + ":" + owner, member, ttl))
                .compose(claimed -> claimed
                        ? channel.durable()
                                .put(
                                        entry.key(),
                                        PREFIX
                                                + record.copy()
                                                        .put("member", member)
                                                        .encode(),
                                        ttl)
                                .map(true)
                        : Future.succeededFuture(false))
                .onSuccess(recovered -> {
                    if (recovered) {
                        LOG.info(
                                "{} binding {}: message left unanswered by member {}; answering it",
                                kind,
                                bindingId,
                                owner);
                        answer(bindingId, dedupeId, message, journal, record);
                    }
                })
                .onFailure(e -> LOG.warn("{}: {} not recovered: {}", kind, entry.key(), e.toString()));
    }

    private void answer(String bindingId, String dedupeId, JsonObject message, Journal journal, JsonObject record) {
        if (journal != null) {
            UnconfirmedAnswers.count(channelType());
            LOG.warn(
                    "{} binding {}: member {} died while sending part {} of an answer; that part's delivery is"
                            + " unknown and it is not sent again{}",
                    kind,
                    bindingId,
                    record.getString("member"),
                    journal.part() + 1,
                    journal.answer() == null ? " (the rest was too long to journal and is lost)" : "");
        }
        try {
            threads.execute(() -> {
                try {
                    recovery.answer(bindingId, dedupeId, message, journal);
                    if (journal == null) {
                        done(bindingId, dedupeId);
                    } else {
                        unconfirmed(bindingId, dedupeId, record);
                    }
                } catch (RuntimeException e) {
                    // Left in flight under this member's name: answered after its own death, if it dies.
                    LOG.warn("{} binding {}: recovered message not answered: {}", kind, bindingId, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: stopping, recovery left to another member", kind);
        }
    }

    /** Where the recovered messages go and on which threads. */
    public static final class Builder {
        private final String kind;
        private final String member;
        private final ChannelContext channel;
        private final Duration grace;
        private final Duration ttl;
        private Clock clock = Clock.systemUTC();
        private VirtualThreads threads;
        private Recovery recovery;

        private Builder(String kind, String member, ChannelContext channel, Duration grace, Duration ttl) {
            this.kind = kind;
            this.member = member;
            this.channel = channel;
            this.grace = grace;
            this.ttl = ttl;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Answers recovered messages on {@code threads} (virtual threads). */
        public InflightTurns recover(VirtualThreads threads, Recovery recovery) {
            this.threads = threads;
            this.recovery = recovery;
            return new InflightTurns(this);
        }
    }
}
