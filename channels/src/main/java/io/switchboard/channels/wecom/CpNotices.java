package io.switchboard.channels.wecom;

import io.switchboard.channels.spi.StaffNotice;
import io.switchboard.channels.weixin.Utf8Split;
import io.switchboard.channels.weixin.WeixinApiException;
import java.nio.charset.StandardCharsets;

/**
 * Unprompted messages to a member of the corp through {@code /cgi-bin/message/send}: the notice's text
 * and one line per link (a Markdown link when the binding sends Markdown), in one message of at most
 * 2048 bytes — the text is shortened, never the links. Blocking: virtual threads only.
 */
final class CpNotices {
    static final int MAX_BYTES = 2048;
    /** WeCom userids: letters, digits and {@code _ - . @}, at most 64 characters. */
    static final String USER_ID = "[A-Za-z0-9_.@-]{1,64}";

    private CpNotices() {}

    static String format(StaffNotice notice, boolean markdown) {
        StringBuilder links = new StringBuilder();
        for (StaffNotice.Link link : notice.links()) {
            links.append('\n')
                    .append(
                            markdown
                                    ? "[" + link.label().replace("]", ")") + "](" + link.url() + ")"
                                    : link.label() + ": " + link.url());
        }
        int budget = MAX_BYTES - links.toString().getBytes(StandardCharsets.UTF_8).length - 8;
        String text = notice.text().strip();
        if (text.getBytes(StandardCharsets.UTF_8).length > budget) {
            text = Utf8Split.split(text, Math.max(16, budget)).get(0) + "…";
        }
        return links.isEmpty() ? text : text + "\n" + links;
    }

    /** Sends it, once more with a fresh token when WeCom refused the token. */
    static void send(CpAccount account, String user, StaffNotice notice) {
        String content = format(notice, account.settings.markdown());
        try {
            account.send(user, content, false);
        } catch (WeixinApiException e) {
            if (!e.tokenError()) {
                throw e;
            }
            account.send(user, content, true);
        }
    }
}
