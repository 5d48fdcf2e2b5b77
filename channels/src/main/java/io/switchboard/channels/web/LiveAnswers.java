package io.switchboard.channels.web;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The answers this node is writing right now, by conversation, with what they produced so far: a page
 * reloaded in the middle of an answer reconnects and gets the text so far, then the rest as it comes.
 * The turn runs to its end whoever listens. Thread-safe: a reconnect may land on another event loop
 * than the turn's.
 */
final class LiveAnswers {
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    /** Starts an answer, or returns null when one is already being written in the conversation. */
    Answer start(String appId, String conversationId, String userId) {
        String key = appId + ":" + conversationId;
        Answer answer = new Answer(key, userId);
        return answers.putIfAbsent(key, answer) == null ? answer : null;
    }

    /** The answer being written in the conversation, or null. */
    Answer find(String appId, String conversationId) {
        return answers.get(appId + ":" + conversationId);
    }

    /** One answer being written: its text so far and the streams that follow it. */
    final class Answer {
        private final String key;
        private final String userId;
        private final StringBuilder text = new StringBuilder();
        private final List<EventStream> listeners = new ArrayList<>();
        private boolean stopped;
        private boolean answered;

        private Answer(String key, String userId) {
            this.key = key;
            this.userId = userId;
        }

        String userId() {
            return userId;
        }

        synchronized String text() {
            return text.toString();
        }

        synchronized boolean stopped() {
            return stopped;
        }

        /** True once the answer's done event went out (follow-up questions may still come). */
        synchronized boolean answered() {
            return answered;
        }

        /** Sends everything that follows to {@code stream}. */
        synchronized void follow(EventStream stream) {
            listeners.add(stream);
        }

        /**
         * Sends the text so far as one {@code resume} event (always, so the stream starts at once), then
         * everything that follows, to {@code stream}.
         */
        synchronized void resume(EventStream stream) {
            stream.send("resume", new JsonObject().put("text", text.toString()));
            listeners.add(stream);
        }

        /** Stops sending to {@code stream} (it is answered otherwise). */
        synchronized void drop(EventStream stream) {
            listeners.remove(stream);
        }

        synchronized void append(String delta) {
            if (stopped || answered) {
                return;
            }
            text.append(delta);
            send("delta", new JsonObject().put("text", delta));
        }

        synchronized void send(String event, JsonObject data) {
            if (event.equals("done")) {
                answered = true;
            }
            for (EventStream listener : listeners) {
                listener.send(event, data);
            }
        }

        /** Marks the answer stopped: later fragments and the reply are dropped. */
        synchronized void stop() {
            stopped = true;
        }

        /** Ends every stream and forgets the answer. */
        synchronized void end() {
            for (EventStream listener : listeners) {
                listener.end();
            }
            listeners.clear();
            answers.remove(key, this);
        }
    }
}
