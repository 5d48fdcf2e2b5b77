package io.switchboard.channels.wechat;

import io.switchboard.channels.spi.AppDirectory;
import io.switchboard.channels.spi.FixedTexts;
import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.spi.MediaLimits;
import io.switchboard.channels.spi.SharedState;
import io.switchboard.channels.spi.TurnHandler;
import io.switchboard.channels.spi.TurnReply;
import io.switchboard.channels.weixin.InflightTurns;
import io.switchboard.channels.weixin.NumberedFollowUps;
import io.switchboard.channels.weixin.WeixinApiException;
import io.switchboard.threads.EventLoop;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly once across the cluster for one official-account message. The first callback (on any
 * member) claims the dedupe key and runs the turn; a retry, wherever it lands, waits for the reply
 * stored under the reply key. Delivery is claimed once: {@code passive} (a callback's reply — repeated
 * on a later retry, since WeChat retrying means it never got the earlier one), {@code custom} (the
 * owner sends through the customer-service API) or {@code pending} (kept for the user's next
 * message). Passive and customer-service delivery thus can never both happen. The claiming member
 * keeps an in-flight record of a text turn until it is delivered; should the member die first, another
 * one answers it through the customer-service API (or keeps it pending) after the recovery grace
 * ({@link #recover}). Blocking: one virtual
 * thread per callback.
 */
final class MpTurns {
    private static final Logger LOG = LoggerFactory.getLogger(MpTurns.class);
    static final String PASSIVE = "passive";
    static final String CUSTOM = "custom";
    static final String PENDING = "pending";
    static final String FAILURE_REPLY = "抱歉，暂时无法回答，请稍后再试。";
    static final String FAILURE_REPLY_EN = "Sorry, I can't answer right now. Please try again later.";
    static final String MEDIA_FAILURE_REPLY = "抱歉，暂时无法获取这条消息的图片或语音，请稍后再试。";
    static final FixedTexts.Text MEDIA_FAILURE = new FixedTexts.Text(
            "Sorry, I could not get the picture or voice message. Please try again later.", MEDIA_FAILURE_REPLY);

    private final SharedState shared;
    private final TurnHandler turns;
    /** The turn runs beside the callback's thread, which answers the platform when the budget is up. */
    private final VirtualThreads threads;

    private final WeChatOptions options;
    private final MpDelivery delivery;
    private final String member;
    private final NumberedFollowUps followUps;
    private final AppDirectory apps;
    private volatile InflightTurns inflight;
    /** Set by a simulated crash (tests): turns in progress deliver nothing and are not marked done. */
    private volatile boolean crashed;

    MpTurns(
            SharedState shared,
            TurnHandler turns,
            VirtualThreads threads,
            WeChatOptions options,
            MpDelivery delivery,
            String member,
            AppDirectory apps) {
        this.shared = shared;
        this.turns = turns;
        this.threads = threads;
        this.options = options;
        this.delivery = delivery;
        this.member = member;
        this.followUps = new NumberedFollowUps(shared, "wx:follow-ups");
        this.apps = apps;
    }

    /** Abandons every turn in progress at its next step, as a killed process would (tests). */
    void crash() {
        crashed = true;
    }

    private void abandonIfCrashed() {
        if (crashed) {
            throw new IllegalStateException("member stopped (simulated crash)");
        }
    }

    /** Records text turns in flight there from now on. */
    void recordInflight(InflightTurns inflight) {
        this.inflight = inflight;
    }

    /** Handles one callback asking for a turn; {@code arrived} is its System.nanoTime() on arrival. */
    void handle(EventLoop eventLoop, MpAccount account, MpInbound inbound, long arrived, Responder responder) {
        Keys keys = new Keys(account.binding.bindingId(), inbound.dedupeId());
        // The turn is stamped with the callback's arrival: one that came before the gateway began to stop is
        // still answered while it drains, even if claiming it took a while.
        Instant receivedAt = options.clock().instant();
        long budgetEnd = arrived + options.passiveBudget().toNanos();
        // Read any answer waiting for this user while the dedupe key is claimed: one round trip less.
        Future<String> pending = delivery.peekPending(eventLoop, account, inbound.user());
        boolean claimed = eventLoop.call(() -> shared.putIfAbsent(keys.turn, member, options.dedupeTtl()));
        InflightTurns recording = inbound.media() == null ? inflight : null;
        if (recording != null) {
            // The durable in-flight record decides (InflightTurns.claim): a retry whose first member died
            // between its shared claim and this write is answered here, and a shared claim that outlived
            // its record's answer is a repeat. One database write per callback, retries included.
            Boolean durable =
                    recording.claim(eventLoop, account.binding.bindingId(), inbound.dedupeId(), record(inbound));
            if (durable != null) {
                claimed = durable;
            }
        }
        if (claimed) {
            first(eventLoop, account, inbound, keys, budgetEnd, responder, pending, recording, receivedAt);
        } else {
            retry(eventLoop, account, inbound, keys, budgetEnd, responder);
        }
    }

    private void first(
            EventLoop eventLoop,
            MpAccount account,
            MpInbound inbound,
            Keys keys,
            long budgetEnd,
            Responder responder,
            Future<String> pending,
            InflightTurns recording,
            Instant receivedAt) {
        String handedOver = delivery.takePending(eventLoop, account, inbound.user(), pending);
        List<InboundMessage.Attachment> attachments = new ArrayList<>();
        String refusal = inbound.media() == null ? null : download(eventLoop, account, inbound.media(), attachments);
        Future<String> answered = refusal != null
                ? Future.succeededFuture(refusal)
                : runTurn(eventLoop, account, inbound, attachments, receivedAt);
        Future<String> turn = answered.map(text -> handedOver == null ? text : handedOver + "\n\n" + text);
        String text = VirtualThreads.await(turn, Duration.ofMillis(remainingMillis(budgetEnd)));
        abandonIfCrashed();
        String decision;
        if (text != null) {
            eventLoop.start(() -> shared.put(keys.reply, text, options.dedupeTtl()));
            decision = claim(eventLoop, keys, PASSIVE);
            answer(decision, MpDelivery.firstPart(text), responder, account, eventLoop, inbound);
            if (decision.equals(PASSIVE)) {
                // The rest follows as customer-service messages: only once the first part is out, or
                // the user could read part two first.
                VirtualThreads.await(responder.written(), options.platformDeadline());
            }
        } else if (account.settings.serviceAccount()) {
            decision = claim(eventLoop, keys, CUSTOM);
            responder.success();
        } else if (options.platformTries() == 1) {
            decision = claim(eventLoop, keys, PENDING);
            answer(decision, null, responder, account, eventLoop, inbound);
        } else {
            decision = null; // the retries decide
            responder.hold();
        }
        String answer = text != null ? text : VirtualThreads.await(turn);
        abandonIfCrashed();
        if (text == null) {
            eventLoop.call(() -> shared.put(keys.reply, answer, options.dedupeTtl()));
        }
        if (decision == null) {
            decision = eventLoop.call(() ->
                    shared.await(keys.deliver, options.platformDeadline().multipliedBy(options.platformTries() + 1)));
            if (decision == null) {
                decision = claim(eventLoop, keys, PENDING);
            }
        }
        delivery.finish(
                eventLoop,
                account,
                inbound,
                keys.turn,
                answer,
                decision,
                0,
                journal(eventLoop, account, inbound, recording, answer));
        if (recording != null) {
            recording.done(account.binding.bindingId(), inbound.dedupeId());
        }
    }

    private Future<String> runTurn(
            EventLoop eventLoop,
            MpAccount account,
            MpInbound inbound,
            List<InboundMessage.Attachment> attachments,
            Instant receivedAt) {
        String conversation = "wechat:" + account.binding.bindingId() + ":" + inbound.user();
        boolean numbered = account.settings.followUpList();
        return threads.call(() -> {
            // A MEDIA message carries its fallback reply as text.
            String text = inbound.media() == null ? inbound.text() : "";
            if (numbered) {
                text = followUps.resolve(eventLoop, conversation, text);
            }
            InboundMessage message = new InboundMessage(
                    "wechat",
                    account.binding.appId(),
                    conversation,
                    inbound.user(),
                    account.binding.bindingId() + ":" + inbound.dedupeId(),
                    text,
                    Map.of(),
                    false,
                    receivedAt,
                    attachments);
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
            } catch (RuntimeException failure) {
                LOG.warn("WeChat turn failed for binding {}: {}", account.binding.bindingId(), failure.toString());
                return FixedTexts.pick(
                        replyLanguage(eventLoop, account.binding.appId()),
                        text,
                        FAILURE_REPLY_EN,
                        FAILURE_REPLY,
                        FAILURE_REPLY);
            }
        });
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

    /** What another member needs to answer a text turn again. */
    private static JsonObject record(MpInbound inbound) {
        return new JsonObject()
                .put("user", inbound.user())
                .put("account", inbound.account())
                .put("text", inbound.text())
                .put("event", inbound.event());
    }

    /**
     * Answers a text turn whose member died before delivering it: with the answer it stored, if it got
     * that far, else a new one; through whatever delivery the callbacks settled on, else customer service
     * (pending on a subscription account). Parts already sent are claimed and not sent again.
     */
    void recover(
            EventLoop eventLoop, MpAccount account, String dedupeId, JsonObject record, InflightTurns.Journal journal) {
        MpInbound inbound = new MpInbound(
                MpInbound.Kind.TURN,
                record.getString("user"),
                record.getString("account"),
                dedupeId,
                record.getString("text"),
                record.getBoolean("event", false),
                null);
        Keys keys = new Keys(account.binding.bindingId(), dedupeId);
        if (journal != null) {
            // It was sending customer-service parts: resume after the one in flight, with the same answer.
            if (journal.answer() != null) {
                String decision = claim(eventLoop, keys, CUSTOM);
                delivery.finish(
                        eventLoop,
                        account,
                        inbound,
                        keys.turn,
                        journal.answer(),
                        decision,
                        journal.part() + 1,
                        journal(eventLoop, account, inbound, inflight, journal.answer()));
            }
            return;
        }
        String stored = eventLoop.call(() -> shared.get(keys.reply));
        String answer = stored != null
                ? stored
                : VirtualThreads.await(runTurn(
                        eventLoop, account, inbound, List.of(), options.clock().instant()));
        if (stored == null) {
            eventLoop.call(() -> shared.put(keys.reply, answer, options.dedupeTtl()));
        }
        String decision = claim(eventLoop, keys, account.settings.serviceAccount() ? CUSTOM : PENDING);
        delivery.finish(
                eventLoop,
                account,
                inbound,
                keys.turn,
                answer,
                decision,
                0,
                journal(eventLoop, account, inbound, inflight, answer));
    }

    /** Journals each customer-service part in the in-flight record just before it is sent (text turns). */
    private MpDelivery.Journal journal(
            EventLoop eventLoop, MpAccount account, MpInbound inbound, InflightTurns recording, String answer) {
        if (recording == null || inbound.media() != null) {
            return part -> abandonIfCrashed();
        }
        JsonObject record = record(inbound);
        return part -> {
            abandonIfCrashed();
            recording.sending(eventLoop, account.binding.bindingId(), inbound.dedupeId(), record, answer, part);
            abandonIfCrashed();
        };
    }

    private void retry(
            EventLoop eventLoop, MpAccount account, MpInbound inbound, Keys keys, long budgetEnd, Responder responder) {
        int attempt = attemptNumber(eventLoop, keys);
        String text = eventLoop.call(() ->
                shared.await(keys.reply, Duration.ofNanos(Math.max(1_000_000, budgetEnd - System.nanoTime()))));
        if (text != null) {
            answer(claim(eventLoop, keys, PASSIVE), MpDelivery.firstPart(text), responder, account, eventLoop, inbound);
            return;
        }
        String want = account.settings.serviceAccount() ? CUSTOM : attempt >= options.platformTries() ? PENDING : null;
        if (want == null) {
            responder.hold();
            return;
        }
        String decision = claim(eventLoop, keys, want);
        String stored = decision.equals(PASSIVE) ? eventLoop.call(() -> shared.get(keys.reply)) : null;
        answer(decision, stored == null ? null : MpDelivery.firstPart(stored), responder, account, eventLoop, inbound);
    }

    /**
     * Downloads a message's photo or voice into {@code attachments}, within the media limits.
     *
     * @return null when downloaded, else the text to answer instead (too large, not downloadable)
     */
    private String download(
            EventLoop eventLoop,
            MpAccount account,
            MpInbound.Media media,
            List<InboundMessage.Attachment> attachments) {
        try {
            InboundMessage.Attachment attachment = account.downloadMedia(media, MediaLimits.DEFAULT.max(media.kind()));
            if (attachment == null) {
                return MediaLimits.tooLarge(media.kind(), replyLanguage(eventLoop, account.binding.appId()));
            }
            attachments.add(attachment);
            return null;
        } catch (WeixinApiException e) {
            LOG.info("WeChat binding {}: media not downloaded: {}", account.binding.bindingId(), e.getMessage());
            return MEDIA_FAILURE.in(replyLanguage(eventLoop, account.binding.appId()), null, MEDIA_FAILURE_REPLY);
        }
    }

    /** Answers the callback according to the delivery decision. */
    private void answer(
            String decision,
            String firstPart,
            Responder responder,
            MpAccount account,
            EventLoop eventLoop,
            MpInbound inbound) {
        switch (decision) {
            case PASSIVE -> {
                if (firstPart != null) {
                    responder.passive(firstPart);
                } else {
                    responder.success();
                }
            }
            case PENDING ->
                responder.passive(account.settings.pendingNotice(
                        replyLanguage(eventLoop, account.binding.appId()), inbound.text()));
            default -> responder.success();
        }
    }

    /** Claims delivery for {@code want}, or returns what another callback claimed first. */
    private String claim(EventLoop eventLoop, Keys keys, String want) {
        if (eventLoop.call(() -> shared.putIfAbsent(keys.deliver, want, options.dedupeTtl()))) {
            return want;
        }
        String current = eventLoop.call(() -> shared.get(keys.deliver));
        return current == null ? want : current;
    }

    /** 2 for the first retry, 3 for the second...; counted across the cluster. */
    private int attemptNumber(EventLoop eventLoop, Keys keys) {
        for (int n = 2; n <= options.platformTries(); n++) {
            int attempt = n;
            if (eventLoop.call(() -> shared.putIfAbsent(keys.turn + ":try:" + attempt, member, options.dedupeTtl()))) {
                return n;
            }
        }
        return options.platformTries() + 1;
    }

    private static long remainingMillis(long budgetEnd) {
        return Math.max(0, (budgetEnd - System.nanoTime()) / 1_000_000);
    }

    private record Keys(String turn, String reply, String deliver) {
        Keys(String bindingId, String dedupeId) {
            this("wx:turn:" + bindingId + ":" + dedupeId);
        }

        private Keys(String turn) {
            this(turn, turn + ":reply", turn + ":deliver");
        }
    }
}
