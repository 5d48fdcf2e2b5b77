package io.switchboard.testkit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The fake's answer to each Bot API method, with the checks Telegram applies to the parameters. */
final class BotApiMethods {
    static final int MAX_TEXT = 4096;
    /** Where getFile says a file lives; downloaded from {@code /file/bot<token>/files/<file_id>}. */
    static final String FILE_PATH_PREFIX = "files/";

    sealed interface Answer {
        record Result(Object value) implements Answer {}

        record Failure(BotApiFailure failure) implements Answer {}

        record LongPoll(int offset, int limit, int timeoutSeconds) implements Answer {}
    }

    private static final java.util.List<String> METHODS = java.util.List.of(
            "getMe",
            "getUpdates",
            "setWebhook",
            "deleteWebhook",
            "getWebhookInfo",
            "sendMessage",
            "editMessageText",
            "sendMessageDraft",
            "answerCallbackQuery",
            "sendChatAction",
            "getFile");

    private BotApiMethods() {}

    /** The method's documented spelling, whatever the case it was called with. */
    static String canonical(String method) {
        return METHODS.stream()
                .filter(m -> m.equalsIgnoreCase(method))
                .findFirst()
                .orElse(method);
    }

    static Answer answer(BotApiState state, FakeTelegramBotApi.Call call) {
        JsonObject p = call.params();
        return switch (call.method()) {
            case "getMe" -> ok(bot());
            case "getUpdates" ->
                new Answer.LongPoll(
                        integer(p, "offset", 0), Math.min(100, integer(p, "limit", 100)), integer(p, "timeout", 0));
            case "setWebhook" -> setWebhook(state, p);
            case "deleteWebhook" -> {
                state.deleteWebhook(Boolean.parseBoolean(String.valueOf(p.getValue("drop_pending_updates"))));
                yield ok(true);
            }
            case "getWebhookInfo" ->
                ok(new JsonObject()
                        .put(
                                "url",
                                state.webhook() == null ? "" : state.webhook().url())
                        .put("has_custom_certificate", false)
                        .put("pending_update_count", state.pendingCount()));
            case "sendMessage" -> {
                long chatId = chatId(p);
                String visible = checkedText(p);
                int id = state.storeMessage(chatId, visible);
                yield ok(message(chatId, id, visible));
            }
            case "editMessageText" -> {
                long chatId = chatId(p);
                int messageId = integer(p, "message_id", -1);
                String visible = checkedText(p);
                String current = state.message(chatId, messageId);
                if (current == null) {
                    yield fail("Bad Request: message to edit not found");
                }
                if (current.equals(visible)) {
                    yield fail("Bad Request: message is not modified: specified new message content and reply"
                            + " markup are exactly the same as a current content and reply markup of the message");
                }
                state.editMessage(chatId, messageId, visible);
                yield ok(message(chatId, messageId, visible));
            }
            case "sendMessageDraft" -> {
                chatId(p);
                if (integer(p, "draft_id", 0) == 0) {
                    yield fail("Bad Request: draft_id must be non-zero");
                }
                checkedText(p);
                yield ok(true);
            }
            case "answerCallbackQuery" ->
                p.getValue("callback_query_id") == null ? fail("Bad Request: query id is required") : ok(true);
            case "sendChatAction" -> {
                chatId(p);
                yield ok(true);
            }
            case "getFile" -> {
                String fileId = p.getString("file_id");
                if (fileId == null) {
                    yield fail("Bad Request: file_id is required");
                }
                byte[] content = state.file(fileId);
                yield ok(new JsonObject()
                        .put("file_id", fileId)
                        .put("file_unique_id", "u-" + fileId)
                        .put("file_size", content == null ? 1024 : content.length)
                        .put("file_path", FILE_PATH_PREFIX + fileId));
            }
            default -> new Answer.Failure(new BotApiFailure(404, "Not Found", null));
        };
    }

    private static Answer setWebhook(BotApiState state, JsonObject p) {
        String url = p.getString("url", "");
        if (url.isEmpty()) {
            state.deleteWebhook(false);
            return ok(true);
        }
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
            return fail("Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
        }
        String secret = p.getString("secret_token");
        if (secret != null && !secret.matches("[A-Za-z0-9_-]{1,256}")) {
            return fail("Bad Request: secret token contains unallowed characters");
        }
        Object allowed = p.getValue("allowed_updates");
        state.setWebhook(
                new BotApiState.Webhook(url, secret, allowed instanceof JsonArray array ? array : new JsonArray()));
        return ok(true);
    }

    /** The visible text after parse-mode parsing, checked for Telegram's limits. */
    private static String checkedText(JsonObject p) {
        String text = p.getString("text");
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("Bad Request: message text is empty");
        }
        String visible = "HTML".equalsIgnoreCase(p.getString("parse_mode")) ? TelegramHtml.visibleText(text) : text;
        if (visible.isBlank()) {
            throw new IllegalArgumentException("Bad Request: message text is empty");
        }
        if (visible.length() > MAX_TEXT) {
            throw new IllegalArgumentException("Bad Request: message is too long");
        }
        return visible;
    }

    private static long chatId(JsonObject p) {
        Object value = p.getValue("chat_id");
        if (value == null) {
            throw new IllegalArgumentException("Bad Request: chat_id is empty");
        }
        try {
            return Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Bad Request: chat not found");
        }
    }

    private static int integer(JsonObject p, String name, int fallback) {
        Object value = p.getValue(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Bad Request: " + name + " must be a number");
        }
    }

    static JsonObject bot() {
        return new JsonObject()
                .put("id", FakeTelegramBotApi.BOT_ID)
                .put("is_bot", true)
                .put("first_name", "Switchboard Test")
                .put("username", FakeTelegramBotApi.BOT_USERNAME);
    }

    private static JsonObject message(long chatId, int messageId, String text) {
        return new JsonObject()
                .put("message_id", messageId)
                .put("date", System.currentTimeMillis() / 1000)
                .put("chat", new JsonObject().put("id", chatId).put("type", chatId > 0 ? "private" : "supergroup"))
                .put("from", bot())
                .put("text", text);
    }

    private static Answer ok(Object value) {
        return new Answer.Result(value);
    }

    private static Answer fail(String description) {
        return new Answer.Failure(new BotApiFailure(400, description, null));
    }
}
