package io.switchboard.channels.spi;

import java.util.List;

/**
 * A message the gateway sends to a staff member unprompted (not an answer to a turn), such as a request
 * to approve a paused workflow run: a text and links, each shown as a button where the channel has
 * buttons (Telegram) and as a labelled line otherwise (WeCom).
 *
 * @param text what the message says, plain text
 * @param links the links to offer, in order; may be empty
 */
public record StaffNotice(String text, List<Link> links) {
    /**
     * One link: its label (the button's text) and an absolute {@code http(s)} URL.
     *
     * @param decides opening it and confirming takes one decision with no further input, so a channel
     *     with in-chat buttons may offer it as a button whose press goes to {@link StaffNoticeActions}
     */
    public record Link(String label, String url, boolean decides) {
        public Link {
            if (label == null || label.isBlank()) {
                throw new IllegalArgumentException("a link needs a label");
            }
            if (url == null || !url.matches("https?://.+")) {
                throw new IllegalArgumentException("a link needs an absolute http(s) URL");
            }
        }
    }

    public StaffNotice {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a notice needs a text");
        }
        links = links == null ? List.of() : List.copyOf(links);
    }
}
