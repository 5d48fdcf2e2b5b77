package io.switchboard.channels.telegram;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendMessageDraft;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.LinkPreviewOptions;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

/**
 * One bot's way out: every message, edit and draft passes the cluster-wide {@link SendPacer}; a 429
 * pauses the chat for {@code retry_after} on every member and sends the same request again (a 429
 * means it was not delivered, so nothing is duplicated); a 403 marks the chat gone in
 * {@link BlockedChats} and no member sends to it again until the chat writes again; HTML that Telegram refuses is sent again as plain text. Blocking: virtual threads only.
 */
final class BotSender {
    private static final Logger LOG = LoggerFactory.getLogger(BotSender.class);
    private static final LinkPreviewOptions NO_PREVIEW =
            LinkPreviewOptions.builder().isDisabled(true).build();

    private final BotClient client;
    private final SendPacer pacer;
    private final BlockedChats blocked;
    private final int maxAttempts;
    private final Duration backoff;
    /** Set by a simulated crash (tests): no call leaves any more. */
    private volatile boolean halted;

    BotSender(BotClient client, SendPacer pacer, BlockedChats blocked, TelegramOptions options) {
        this.client = client;
        this.pacer = pacer;
        this.blocked = blocked;
        this.maxAttempts = options.maxAttempts();
        this.backoff = options.retryBackoff();
    }

    /** Sends nothing from now on, as a killed process would (tests). */
    void halt() {
        halted = true;
    }

    /**
     * False when Telegram refused a send to this chat (403: blocked, kicked), on any member, that
     * started after the update behind {@code chat} was accepted. See {@link BlockedChats}.
     */
    boolean canSend(ChatRef chat) throws InterruptedException {
        return blocked.canSend(chat);
    }

    /** Sends Markdown rendered as HTML, or as plain text when Telegram refuses the markup; the new id. */
    int sendMarkdown(ChatRef chat, String markdown, InlineKeyboardMarkup buttons) {
        try {
            return send(chat, TelegramText.toHtml(markdown), ParseMode.HTML, buttons);
        } catch (BotApiException e) {
            if (e.kind() != BotApiException.Kind.MARKUP_REJECTED) {
                throw e;
            }
            LOG.debug("chat {}: HTML refused ({}), sending plain text", chat.id(), e.getMessage());
            return send(chat, markdown, null, buttons);
        }
    }

    /**
     * Sends plain text under a keyboard of one button per row: a URL button where {@code urls} has
     * one, else a callback button with {@code data}; the new message's id.
     */
    int sendWithButtons(ChatRef chat, String text, List<String> labels, List<String> urls, List<String> data) {
        List<InlineKeyboardRow> rows = new java.util.ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            var button = InlineKeyboardButton.builder().text(labels.get(i));
            rows.add(new InlineKeyboardRow(
                    urls.get(i) != null
                            ? button.url(urls.get(i)).build()
                            : button.callbackData(data.get(i)).build()));
        }
        return send(chat, text, null, rows.isEmpty() ? null : new InlineKeyboardMarkup(rows));
    }

    /** Sends plain text; the new message's id. */
    int sendPlain(ChatRef chat, String text) {
        return send(chat, text, null, null);
    }

    /** Sends plain text with {@code buttons} under it; the new message's id. */
    int sendPlain(ChatRef chat, String text, InlineKeyboardMarkup buttons) {
        return send(chat, text, null, buttons);
    }

    /** Replaces a message's text with rendered Markdown (plain on refusal); a no-op edit is fine. */
    void editMarkdown(ChatRef chat, int messageId, String markdown) {
        editMarkdown(chat, messageId, markdown, null);
    }

    /** Like {@link #editMarkdown(ChatRef, int, String)}, with {@code buttons} under the message (null: none). */
    void editMarkdown(ChatRef chat, int messageId, String markdown, InlineKeyboardMarkup buttons) {
        try {
            edit(chat, messageId, TelegramText.toHtml(markdown), ParseMode.HTML, buttons);
        } catch (BotApiException e) {
            if (e.kind() != BotApiException.Kind.MARKUP_REJECTED) {
                throw e;
            }
            edit(chat, messageId, markdown, null, buttons);
        }
    }

    /** Replaces a message's text with plain text (a streamed preview). */
    void editPlain(ChatRef chat, int messageId, String text) {
        edit(chat, messageId, text, null, null);
    }

    /** Shows or grows a draft preview in a private chat. */
    void draft(ChatRef chat, int draftId, String text) {
        deliver(
                chat,
                "sendMessageDraft",
                c -> c.execute(SendMessageDraft.builder()
                        .chatId(chat.id())
                        .draftId(draftId)
                        .text(text)
                        .build()));
    }

    /** Stops the button's spinner. Not paced: it is not a message. */
    void answerCallback(String callbackId) {
        client.call("answerCallbackQuery", c -> c.execute(new AnswerCallbackQuery(callbackId)));
    }

    /** Stops the button's spinner and shows {@code text} briefly at the top of the chat. */
    void answerCallback(String callbackId, String text) {
        client.call(
                "answerCallbackQuery",
                c -> c.execute(AnswerCallbackQuery.builder()
                        .callbackQueryId(callbackId)
                        .text(text)
                        .build()));
    }

    /** "typing…" for up to 5 s. Not paced and best effort. */
    void typing(ChatRef chat) {
        try {
            client.call(
                    "sendChatAction",
                    c -> c.execute(SendChatAction.builder()
                            .chatId(chat.id())
                            .action("typing")
                            .build()));
        } catch (BotApiException e) {
            LOG.debug("chat {}: chat action failed: {}", chat.id(), e.getMessage());
        }
    }

    /** A keyboard of one button per row; {@code data} travels back in the callback query. */
    static InlineKeyboardMarkup buttons(List<String> labels, List<String> data) {
        List<InlineKeyboardRow> rows = new java.util.ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            rows.add(row(List.of(labels.get(i)), List.of(data.get(i))));
        }
        return new InlineKeyboardMarkup(rows);
    }

    /** One row of buttons side by side; {@code data} travels back in the callback query. */
    static InlineKeyboardRow row(List<String> labels, List<String> data) {
        InlineKeyboardRow row = new InlineKeyboardRow();
        for (int i = 0; i < labels.size(); i++) {
            row.add(InlineKeyboardButton.builder()
                    .text(labels.get(i))
                    .callbackData(data.get(i))
                    .build());
        }
        return row;
    }

    private int send(ChatRef chat, String text, String parseMode, InlineKeyboardMarkup buttons) {
        Message sent = deliver(
                chat,
                "sendMessage",
                c -> c.execute(SendMessage.builder()
                        .chatId(chat.id())
                        .text(text)
                        .parseMode(parseMode)
                        .linkPreviewOptions(NO_PREVIEW)
                        .replyMarkup(buttons)
                        .build()));
        return sent.getMessageId();
    }

    private void edit(ChatRef chat, int messageId, String text, String parseMode, InlineKeyboardMarkup buttons) {
        try {
            deliver(
                    chat,
                    "editMessageText",
                    c -> c.execute(EditMessageText.builder()
                            .chatId(chat.id())
                            .messageId(messageId)
                            .text(text)
                            .parseMode(parseMode)
                            .linkPreviewOptions(NO_PREVIEW)
                            .replyMarkup(buttons)
                            .build()));
        } catch (BotApiException e) {
            if (e.kind() != BotApiException.Kind.NOT_MODIFIED) {
                throw e;
            }
        }
    }

    private <T> T deliver(ChatRef chat, String method, BotClient.Call<T> call) {
        BotApiException last = null;
        try {
            for (int attempt = 1; attempt <= maxAttempts; attempt++) {
                pacer.acquire(chat);
                if (halted) {
                    throw new InterruptedException("halted");
                }
                // Checked once the slot has come: another member may have been refused meanwhile.
                if (!blocked.canSend(chat)) {
                    throw new BotApiException(
                            BotApiException.Kind.CHAT_GONE,
                            403,
                            method + ": chat blocked the bot",
                            Duration.ZERO,
                            null);
                }
                long started = System.currentTimeMillis();
                try {
                    T result = client.call(method, call);
                    blocked.delivered(chat);
                    return result;
                } catch (BotApiException e) {
                    last = e;
                    switch (e.kind()) {
                        case RATE_LIMITED -> {
                            LOG.info("chat {}: {} rate limited, retrying after {}", chat.id(), method, e.retryAfter());
                            pacer.pause(chat, e.retryAfter());
                        }
                        case UNAVAILABLE -> pause(backoff.multipliedBy(attempt));
                        case CHAT_GONE -> {
                            LOG.info(
                                    "chat {}: {} refused ({}); not sending to this chat until it writes again",
                                    chat.id(),
                                    method,
                                    e.errorCode());
                            blocked.refused(chat, started);
                            throw e;
                        }
                        default -> throw e;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BotApiException(BotApiException.Kind.UNAVAILABLE, 0, method + ": interrupted", Duration.ZERO, e);
        }
        throw last;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BotApiException(BotApiException.Kind.UNAVAILABLE, 0, "interrupted", Duration.ZERO, e);
        }
    }
}
