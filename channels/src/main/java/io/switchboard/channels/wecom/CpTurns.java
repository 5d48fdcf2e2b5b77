package io.switchboard.channels.wecom;

import io.switchboard.channels.spi.AppDirectory;
import io.switchboard.channels.spi.FixedTexts;
import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.spi.SharedState;
import io.switchboard.channels.spi.TurnHandler;
import io.switchboard.channels.spi.TurnReply;
import io.switchboard.channels.weixin.InflightTurns;
import io.switchboard.channels.weixin.NumberedFollowUps;
import io.switchboard.channels.weixin.Utf8Split;
import io.switchboard.channels.weixin.WeixinApiException;
import io.switchboard.threads.EventLoop;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly once across the cluster for one WeCom message: the callback that claims the dedupe key
 * (MsgId or user + time, with the binding and AgentID) runs the turn and sends the answer through
 * {@code /cgi-bin/message/send}; every other delivery of it is acknowledged and dropped. Each part is
 * claimed before it is sent and paced to the platform's per-member rate. The claiming member keeps an
 * in-flight record of the message until it is sent; should the member die first, another one answers it
 * after the recovery grace ({@link #recover}). Blocking: virtual threads.
 */
final class CpTurns {
    private static final Logger LOG = LoggerFactory.getLogger(CpTurns.class);
    static final int PART_BYTES = 2048;
    static final String FAILURE_REPLY = "抱歉，暂时无法回答，请稍后再试。";
    static final String FAILURE_REPLY_EN = "Sorry, I can't answer right now. Please try again later.";

    private final SharedState shared;
    private final TurnHandler turns;
    private final WeComOptions options;
    private final String member;
    private final NumberedFollowUps followUps;
    private final AppDirectory apps;
    private volatile InflightTurns inflight;
    /** Set by a simulated crash (tests): answers in progress send nothing more and are not marked done. */
    private volatile boolean crashed;

    CpTurns(SharedState shared, TurnHandler turns, WeComOptions options, String member, AppDirectory apps) {
        this.shared = shared;
        this.turns = turns;
        this.options = options;
        this.member = member;
        this.followUps = new NumberedFollowUps(shared, "wc:follow-ups");
        this.apps = apps;
    }

    /** Abandons every answer in progress at its next step, as a killed process would (tests). */
    void crash() {
        crashed = true;
    }

    /** Records messages in flight there from now on. */
    void recordInflight(InflightTurns inflight) {
        this.inflight = inflight;
    }

    /**
     * True when this call claimed the message (and must then {@link #answer} it). A text message is claimed
     * durably too, before the callback is acknowledged, and that in-flight record decides
     * ({@link InflightTurns#claim}): a redelivery whose first member died between the two claims is
     * answered, and once WeCom has its 200 the message is recoverable.
     */
    boolean claim(EventLoop eventLoop, CpAccount account, CpInbound inbound) {
        boolean claimed =
                eventLoop.call(() -> shared.putIfAbsent(turnKey(account, inbound), member, options.dedupeTtl()));
        InflightTurns recording = inflight;
        if (recording != null && inbound.text() != null) {
            Boolean durable =
                    recording.claim(eventLoop, account.binding.bindingId(), inbound.dedupeId(), record(inbound));
            if (durable != null) {
                claimed = durable;
            }
        }
        return claimed;
    }

    void answer(EventLoop eventLoop, CpAccount account, CpInbound inbound) {
        if (inbound.text() == null) {
            return;
        }
        InflightTurns recording = inflight;
        String text = answerText(eventLoop, account, inbound);
        // Done once the last part returned, sent or refused (a refusal is not retried later).
        send(eventLoop, account, inbound, text, 0, recording);
        if (recording != null) {
            recording.done(account.binding.bindingId(), inbound.dedupeId());
        }
    }

    /**
     * Answers a message whose member died before sending all of it. When it had begun to send
     * ({@code journal}), the journaled answer is resumed after the part that was in flight, which is not
     * sent again (at most once); else the message is answered afresh. Parts claimed in shared state by
     * any member are not sent again either.
     */
    void recover(
            EventLoop eventLoop, CpAccount account, String dedupeId, JsonObject record, InflightTurns.Journal journal) {
        CpInbound inbound =
                new CpInbound(record.getString("user"), dedupeId, record.getString("text"), record.getBoolean("turn"));
        if (journal == null) {
            send(eventLoop, account, inbound, answerText(eventLoop, account, inbound), 0, inflight);
        } else if (journal.answer() != null) {
            send(eventLoop, account, inbound, journal.answer(), journal.part() + 1, inflight);
        }
    }

    private String answerText(EventLoop eventLoop, CpAccount account, CpInbound inbound) {
        String text = inbound.turn()
                ? runTurn(eventLoop, account, inbound)
                : inbound.text().equals(CpInbound.UNSUPPORTED)
                        ? CpInbound.UNSUPPORTED_TEXT.in(
                                replyLanguage(eventLoop, account.binding.appId()), null, CpInbound.UNSUPPORTED)
                        : inbound.text();
        abandonIfCrashed();
        return text;
    }

    /**
     * Sends the parts of {@code text} from {@code from} on, each claimed in shared state first and
     * journaled in the in-flight record ({@link InflightTurns#sending}) just before it leaves.
     *
     */
    private void send(
            EventLoop eventLoop, CpAccount account, CpInbound inbound, String text, int from, InflightTurns recording) {
        List<String> parts = Utf8Split.split(text, PART_BYTES);
        String key = turnKey(account, inbound);
        for (int i = from; i < parts.size(); i++) {
            int index = i;
            if (!eventLoop.call(() -> shared.putIfAbsent(key + ":sent:" + index, member, options.dedupeTtl()))) {
                continue;
            }
            String slot = acquireRate(eventLoop, account, inbound.user());
            abandonIfCrashed();
            if (recording != null) {
                recording.sending(eventLoop, account.binding.bindingId(), inbound.dedupeId(), record(inbound), text, i);
            }
            abandonIfCrashed();
            try {
                send(account, inbound.user(), parts.get(i));
            } catch (WeixinApiException e) {
                LOG.warn("WeCom send for binding {} failed: {}", account.binding.bindingId(), e.getMessage());
                return;
            } finally {
                // The platform counts a message when it receives it, which is after the slot was taken:
                // hold the slot a whole window from now, or the next send could reach the platform
                // while it still counts this one inside its window, and be dropped silently.
                eventLoop.call(() -> shared.put(slot, member, options.rateWindow()));
            }
        }
    }

    private void abandonIfCrashed() {
        if (crashed) {
            throw new IllegalStateException("member stopped (simulated crash)");
        }
    }

    /** What another member needs to answer the message again. */
    private static JsonObject record(CpInbound inbound) {
        return new JsonObject()
                .put("user", inbound.user())
                .put("text", inbound.text())
                .put("turn", inbound.turn());
    }

    private String runTurn(EventLoop eventLoop, CpAccount account, CpInbound inbound) {
        String conversation = "wecom:" + account.binding.bindingId() + ":" + inbound.user();
        boolean numbered = account.settings.followUpList();
        String text = numbered ? followUps.resolve(eventLoop, conversation, inbound.text()) : inbound.text();
        InboundMessage message = new InboundMessage(
                "wecom",
                account.binding.appId(),
                conversation,
                inbound.user(),
                account.binding.bindingId() + ":" + inbound.dedupeId(),
                text,
                Map.of(),
                false,
                options.clock().instant(),
                List.of());
        try {
            TurnReply reply = turns.run(message, null);
            return numbered
                    ? followUps.append(
                            eventLoop,
                            conversation,
                            reply.text(),
                            reply,
                            replyLanguage(eventLoop, account.binding.appId()))
                    : reply.text();
        } catch (RuntimeException e) {
            LOG.warn("WeCom turn failed for binding {}: {}", account.binding.bindingId(), e.toString());
            return FixedTexts.pick(
                    replyLanguage(eventLoop, account.binding.appId()),
                    text,
                    FAILURE_REPLY_EN,
                    FAILURE_REPLY,
                    FAILURE_REPLY);
        }
    }

    /** The app's reply language for the fixed texts, or null (unknown, unpublished, or none set). */
    private String replyLanguage(EventLoop eventLoop, String appId) {
        if (apps == null) {
            return null;
        }
        try {
            return eventLoop.call(() -> apps.profile(appId)).replyLanguage();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void send(CpAccount account, String user, String text) {
        boolean forceToken = false;
        for (int attempt = 0; ; attempt++) {
            try {
                account.send(user, text, forceToken);
                return;
            } catch (WeixinApiException e) {
                if (!e.retriable() || attempt >= options.sendRetries()) {
                    throw e;
                }
                forceToken = e.tokenError();
                if (!forceToken) {
                    sleep(options.sendBackoff().toMillis() << attempt);
                }
            }
        }
    }

    /**
     * Takes one of the member's slots, cluster-wide. A slot stays taken for one whole window after it
     * was used, so no window of that length — wherever it starts — ever holds more sends than the limit.
     *
     * @return the slot's key, to be stamped again once the send has returned
     */
    private String acquireRate(EventLoop eventLoop, CpAccount account, String user) {
        long pause = Math.max(10, options.rateWindow().toMillis() / options.perMemberPerMinute());
        while (true) {
            for (int slot = 1; slot <= options.perMemberPerMinute(); slot++) {
                String key = "wc:rate:" + account.binding.bindingId() + ":" + user + ":" + slot;
                if (eventLoop.call(() -> shared.putIfAbsent(key, member, options.rateWindow()))) {
                    return key;
                }
            }
            sleep(pause);
        }
    }

    private static String turnKey(CpAccount account, CpInbound inbound) {
        return "wc:turn:" + account.binding.bindingId() + ":" + account.settings.agentId() + ":" + inbound.dedupeId();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
