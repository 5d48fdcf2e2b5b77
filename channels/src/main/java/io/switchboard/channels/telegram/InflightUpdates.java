package io.switchboard.channels.telegram;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.spi.DurableState;
import io.switchboard.channels.spi.UnconfirmedAnswers;
import io.switchboard.threads.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Accepted updates not answered yet, kept durably so that a member's death does not lose them. The
 * durable dedupe claim of an update carries its in-flight record ({@code inflight:} + JSON: the update,
 * the member that took it, when) and is overwritten with {@link #DONE} once the update is answered or
 * deliberately not answered. Just before the answer goes out the record is marked {@code sending}
 * ({@link AnswerJournal}): two extra database writes per update. The member holding the bot's recovery
 * lease looks, every half grace, for records older than the grace whose member has no heartbeat in
 * shared state, claims each once (per dead member) and answers it itself — unless it was marked
 * sending: then Telegram may well have shown the answer already, and the record is settled as
 * {@link #UNCONFIRMED} with a warning instead (at most once: a possible loss rather than a duplicate).
 */
final class InflightUpdates {
    private static final Logger LOG = LoggerFactory.getLogger(InflightUpdates.class);
    static final String DONE = "1";
    static final String PREFIX = "inflight:";
    /** A record whose answer was being sent when its member died: never answered again. */
    static final String UNCONFIRMED = "unconfirmed:";
    /** The store's longest value (V10): a larger update is claimed without a record (not recoverable). */
    private static final int MAX_RECORD = 100_000;

    private static final int SCAN_LIMIT = 200;
    private static final ObjectWriter WRITER = UpdateParser.MAPPER
            .copy()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .writer();

    private final String bindingId;
    private final String memberId;
    private final ChannelContext channel;
    private final Context context;
    private final TelegramOptions options;
    private final Requeue requeue;
    private volatile long timer = -1;

    /** Queues a recovered update (bypassing dedupe) under its dedupe key and its taken-over record. */
    @FunctionalInterface
    interface Requeue {
        void accept(Update update, String key, String record);
    }

    InflightUpdates(
            String bindingId,
            String memberId,
            ChannelContext channel,
            Context context,
            TelegramOptions options,
            Requeue requeue) {
        this.bindingId = bindingId;
        this.memberId = memberId;
        this.channel = channel;
        this.context = context;
        this.options = options;
        this.requeue = requeue;
    }

    /** The shared-state key that says a member is alive. */
    static String heartbeatKey(String memberId) {
        return "telegram-member:" + memberId;
    }

    String updateKey(int updateId) {
        return "telegram-update:" + bindingId + ":" + updateId;
    }

    /** The durable claim's value: the in-flight record, or {@link #DONE} when the update is too large. */
    String record(Update update) {
        try {
            JsonObject json = new JsonObject()
                    .put("member", memberId)
                    .put("acceptedAt", System.currentTimeMillis())
                    .put("update", new JsonObject(WRITER.writeValueAsString(update)));
            String record = PREFIX + json.encode();
            if (record.length() <= MAX_RECORD) {
                return record;
            }
            LOG.debug("telegram binding {}: update {} too large to recover", bindingId, update.getUpdateId());
        } catch (JsonProcessingException | DecodeException e) {
            LOG.warn(
                    "telegram binding {}: update {} not recoverable: {}",
                    bindingId,
                    update.getUpdateId(),
                    e.toString());
        }
        return DONE;
    }

    /** Marks an update handled; called from a chat's thread. A failure leaves it to be answered again. */
    void done(String key) {
        context.runOnContext(v -> channel.durable()
                .put(key, DONE, options.dedupeTtl())
                .onFailure(e -> LOG.warn("telegram binding {}: {} not marked done: {}", bindingId, key, e.toString())));
    }

    /**
     * The journal of one recorded update's answer.
     *
     * @param record the in-flight value as stored under {@code key} (this member's name in it)
     * @param stopped true once the member crashed: nothing more is written
     */
    AnswerJournal journal(String key, String record, BooleanSupplier stopped) {
        return new AnswerJournal() {
            private boolean marked;
            private boolean answered;

            @Override
            public void sending() throws InterruptedException {
                if (marked) {
                    return;
                }
                if (stopped.getAsBoolean()) {
                    throw new InterruptedException("member stopped");
                }
                marked = true;
                String value = PREFIX
                        + new JsonObject(record.substring(PREFIX.length()))
                                .put("sending", System.currentTimeMillis())
                                .encode();
                try {
                    EventLoop.of(context)
                            .callInterruptibly(() -> channel.durable().put(key, value, options.dedupeTtl()));
                } catch (RuntimeException e) {
                    // Sent unjournaled, as before the journal: after a crash it would be answered again.
                    LOG.warn("telegram binding {}: {} not marked sending: {}", bindingId, key, e.toString());
                }
            }

            @Override
            public void answered() {
                if (!answered && !stopped.getAsBoolean()) {
                    answered = true;
                    done(key);
                }
            }

            @Override
            public boolean settled() {
                return answered;
            }
        };
    }

    /** Starts looking for orphaned updates: now and every half grace. */
    void start() {
        long every = Math.max(1, options.recoveryGrace().toMillis() / 2);
        context.runOnContext(v -> {
            scan();
            timer = channel.vertx().setPeriodic(every, t -> scan());
        });
    }

    void stop() {
        long current = timer;
        if (current >= 0) {
            channel.vertx().cancelTimer(current);
        }
    }

    private void scan() {
        channel.shared()
                .holdLease(
                        "telegram-recovery:" + bindingId,
                        options.recoveryGrace().multipliedBy(2))
                .compose(held -> held
                        ? channel.durable().list("telegram-update:" + bindingId + ":", PREFIX, SCAN_LIMIT)
                        : Future.succeededFuture(java.util.List.<DurableState.Entry>of()))
                .onSuccess(entries -> entries.forEach(this::consider))
                .onFailure(e -> LOG.debug("telegram binding {}: recovery scan failed: {}", bindingId, e.toString()));
    }

    private void consider(DurableState.Entry entry) {
        JsonObject record;
        try {
            record = new JsonObject(entry.value().substring(PREFIX.length()));
        } catch (DecodeException e) {
            LOG.warn("telegram binding {}: unreadable in-flight record {}", bindingId, entry.key());
            return;
        }
        String owner = record.getString("member", "");
        long acceptedAt = record.getLong("acceptedAt", 0L);
        if (owner.equals(memberId)
                || System.currentTimeMillis() - acceptedAt
                        < options.recoveryGrace().toMillis()) {
            return;
        }
        Duration ttl = options.dedupeTtl();
        String claim = "telegram-recovered:" + entry.key().substring("telegram-update:".length()) + ":" + owner;
        channel.shared()
                .get(heartbeatKey(owner))
                .compose(beat -> beat != null
                        ? Future.succeededFuture(false)
                        : channel.durable().putIfAbsent(claim, memberId, ttl))
                // Ours now: should this member die too, the next one finds it under our name.
                .compose(claimed -> claimed
                        ? channel.durable()
                                .put(
                                        entry.key(),
                                        PREFIX
                                                + record.copy()
                                                        .put("member", memberId)
                                                        .encode(),
                                        ttl)
                                .map(true)
                        : Future.succeededFuture(false))
                .onSuccess(recovered -> {
                    if (recovered && record.containsKey("sending")) {
                        unconfirmed(entry.key(), record, owner);
                    } else if (recovered) {
                        Update update;
                        try {
                            update = UpdateParser.MAPPER.readValue(
                                    record.getJsonObject("update").encode(), Update.class);
                        } catch (JsonProcessingException | RuntimeException e) {
                            LOG.warn("telegram binding {}: {} unreadable; dropped", bindingId, entry.key());
                            done(entry.key());
                            return;
                        }
                        LOG.info(
                                "telegram binding {}: update {} left unanswered by member {}; answering it",
                                bindingId,
                                update.getUpdateId(),
                                owner);
                        requeue.accept(
                                update,
                                entry.key(),
                                PREFIX + record.copy().put("member", memberId).encode());
                    }
                })
                .onFailure(e ->
                        LOG.warn("telegram binding {}: {} not recovered: {}", bindingId, entry.key(), e.toString()));
    }

    /**
     * The dead member had marked the answer sending: Telegram may have shown it, or not; nothing here can
     * tell. Not answered again (a duplicate is what the journal exists to prevent): the record becomes
     * {@link #UNCONFIRMED} (no scan considers it again, a redelivery is still a repeat), with a warning
     * and a count.
     */
    private void unconfirmed(String key, JsonObject record, String owner) {
        UnconfirmedAnswers.count(TelegramChannel.TYPE);
        LOG.warn(
                "telegram binding {}: member {} died while sending the answer to {}; its delivery is unknown and"
                        + " it is not answered again",
                bindingId,
                owner,
                key);
        channel.durable()
                .put(key, UNCONFIRMED + record.copy().put("member", memberId).encode(), options.dedupeTtl())
                .onFailure(e -> LOG.warn("telegram binding {}: {} not settled: {}", bindingId, key, e.toString()));
    }
}
