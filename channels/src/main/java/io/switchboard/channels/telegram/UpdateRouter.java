package io.switchboard.channels.telegram;

import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.spi.MediaLimits;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.Audio;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.MessageEntity;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.Voice;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.photo.PhotoSize;

/**
 * Decides what an update asks for: private chats get every message answered; groups follow the
 * binding's {@link BotSettings.GroupMode}. Updates for no one (edits, channel posts, other bots'
 * commands, unaddressed group chatter) give an empty result.
 */
final class UpdateRouter {
    private final String bindingId;
    private final BotSettings settings;
    private final MediaLimits limits;

    UpdateRouter(String bindingId, BotSettings settings, MediaLimits limits) {
        this.bindingId = bindingId;
        this.settings = settings;
        this.limits = limits;
    }

    /** The chat an update belongs to, when it belongs to one we answer in. */
    static Optional<ChatRef> chatOf(Update update) {
        if (update.hasMessage() && update.getMessage().getChat() != null) {
            Message message = update.getMessage();
            if (message.isUserMessage() || message.isGroupMessage() || message.isSuperGroupMessage()) {
                return Optional.of(
                        new ChatRef(message.getChatId(), !message.isUserMessage(), System.currentTimeMillis()));
            }
        }
        if (update.hasCallbackQuery()
                && update.getCallbackQuery().getMessage() != null
                && update.getCallbackQuery().getMessage().getChat() != null) {
            var message = update.getCallbackQuery().getMessage();
            return Optional.of(new ChatRef(message.getChatId(), !message.isUserMessage(), System.currentTimeMillis()));
        }
        return Optional.empty();
    }

    /** @param botUsername without {@code @}; null while unknown (then only replies address the bot) */
    Optional<ChatJob> route(Update update, ChatRef chat, String botUsername) {
        String messageId = bindingId + ":" + update.getUpdateId();
        if (update.hasCallbackQuery()) {
            CallbackQuery query = update.getCallbackQuery();
            return Optional.of(
                    new ChatJob.Button(chat, userId(query.getFrom()), query.getId(), query.getData(), messageId));
        }
        Message message = update.getMessage();
        String text = message.hasText() ? message.getText() : message.getCaption();
        List<MessageEntity> entities = message.hasText() ? message.getEntities() : message.getCaptionEntities();
        if (chat.group() && !addressed(message, text, entities, botUsername)) {
            return Optional.empty();
        }
        if (message.hasPhoto() || message.hasVoice() || message.hasAudio() || message.hasVideoNote()) {
            String caption =
                    text == null || botUsername == null ? Objects.toString(text, "") : stripMention(text, botUsername);
            return Optional.of(new ChatJob.Media(
                    chat,
                    message.hasPhoto() ? settings.photoReply() : settings.voiceReply(),
                    message.hasPhoto(),
                    mediaFile(message),
                    userId(message.getFrom()),
                    caption,
                    messageId));
        }
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String command = command(text, botUsername);
        if (command == null) {
            return Optional.empty();
        }
        return switch (command) {
            case "/start" -> Optional.of(new ChatJob.Start(chat));
            case "/new" -> Optional.of(new ChatJob.NewConversation(chat));
            default -> {
                String question = botUsername == null ? text : stripMention(text, botUsername);
                yield question.isBlank()
                        ? Optional.empty()
                        : Optional.of(new ChatJob.Ask(chat, userId(message.getFrom()), question, messageId));
            }
        };
    }

    /**
     * The photo size to download (the largest within the limit; the smallest when none is, so the
     * user hears it is too large), a voice note or an audio file; null for video notes.
     */
    private ChatJob.MediaFile mediaFile(Message message) {
        if (message.hasPhoto()) {
            List<PhotoSize> sizes = message.getPhoto();
            long max = limits.maxImageBytes();
            Comparator<PhotoSize> byArea =
                    Comparator.comparingLong(size -> (long) nullToZero(size.getWidth()) * nullToZero(size.getHeight()));
            PhotoSize chosen = sizes.stream()
                    .filter(size -> size.getFileSize() == null || size.getFileSize() <= max)
                    .max(byArea)
                    .orElseGet(() -> sizes.stream().min(byArea).orElseThrow());
            return new ChatJob.MediaFile(
                    InboundMessage.Attachment.Kind.IMAGE,
                    chosen.getFileId(),
                    chosen.getFileSize() == null ? null : chosen.getFileSize().longValue(),
                    "image/jpeg");
        }
        if (message.hasVoice()) {
            Voice voice = message.getVoice();
            return audioFile(voice.getFileId(), voice.getFileSize(), voice.getMimeType(), "audio/ogg");
        }
        if (message.hasAudio()) {
            Audio audio = message.getAudio();
            return audioFile(audio.getFileId(), audio.getFileSize(), audio.getMimeType(), "audio/mpeg");
        }
        return null;
    }

    /** Voice notes and audio files share no type in the library, only these fields. */
    private static ChatJob.MediaFile audioFile(String fileId, Long size, String mimeType, String usualType) {
        return new ChatJob.MediaFile(
                InboundMessage.Attachment.Kind.AUDIO, fileId, size, mimeType == null ? usualType : mimeType);
    }

    private static int nullToZero(Integer value) {
        return value == null ? 0 : value;
    }

    private boolean addressed(Message message, String text, List<MessageEntity> entities, String botUsername) {
        boolean repliedToBot = message.getReplyToMessage() != null
                && message.getReplyToMessage().getFrom() != null
                && Boolean.TRUE.equals(message.getReplyToMessage().getFrom().getIsBot())
                && (botUsername == null
                        || botUsername.equalsIgnoreCase(
                                message.getReplyToMessage().getFrom().getUserName()));
        boolean commandForUs = text != null
                && text.startsWith("/")
                && botUsername != null
                && text.split("\\s", 2)[0]
                        .toLowerCase(Locale.ROOT)
                        .endsWith("@" + botUsername.toLowerCase(Locale.ROOT));
        return switch (settings.groupMode()) {
            case ALL -> true;
            case REPLY -> repliedToBot || commandForUs;
            case MENTION -> repliedToBot || commandForUs || mentioned(text, entities, botUsername);
        };
    }

    private static boolean mentioned(String text, List<MessageEntity> entities, String botUsername) {
        if (text == null || botUsername == null || entities == null) {
            return false;
        }
        String handle = "@" + botUsername.toLowerCase(Locale.ROOT);
        for (MessageEntity entity : entities) {
            if ("mention".equals(entity.getType()) && entity.getOffset() != null && entity.getLength() != null) {
                int end = entity.getOffset() + entity.getLength();
                if (end <= text.length()
                        && text.substring(entity.getOffset(), end)
                                .toLowerCase(Locale.ROOT)
                                .equals(handle)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The command name ({@code /start}) of a command for this bot, {@code ""} for a plain message, or
     * null for another bot's command ({@code /start@otherbot}).
     */
    private static String command(String text, String botUsername) {
        if (!text.startsWith("/")) {
            return "";
        }
        String word = text.split("\\s", 2)[0].toLowerCase(Locale.ROOT);
        int at = word.indexOf('@');
        if (at < 0) {
            return word;
        }
        if (botUsername != null && word.substring(at + 1).equals(botUsername.toLowerCase(Locale.ROOT))) {
            return word.substring(0, at);
        }
        return null;
    }

    private static String stripMention(String text, String botUsername) {
        return text.replaceAll("(?i)@" + java.util.regex.Pattern.quote(botUsername) + "\\b", "")
                .strip();
    }

    private static String userId(User user) {
        return user == null ? "unknown" : String.valueOf(user.getId());
    }
}
