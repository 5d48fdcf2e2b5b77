package io.switchboard.channels.telegram;

/**
 * A chat the bot talks in, as seen by one accepted update; groups (and supergroups) have their own
 * rate limit.
 *
 * @param acceptedAtMillis when the update was accepted (wall clock, epoch ms, comparable between
 *     members): a 403 for a send that started earlier does not silence an update the chat sent
 *     afterwards
 */
record ChatRef(long id, boolean group, long acceptedAtMillis) {}
