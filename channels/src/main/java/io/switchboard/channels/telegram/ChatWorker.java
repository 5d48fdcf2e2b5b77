package io.switchboard.channels.telegram;

import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.spi.FeedbackMessage;
import io.switchboard.channels.spi.FixedTexts;
import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.spi.TurnReply;
import io.switchboard.threads.EventLoop;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.Context;
import io.vertx.ext.web.handler.HttpException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@link ChatJob}s for one bot on the chat's virtual thread: questions become turns,
 * {@code /start} shows the opening statement with the suggested questions as buttons, {@code /new}
 * moves the chat to a new conversation (a generation counter in shared state, so every member agrees).
 */
final class ChatWorker {
    private static final Logger LOG = LoggerFactory.getLogger(ChatWorker.class);
    static final String NEW_CONVERSATION_TEXT = "New conversation started. Ask me anything.";
    static final String NEW_CONVERSATION_TEXT_ZH = "已开始新的对话，请提问。";
    static final String DEFAULT_OPENING = "Hello! Ask me anything.";
    static final String DEFAULT_OPENING_ZH = "你好！有什么可以帮你？";
    static final String BUTTON_PREFIX = "q:";
    static final String FOLLOW_UPS_TEXT = "You might also ask:";
    static final String FOLLOW_UPS_TEXT_ZH = "您可能还想问：";
    static final String THANKS_TEXT = "Thanks for your feedback!";
    static final String THANKS_TEXT_ZH = "感谢您的反馈！";
    private static final int MAX_BUTTONS = 8;
    private static final int MAX_BUTTON_LABEL = 60;
    private static final Duration GENERATION_TTL = Duration.ofDays(90);

    private final String bindingId;
    private final String appId;
    private final ChannelContext channel;
    private final Context context;
    private final BotSender sender;
    private final ReplyStream replies;
    private final TelegramMedia media;
    private final AnswerButtons buttons;

    ChatWorker(
            String bindingId,
            String appId,
            ChannelContext channel,
            Context context,
            BotSender sender,
            TelegramOptions options,
            TelegramMedia media,
            VirtualThreads turnThreads) {
        this.bindingId = bindingId;
        this.appId = appId;
        this.channel = channel;
        this.context = context;
        this.sender = sender;
        this.replies = new ReplyStream(context, channel.turns(), turnThreads, sender, options, new AtomicBoolean());
        this.media = media;
        this.buttons = new AnswerButtons(bindingId, context, channel.shared());
    }

    /** @param journal the update's delivery journal: marked sending before the answer, done right after */
    void run(ChatJob job, AnswerJournal journal) {
        try {
            if (!sender.canSend(job.chat())) {
                LOG.debug(
                        "chat {}: skipped, the chat blocked the bot", job.chat().id());
                return;
            }
            switch (job) {
                case ChatJob.Ask ask -> ask(ask.chat(), ask.userId(), ask.text(), ask.messageId(), journal);
                case ChatJob.Start start -> start(start.chat(), journal);
                case ChatJob.NewConversation fresh -> {
                    nextGeneration(fresh.chat());
                    String text =
                            FixedTexts.pick(replyLanguage(), null, NEW_CONVERSATION_TEXT, NEW_CONVERSATION_TEXT_ZH);
                    journal.sending();
                    sender.sendPlain(fresh.chat(), text);
                    journal.answered();
                }
                case ChatJob.Button button -> pressed(button, journal);
                case ChatJob.Media file -> media(file, journal);
            }
        } catch (BotApiException e) {
            LOG.info(
                    "telegram binding {} chat {}: reply not delivered: {}",
                    bindingId,
                    job.chat().id(),
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void ask(ChatRef chat, String userId, String text, String messageId, AnswerJournal journal)
            throws InterruptedException {
        ask(chat, userId, text, messageId, List.of(), journal);
    }

    private void ask(
            ChatRef chat,
            String userId,
            String text,
            String messageId,
            List<InboundMessage.Attachment> attachments,
            AnswerJournal journal)
            throws InterruptedException {
        String conversationId = conversationId(chat);
        LOG.debug("telegram binding {} chat {}: turn in {}", bindingId, chat.id(), conversationId);
        String language = replyLanguage();
        TurnReply reply = replies.run(
                chat,
                new InboundMessage(
                        TelegramChannel.TYPE,
                        appId,
                        conversationId,
                        userId,
                        messageId,
                        text,
                        Map.of(),
                        false,
                        // When Telegram was told we have it: a turn the gateway must still run while it stops.
                        Instant.ofEpochMilli(chat.acceptedAtMillis()),
                        attachments),
                language,
                AnswerButtons::feedback,
                journal);
        if (reply != null && !reply.failed()) {
            offerFollowUps(chat, text, language, reply);
        }
    }

    /** The app's reply language, or null when it has none or is unknown right now. */
    private String replyLanguage() throws InterruptedException {
        try {
            AppProfile profile = profile();
            return profile == null ? null : profile.replyLanguage();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** After the answer: its follow-up questions as buttons, in a message of their own. */
    private void offerFollowUps(ChatRef chat, String question, String language, TurnReply reply)
            throws InterruptedException {
        List<String> followUps;
        try {
            followUps = reply.followUps()
                    .toCompletableFuture()
                    .get(TurnReply.FOLLOW_UP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return;
        }
        if (followUps == null || followUps.isEmpty()) {
            return;
        }
        sender.sendPlain(
                chat,
                FixedTexts.pick(language, question, FOLLOW_UPS_TEXT, FOLLOW_UPS_TEXT_ZH),
                buttons.followUps(chat, followUps.subList(0, Math.min(5, followUps.size()))));
    }

    private void media(ChatJob.Media file, AnswerJournal journal) throws InterruptedException {
        switch (media.fetch(file, profile())) {
            case TelegramMedia.Result.Reply reply -> {
                journal.sending();
                sender.sendPlain(file.chat(), reply.text());
                journal.answered();
            }
            case TelegramMedia.Result.Attached attached ->
                ask(
                        file.chat(),
                        file.userId(),
                        file.caption(),
                        file.messageId(),
                        List.of(attached.attachment()),
                        journal);
        }
    }

    private void start(ChatRef chat, AnswerJournal journal) throws InterruptedException {
        AppProfile profile = profile();
        if (profile == null) {
            // No app, so no reply language, and /start says nothing of the user's: both languages.
            journal.sending();
            sender.sendPlain(chat, ReplyStream.UNAVAILABLE_TEXT + " " + ReplyStream.UNAVAILABLE_TEXT_ZH);
            journal.answered();
            return;
        }
        String opening =
                profile.openingStatement() == null || profile.openingStatement().isBlank()
                        ? FixedTexts.pick(profile.replyLanguage(), null, DEFAULT_OPENING, DEFAULT_OPENING_ZH)
                        : profile.openingStatement();
        List<String> labels = new ArrayList<>();
        List<String> data = new ArrayList<>();
        List<String> questions = profile.suggestedQuestions();
        for (int i = 0; i < Math.min(MAX_BUTTONS, questions.size()); i++) {
            String question = questions.get(i);
            labels.add(
                    question.length() > MAX_BUTTON_LABEL
                            ? question.substring(0, MAX_BUTTON_LABEL - 1) + "…"
                            : question);
            data.add(BUTTON_PREFIX + i);
        }
        journal.sending();
        sender.sendMarkdown(chat, opening, labels.isEmpty() ? null : BotSender.buttons(labels, data));
        journal.answered();
    }

    private void pressed(ChatJob.Button button, AnswerJournal journal) throws InterruptedException {
        Optional<AnswerButtons.Press> press = AnswerButtons.parse(button.data());
        if (press.isPresent()) {
            answerButton(button, press.get(), journal);
            return;
        }
        try {
            sender.answerCallback(button.callbackId());
        } catch (BotApiException e) {
            LOG.debug("callback answer failed: {}", e.getMessage());
        }
        String data = button.data();
        if (data == null || !data.startsWith(BUTTON_PREFIX)) {
            return;
        }
        AppProfile profile = profile();
        int index;
        try {
            index = Integer.parseInt(data.substring(BUTTON_PREFIX.length()));
        } catch (NumberFormatException e) {
            return;
        }
        if (profile == null
                || index < 0
                || index >= profile.suggestedQuestions().size()) {
            return;
        }
        ask(button.chat(), button.userId(), profile.suggestedQuestions().get(index), button.messageId(), journal);
    }

    private void answerButton(ChatJob.Button button, AnswerButtons.Press press, AnswerJournal journal)
            throws InterruptedException {
        switch (press) {
            case AnswerButtons.Press.Feedback feedback -> {
                boolean recorded;
                try {
                    EventLoop.of(context)
                            .callInterruptibly(() -> channel.turns()
                                    .feedback(new FeedbackMessage(
                                            TelegramChannel.TYPE,
                                            appId,
                                            feedback.turnId(),
                                            feedback.up(),
                                            null,
                                            button.userId())));
                    recorded = true;
                } catch (RuntimeException e) {
                    LOG.debug(
                            "chat {}: feedback not recorded: {}", button.chat().id(), e.getMessage());
                    recorded = false;
                }
                String language = replyLanguage();
                String thanks = recorded
                        ? FixedTexts.pick(language, null, THANKS_TEXT, THANKS_TEXT_ZH)
                        : FixedTexts.pick(language, null, ReplyStream.FAILURE_TEXT, ReplyStream.FAILURE_TEXT_ZH);
                answerQuietly(button, thanks);
            }
            case AnswerButtons.Press.FollowUp followUp -> {
                answerQuietly(button, null);
                Optional<String> question = buttons.question(button.chat(), followUp);
                if (question.isPresent()) {
                    ask(button.chat(), button.userId(), question.get(), button.messageId(), journal);
                }
            }
        }
    }

    private void answerQuietly(ChatJob.Button button, String text) {
        try {
            if (text == null) {
                sender.answerCallback(button.callbackId());
            } else {
                sender.answerCallback(button.callbackId(), text);
            }
        } catch (BotApiException e) {
            LOG.debug("callback answer failed: {}", e.getMessage());
        }
    }

    /** The app's profile, or null when it is unknown or unpublished. */
    private AppProfile profile() throws InterruptedException {
        try {
            return EventLoop.of(context).callInterruptibly(() -> channel.apps().profile(appId));
        } catch (HttpException e) {
            if (e.getStatusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    private String conversationId(ChatRef chat) throws InterruptedException {
        String generation =
                EventLoop.of(context).callInterruptibly(() -> channel.shared().get(generationKey(chat)));
        return TelegramChannel.TYPE + ":" + bindingId + ":" + chat.id() + ":" + (generation == null ? "0" : generation);
    }

    /**
     * Read-then-write is enough: a chat's jobs run in order on one member; two members racing on /new
     * for the same chat both move it to the same next generation, which is still a new conversation.
     */
    private void nextGeneration(ChatRef chat) throws InterruptedException {
        String current =
                EventLoop.of(context).callInterruptibly(() -> channel.shared().get(generationKey(chat)));
        long next = current == null ? 1 : Long.parseLong(current) + 1;
        EventLoop.of(context)
                .callInterruptibly(
                        () -> channel.shared().put(generationKey(chat), Long.toString(next), GENERATION_TTL));
    }

    private String generationKey(ChatRef chat) {
        return "telegram-generation:" + bindingId + ":" + chat.id();
    }
}
