package io.switchboard.channels.telegram;

/** A chat the bot talks in; groups (and supergroups) have their own rate limit. */
record ChatRef(long id, boolean group) {}
