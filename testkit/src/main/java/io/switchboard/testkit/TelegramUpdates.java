package io.switchboard.testkit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds Bot API {@code Update} objects as Telegram sends them (without {@code update_id}, which
 * {@link FakeTelegramBotApi} assigns). Mentions and commands get their entities, as Telegram adds them.
 */
public final class TelegramUpdates {
    private static final AtomicInteger MESSAGE_IDS = new AtomicInteger(1000);
    private static final Pattern MENTION = Pattern.compile("@[A-Za-z0-9_]{3,}");
    private static final Pattern COMMAND = Pattern.compile("^/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?");

    private TelegramUpdates() {}

    /** A text message in the private chat with user {@code userId} (the chat id is the user id). */
    public static JsonObject privateText(long userId, String text) {
        return message(privateMessage(userId).put("text", text).put("entities", entities(text)));
    }

    /** A text message from {@code userId} in group {@code chatId} (negative, like real groups). */
    public static JsonObject groupText(long chatId, long userId, String text) {
        return message(groupMessage(chatId, userId).put("text", text).put("entities", entities(text)));
    }

    /** A text message in a group replying to the bot's message {@code repliedMessageId}. */
    public static JsonObject groupReplyToBot(
            long chatId, long userId, String text, int repliedMessageId, String botUsername) {
        JsonObject replied = new JsonObject()
                .put("message_id", repliedMessageId)
                .put("date", now())
                .put("chat", group(chatId))
                .put(
                        "from",
                        new JsonObject()
                                .put("id", 42)
                                .put("is_bot", true)
                                .put("first_name", "Bot")
                                .put("username", botUsername))
                .put("text", "earlier answer");
        return message(groupMessage(chatId, userId)
                .put("text", text)
                .put("entities", entities(text))
                .put("reply_to_message", replied));
    }

    /** A photo (with an optional caption) in the private chat with {@code userId}. */
    public static JsonObject privatePhoto(long userId) {
        JsonArray sizes = new JsonArray()
                .add(new JsonObject()
                        .put("file_id", "photo-small")
                        .put("file_unique_id", "ps")
                        .put("width", 90)
                        .put("height", 90))
                .add(new JsonObject()
                        .put("file_id", "photo-large")
                        .put("file_unique_id", "pl")
                        .put("width", 800)
                        .put("height", 800));
        return message(privateMessage(userId).put("photo", sizes));
    }

    /**
     * A photo in the private chat with {@code userId}, in two sizes ({@code photo-small} 90x90 and
     * {@code photo-large} 800x800) of the stated byte sizes, with a caption unless it is null.
     */
    public static JsonObject privatePhoto(long userId, String caption, int smallBytes, int largeBytes) {
        JsonArray sizes = new JsonArray()
                .add(new JsonObject()
                        .put("file_id", "photo-small")
                        .put("file_unique_id", "ps")
                        .put("width", 90)
                        .put("height", 90)
                        .put("file_size", smallBytes))
                .add(new JsonObject()
                        .put("file_id", "photo-large")
                        .put("file_unique_id", "pl")
                        .put("width", 800)
                        .put("height", 800)
                        .put("file_size", largeBytes));
        JsonObject message = privateMessage(userId).put("photo", sizes);
        if (caption != null) {
            message.put("caption", caption);
        }
        return message(message);
    }

    /** A voice note in the private chat with {@code userId}. */
    public static JsonObject privateVoice(long userId) {
        return message(privateMessage(userId)
                .put(
                        "voice",
                        new JsonObject()
                                .put("file_id", "voice-1")
                                .put("file_unique_id", "v1")
                                .put("duration", 3)
                                .put("mime_type", "audio/ogg")));
    }

    /** A press on an inline button carrying {@code data}, under the bot's message {@code messageId}. */
    public static JsonObject callback(long userId, int messageId, String data) {
        JsonObject message = new JsonObject()
                .put("message_id", messageId)
                .put("date", now())
                .put("chat", privateChat(userId))
                .put("text", "buttons");
        return new JsonObject()
                .put(
                        "callback_query",
                        new JsonObject()
                                .put("id", "cb-" + MESSAGE_IDS.incrementAndGet())
                                .put("from", user(userId))
                                .put("message", message)
                                .put("chat_instance", "ci-" + userId)
                                .put("data", data));
    }

    private static JsonObject message(JsonObject message) {
        return new JsonObject().put("message", message);
    }

    private static JsonObject privateMessage(long userId) {
        return new JsonObject()
                .put("message_id", MESSAGE_IDS.incrementAndGet())
                .put("date", now())
                .put("chat", privateChat(userId))
                .put("from", user(userId));
    }

    private static JsonObject groupMessage(long chatId, long userId) {
        return new JsonObject()
                .put("message_id", MESSAGE_IDS.incrementAndGet())
                .put("date", now())
                .put("chat", group(chatId))
                .put("from", user(userId));
    }

    private static JsonObject privateChat(long userId) {
        return new JsonObject().put("id", userId).put("type", "private").put("first_name", "User" + userId);
    }

    private static JsonObject group(long chatId) {
        return new JsonObject().put("id", chatId).put("type", "supergroup").put("title", "Group " + chatId);
    }

    private static JsonObject user(long userId) {
        return new JsonObject().put("id", userId).put("is_bot", false).put("first_name", "User" + userId);
    }

    private static JsonArray entities(String text) {
        JsonArray entities = new JsonArray();
        int commandEnd = 0;
        Matcher command = COMMAND.matcher(text);
        if (command.find()) {
            entities.add(entity("bot_command", command.start(), command.end()));
            commandEnd = command.end();
        }
        Matcher mention = MENTION.matcher(text);
        while (mention.find()) {
            // "/start@bot" is one command entity, not a command and a mention.
            if (mention.start() >= commandEnd) {
                entities.add(entity("mention", mention.start(), mention.end()));
            }
        }
        return entities;
    }

    private static JsonObject entity(String type, int start, int end) {
        return new JsonObject().put("type", type).put("offset", start).put("length", end - start);
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
