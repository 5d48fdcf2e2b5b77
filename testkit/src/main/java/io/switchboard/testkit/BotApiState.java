package io.switchboard.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** What the fake Bot API remembers: queued updates, the one waiting long poll, webhook, messages. */
final class BotApiState {
    static final BotApiFailure WEBHOOK_ACTIVE = new BotApiFailure(
            409,
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
            null);
    static final BotApiFailure TERMINATED = new BotApiFailure(
            409,
            "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
            null);

    record Webhook(String url, String secret, JsonArray allowedUpdates) {}

    private final List<JsonObject> updates = new ArrayList<>();
    private final Map<Long, Integer> lastMessageIds = new HashMap<>();
    private final Map<Long, Map<Integer, String>> messages = new HashMap<>();
    private final Map<String, byte[]> files = new HashMap<>();
    private int nextUpdateId = 700_001;
    private Webhook webhook;
    private Waiting waiting;

    private record Waiting(
            BotApiMethods.Answer.LongPoll poll,
            Consumer<JsonArray> answer,
            Consumer<BotApiFailure> conflict,
            long timer,
            Vertx vertx) {}

    synchronized void putFile(String fileId, byte[] content) {
        files.put(fileId, content);
    }

    /** A stored file's content, or null. */
    synchronized byte[] file(String fileId) {
        return files.get(fileId);
    }

    synchronized JsonObject assignId(JsonObject update) {
        return update.put("update_id", nextUpdateId++);
    }

    synchronized int enqueue(JsonObject update) {
        int id = update.getInteger("update_id");
        nextUpdateId = Math.max(nextUpdateId, id + 1);
        updates.add(update);
        if (waiting != null) {
            JsonArray ready = ready(waiting.poll().offset(), waiting.poll().limit());
            if (!ready.isEmpty()) {
                Waiting answered = waiting;
                waiting = null;
                answered.vertx().cancelTimer(answered.timer());
                answered.answer().accept(ready);
            }
        }
        return id;
    }

    synchronized int pendingCount() {
        return updates.size();
    }

    synchronized Webhook webhook() {
        return webhook;
    }

    synchronized void setWebhook(Webhook webhook) {
        this.webhook = webhook;
    }

    synchronized void deleteWebhook(boolean dropPending) {
        webhook = null;
        if (dropPending) {
            updates.clear();
        }
    }

    /** Confirms updates below {@code offset} and returns up to {@code limit} of the rest. */
    synchronized JsonArray take(int offset, int limit) {
        return ready(offset, limit);
    }

    /** Answers now when updates are ready, else waits for one or the timeout; an older poll gets 409. */
    synchronized void hold(
            BotApiMethods.Answer.LongPoll poll,
            Consumer<JsonArray> answer,
            Consumer<BotApiFailure> conflict,
            Vertx vertx) {
        if (webhook != null) {
            conflict.accept(WEBHOOK_ACTIVE);
            return;
        }
        JsonArray ready = ready(poll.offset(), poll.limit());
        if (!ready.isEmpty() || poll.timeoutSeconds() <= 0) {
            answer.accept(ready);
            return;
        }
        if (waiting != null) {
            Waiting older = waiting;
            waiting = null;
            older.vertx().cancelTimer(older.timer());
            older.conflict().accept(TERMINATED);
        }
        long[] timer = new long[1];
        timer[0] = vertx.setTimer(poll.timeoutSeconds() * 1000L, t -> expire(timer[0]));
        waiting = new Waiting(poll, answer, conflict, timer[0], vertx);
    }

    private synchronized void expire(long timer) {
        if (waiting != null && waiting.timer() == timer) {
            Waiting expired = waiting;
            waiting = null;
            expired.answer().accept(new JsonArray());
        }
    }

    synchronized void closePolls() {
        if (waiting != null) {
            waiting.vertx().cancelTimer(waiting.timer());
            waiting = null;
        }
    }

    synchronized int storeMessage(long chatId, String text) {
        int id = lastMessageIds.merge(chatId, 1, Integer::sum);
        messages.computeIfAbsent(chatId, c -> new LinkedHashMap<>()).put(id, text);
        return id;
    }

    /** A message's current text, or null when there is no such message. */
    synchronized String message(long chatId, int messageId) {
        Map<Integer, String> chat = messages.get(chatId);
        return chat == null ? null : chat.get(messageId);
    }

    synchronized void editMessage(long chatId, int messageId, String text) {
        messages.get(chatId).put(messageId, text);
    }

    /** The current texts of the bot's messages in a chat, oldest first. */
    synchronized List<String> messages(long chatId) {
        Map<Integer, String> chat = messages.get(chatId);
        return chat == null ? List.of() : List.copyOf(chat.values());
    }

    private JsonArray ready(int offset, int limit) {
        if (offset > 0) {
            updates.removeIf(u -> u.getInteger("update_id") < offset);
        }
        JsonArray ready = new JsonArray();
        for (JsonObject update : updates) {
            if (ready.size() >= limit) {
                break;
            }
            ready.add(update.copy());
        }
        return ready;
    }
}
