package io.switchboard.channels.telegram;

/**
 * A chat the bot talks in, as seen by one accepted update; groups (and supergroups) have their own
 * rate limit.
 *
 * @param acceptedAtNanos when the update was accepted ({@link System#nanoTime()}): a 403 for a send
 *     that started earlier does not silence an update the chat sent afterwards
 */
record ChatRef(long id, boolean group, long acceptedAtNanos) {
    ChatRef(long id, boolean group) {
        this(id, group, System.nanoTime());
    }
}
