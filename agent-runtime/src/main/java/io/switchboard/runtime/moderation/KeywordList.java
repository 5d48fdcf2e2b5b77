package io.switchboard.runtime.moderation;

import java.time.Instant;

/**
 * A keyword list: an app's own, or shared (any app may name it in its moderation settings).
 *
 * @param id the list's id
 * @param appId the app that owns the list, or null for a shared list
 * @param name what admins call it
 * @param words how many words it holds
 * @param revision grows with every change of the list or its words
 */
public record KeywordList(
        String id, String appId, String name, int words, long revision, Instant createdAt, Instant updatedAt) {
    public static final int MAX_NAME = 100;
    /** Normalised keywords longer than this are refused: no real word needs more, and the stream hold-back grows with it. */
    public static final int MAX_WORD = 50;

    public boolean shared() {
        return appId == null;
    }
}
