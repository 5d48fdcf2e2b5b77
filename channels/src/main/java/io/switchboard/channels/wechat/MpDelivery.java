package io.switchboard.channels.wechat;

import io.switchboard.channels.spi.SharedState;
import io.switchboard.channels.weixin.Utf8Split;
import io.switchboard.channels.weixin.WeixinApiException;
import io.switchboard.threads.EventLoop;
import io.switchboard.threads.VirtualThreads;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers what a passive reply could not carry: through the customer-service API (service accounts,
 * within the platform's allowance of 5 messages after a user message or 3 after an event, each part
 * claimed once so it is never sent twice) or kept pending for the user's next message.
 */
final class MpDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(MpDelivery.class);
    /** Passive replies carry at most 2047 bytes; customer-service texts are split at the same size. */
    static final int PART_BYTES = 2047;

    static final int AFTER_MESSAGE = 5;
    static final int AFTER_EVENT = 3;

    private final SharedState shared;
    private final WeChatOptions options;

    MpDelivery(SharedState shared, WeChatOptions options) {
        this.shared = shared;
        this.options = options;
    }

    static String firstPart(String text) {
        return Utf8Split.split(text, PART_BYTES).getFirst();
    }

    /** Called just before a customer-service part leaves, with its index among the answer's parts. */
    @FunctionalInterface
    interface Journal {
        void sending(int part);
    }

    /**
     * Completes delivery of {@code answer} after the callbacks settled on {@code decision}.
     *
     * @param from the index of the first part that may still be sent: a resumed delivery skips the parts
     *     its dead member journaled as sent or in flight
     * @param journal told before each customer-service part is sent (blocking)
     */
    void finish(
            EventLoop eventLoop,
            MpAccount account,
            MpInbound inbound,
            String turnKey,
            String answer,
            String decision,
            int from,
            Journal journal) {
        List<String> parts = Utf8Split.split(answer, PART_BYTES);
        int offset = switch (decision) {
            case MpTurns.PASSIVE -> 1;
            case MpTurns.CUSTOM -> 0;
            default -> parts.size();
        };
        offset = Math.min(parts.size(), Math.max(offset, from));
        List<String> rest = decision.equals(MpTurns.PENDING) ? List.of() : parts.subList(offset, parts.size());
        if (decision.equals(MpTurns.PENDING)) {
            keepPending(eventLoop, account, inbound.user(), answer);
            return;
        }
        if (rest.isEmpty()) {
            return;
        }
        if (!account.settings.serviceAccount()) {
            keepPending(eventLoop, account, inbound.user(), String.join("", rest));
            return;
        }
        int allowance = inbound.event() ? AFTER_EVENT : AFTER_MESSAGE;
        for (int i = 0; i < rest.size(); i++) {
            if (i >= allowance) {
                keepPending(eventLoop, account, inbound.user(), String.join("", rest.subList(i, rest.size())));
                return;
            }
            int index = i;
            // Claimed before sending: whatever happens afterwards, this part is never sent again.
            if (!eventLoop.call(() -> shared.putIfAbsent(turnKey + ":sent:" + index, "1", options.dedupeTtl()))) {
                continue;
            }
            journal.sending(offset + i);
            try {
                send(account, inbound.user(), rest.get(i));
            } catch (WeixinApiException e) {
                if (e.outOfWindow() || e.retriable()) {
                    keepPending(eventLoop, account, inbound.user(), String.join("", rest.subList(i, rest.size())));
                } else {
                    LOG.warn(
                            "WeChat customer-service send for binding {} failed and is not retried (it may have"
                                    + " arrived): {}",
                            account.binding.bindingId(),
                            e.getMessage());
                }
                return;
            }
        }
    }

    /** One part, retried on transient errors and with a fresh token after a token error. */
    private void send(MpAccount account, String user, String text) {
        boolean forceToken = false;
        for (int attempt = 0; ; attempt++) {
            try {
                account.sendCustom(user, text, forceToken);
                return;
            } catch (WeixinApiException e) {
                if (!e.retriable() || attempt >= options.sendRetries()) {
                    throw e;
                }
                forceToken = e.tokenError();
                if (!forceToken) {
                    pause(options.sendBackoff().toMillis() << attempt);
                }
            }
        }
    }

    /** Appends to what waits for the user's next message. */
    void keepPending(EventLoop eventLoop, MpAccount account, String user, String text) {
        String key = pendingKey(account, user);
        String before = eventLoop.call(() -> shared.get(key));
        String value = before == null ? text : before + "\n\n" + text;
        eventLoop.call(() -> shared.put(key, value, options.pendingTtl()));
    }

    /** Takes (once, cluster-wide) what waits for this user, or null. */
    String takePending(EventLoop eventLoop, MpAccount account, String user) {
        return takePending(eventLoop, account, user, peekPending(eventLoop, account, user));
    }

    /** Starts reading what waits for this user (to overlap with other calls); see {@link #takePending}. */
    io.vertx.core.Future<String> peekPending(EventLoop eventLoop, MpAccount account, String user) {
        String key = pendingKey(account, user);
        return eventLoop.start(() -> shared.get(key));
    }

    /** Takes what {@link #peekPending} found, once cluster-wide, or null. */
    String takePending(EventLoop eventLoop, MpAccount account, String user, io.vertx.core.Future<String> peeked) {
        String key = pendingKey(account, user);
        String value = VirtualThreads.await(peeked);
        if (value == null) {
            return null;
        }
        String claim = key + ":taken:" + Integer.toHexString(value.hashCode()) + ":" + value.length();
        if (!eventLoop.call(() -> shared.putIfAbsent(claim, "1", options.dedupeTtl()))) {
            return null;
        }
        eventLoop.call(() -> shared.remove(key));
        return value;
    }

    private static String pendingKey(MpAccount account, String user) {
        return "wx:pending:" + account.binding.bindingId() + ":" + user;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
