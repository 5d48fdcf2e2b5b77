package io.switchboard.channels.telegram;

import io.switchboard.channels.spi.FixedTexts;
import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.spi.TurnHandler;
import io.switchboard.channels.spi.TurnReply;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.Context;
import io.vertx.ext.web.handler.HttpException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;

/**
 * Runs one turn and shows it growing: a {@code sendMessageDraft} preview in private chats (or, where
 * drafts are refused, and in groups, a message edited at most every {@code streamInterval}), then the
 * final answer as Markdown, split into as many messages as it needs. Runs on the chat's virtual thread.
 */
final class ReplyStream {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyStream.class);
    static final String UNAVAILABLE_TEXT = "This bot is not available right now.";
    static final String UNAVAILABLE_TEXT_ZH = "这个机器人暂时无法使用。";
    static final String FAILURE_TEXT = "Sorry, something went wrong. Please try again.";
    static final String FAILURE_TEXT_ZH = "抱歉，出错了，请重试。";
    private static final Duration TURN_LIMIT = Duration.ofMinutes(5);

    private final Context context;
    private final TurnHandler turns;
    private final VirtualThreads turnThreads;
    private final BotSender sender;
    private final Duration streamInterval;
    private final int maxLength;
    private final AtomicBoolean draftsRefused;

    ReplyStream(
            Context context,
            TurnHandler turns,
            VirtualThreads turnThreads,
            BotSender sender,
            TelegramOptions options,
            AtomicBoolean draftsRefused) {
        this.context = context;
        this.turns = turns;
        this.turnThreads = turnThreads;
        this.sender = sender;
        this.streamInterval = options.streamInterval();
        this.maxLength = options.maxMessageLength();
        this.draftsRefused = draftsRefused;
    }

    /**
     * Runs the turn and shows its answer, with {@code buttons} of the reply under its last part.
     *
     * @param appLanguage the app's reply language, or null: the failure texts follow it, else the user's
     * @param buttons the keyboard for a finished reply, or null for none; not called for a failed turn
     * @param journal marked sending just before the answer's first message (the previews come before it)
     *     and done as soon as its last part was accepted
     * @return the reply, or null when the turn failed or gave no reply in time (the user was told)
     */
    TurnReply run(
            ChatRef chat,
            InboundMessage message,
            String appLanguage,
            Function<TurnReply, InlineKeyboardMarkup> buttons,
            AnswerJournal journal)
            throws InterruptedException {
        boolean chinese = FixedTexts.chinese(appLanguage, message.text());
        StreamBuffer buffer = new StreamBuffer();
        // The turn runs beside this chat's thread, which shows its chunks as they come.
        CompletableFuture<TurnReply> reply = turnThreads
                .call(() -> turns.run(message, chunk -> buffer.append(chunk.delta())))
                .toCompletionStage()
                .toCompletableFuture();
        reply.whenComplete((done, failure) -> buffer.finish());
        if (chat.group()) {
            sender.typing(chat);
        }
        Preview preview = new Preview(chat);
        String shown = "";
        long deadline = System.nanoTime() + TURN_LIMIT.toNanos();
        while (!buffer.awaitFinished(streamInterval) && System.nanoTime() < deadline) {
            String text = buffer.text();
            if (!text.isBlank() && !text.equals(shown)) {
                preview.show(clip(text));
                shown = text;
            }
        }
        TurnReply done = null;
        String answer;
        try {
            done = reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            answer = done.text() == null || done.text().isBlank() ? "…" : done.text();
        } catch (TimeoutException e) {
            // The runtime bounds model calls itself; this only keeps a lost turn from blocking the chat.
            LOG.warn("turn gave no reply within {}; the chat moves on", TURN_LIMIT);
            answer = chinese ? FAILURE_TEXT_ZH : FAILURE_TEXT;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpException http && http.getStatusCode() == 404) {
                answer = chinese ? UNAVAILABLE_TEXT_ZH : UNAVAILABLE_TEXT;
            } else {
                LOG.warn("turn failed: {}", e.getCause().toString());
                answer = chinese ? FAILURE_TEXT_ZH : FAILURE_TEXT;
            }
        }
        InlineKeyboardMarkup markup = done == null || buttons == null ? null : buttons.apply(done);
        List<String> parts = TelegramText.split(answer, maxLength);
        journal.sending();
        preview.finish(parts, markup);
        journal.answered();
        return done;
    }

    private String clip(String text) {
        return text.length() <= maxLength ? text : text.substring(0, maxLength - 1) + "…";
    }

    /** The growing answer in one chat: a draft, or a message that is edited. */
    private final class Preview {
        private final ChatRef chat;
        private final int draftId = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        private boolean useDraft;
        private Integer messageId;

        Preview(ChatRef chat) {
            this.chat = chat;
            this.useDraft = !chat.group() && !draftsRefused.get();
        }

        void show(String text) {
            try {
                if (useDraft) {
                    sender.draft(chat, draftId, text);
                } else if (messageId == null) {
                    messageId = sender.sendPlain(chat, text);
                } else {
                    sender.editPlain(chat, messageId, text);
                }
            } catch (BotApiException e) {
                if (e.kind() == BotApiException.Kind.CHAT_GONE) {
                    throw e;
                }
                if (useDraft && e.kind() == BotApiException.Kind.REJECTED) {
                    LOG.info("chat {}: drafts refused ({}); streaming by editing a message", chat.id(), e.getMessage());
                    draftsRefused.set(true);
                    useDraft = false;
                } else {
                    LOG.debug("chat {}: preview not updated: {}", chat.id(), e.getMessage());
                }
            }
        }

        /** Sends {@code parts}, {@code buttons} (null: none) under the last one. */
        void finish(List<String> parts, InlineKeyboardMarkup buttons) {
            int first = 0;
            int last = parts.size() - 1;
            if (messageId != null) {
                sender.editMarkdown(chat, messageId, parts.getFirst(), last == 0 ? buttons : null);
                first = 1;
            }
            for (int i = first; i < parts.size(); i++) {
                sender.sendMarkdown(chat, parts.get(i), i == last ? buttons : null);
            }
        }
    }
}
