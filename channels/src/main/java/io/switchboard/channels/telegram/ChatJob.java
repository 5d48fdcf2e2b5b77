package io.switchboard.channels.telegram;

import io.switchboard.channels.spi.FixedTexts;
import io.switchboard.channels.spi.InboundMessage;

/** What an accepted update asks the bot to do in its chat; run in order per chat. */
sealed interface ChatJob {
    ChatRef chat();

    /** A question for the app. */
    record Ask(ChatRef chat, String userId, String text, String messageId) implements ChatJob {}

    /** {@code /start}: the opening statement with the suggested questions as buttons. */
    record Start(ChatRef chat) implements ChatJob {}

    /** {@code /new}: later questions go to a fresh conversation. */
    record NewConversation(ChatRef chat) implements ChatJob {}

    /** A suggested-question button was pressed. */
    record Button(ChatRef chat, String userId, String callbackId, String data, String messageId) implements ChatJob {}

    /**
     * A photo or voice note: goes to the app when it takes that kind (see {@link TelegramMedia}),
     * otherwise answered with the binding's configured {@code reply}.
     *
     * @param reply the binding's own answer, or null for the fixed text in the app's language
     * @param file the file to download, or null for media the app never gets (video notes)
     * @param caption the photo's caption, or empty
     */
    record Media(
            ChatRef chat, String reply, boolean photo, MediaFile file, String userId, String caption, String messageId)
            implements ChatJob {
        /** The binding's reply, else the fixed one in the app's (else the caption's) language. */
        String reply(String appLanguage) {
            FixedTexts.Text fixed = photo ? TelegramBindingType.PHOTO_REPLY : TelegramBindingType.VOICE_REPLY;
            return fixed.orIn(reply, appLanguage, caption, fixed.english());
        }
    }

    /**
     * A file of a message as Telegram announces it.
     *
     * @param declaredSize the size the update states, or null when it states none
     */
    record MediaFile(InboundMessage.Attachment.Kind kind, String fileId, Long declaredSize, String mimeType) {}
}
