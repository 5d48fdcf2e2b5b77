package io.switchboard.channels.telegram;

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

    /** A photo or voice note: answered with the binding's configured text. */
    record Media(ChatRef chat, String reply) implements ChatJob {}
}
