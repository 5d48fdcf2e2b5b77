package io.switchboard.channels.telegram;

import io.switchboard.channels.spi.DurableState;
import io.switchboard.channels.spi.StaffNotice;
import io.switchboard.channels.spi.StaffNoticeActions;
import io.switchboard.threads.VirtualThreads;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-chat buttons of staff notices: a deciding link becomes a callback button whose data is
 * {@code sbn:<random key>} (Telegram allows 64 bytes, too few for the link), the key kept in durable
 * state for {@link #KEPT} so that a press on any member, even after a restart of all of them, finds the
 * link; a press goes to the gateway's {@link StaffNoticeActions} and its answer is sent to the chat.
 * Without actions (or durable state) links stay URL buttons. Blocking: virtual threads only.
 */
final class NoticeButtons {
    private static final Logger LOG = LoggerFactory.getLogger(NoticeButtons.class);
    static final String PREFIX = "sbn:";
    /** The longest a notice's link is valid (a human-input timeout is at most 30 days). */
    static final Duration KEPT = Duration.ofDays(31);

    private static final String KEY_PREFIX = "tg-notice:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DurableState durable;
    private final StaffNoticeActions actions;

    /** @param actions where presses go; null when the gateway set none (links stay URL buttons) */
    NoticeButtons(DurableState durable, StaffNoticeActions actions) {
        this.durable = durable;
        this.actions = actions;
    }

    static boolean pressed(String data) {
        return data != null && data.startsWith(PREFIX);
    }

    /** Labels and, per button, a URL or (for a deciding link) callback data; registers the keys. */
    void keyboard(StaffNotice notice, List<String> labels, List<String> urls, List<String> data) {
        for (StaffNotice.Link link : notice.links()) {
            labels.add(link.label());
            if (link.decides() && actions != null && durable != null) {
                byte[] bytes = new byte[16];
                RANDOM.nextBytes(bytes);
                String key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                VirtualThreads.await(durable.put(KEY_PREFIX + key, link.url(), KEPT));
                urls.add(null);
                data.add(PREFIX + key);
            } else {
                urls.add(link.url());
                data.add(null);
            }
        }
    }

    /** The answer to show for a press of {@code data} by {@code chat} in binding {@code bindingId}. */
    String press(String bindingId, long chat, String data) {
        if (actions == null || durable == null) {
            return "This button no longer works here; open the approval link instead.";
        }
        String url = VirtualThreads.await(durable.get(KEY_PREFIX + data.substring(PREFIX.length())));
        if (url == null) {
            return "This button has expired.";
        }
        try {
            return VirtualThreads.await(actions.press(bindingId, Long.toString(chat), url));
        } catch (RuntimeException e) {
            LOG.warn("telegram binding {}: a notice button could not be acted on: {}", bindingId, e.toString());
            return "The decision could not be recorded right now; try again.";
        }
    }
}
