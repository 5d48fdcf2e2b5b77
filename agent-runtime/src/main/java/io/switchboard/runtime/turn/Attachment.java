package io.switchboard.runtime.turn;

import java.util.Objects;

/**
 * A photo or voice note that came with a user's message; the channel downloaded it and enforced its
 * size limit.
 *
 * @param kind what it is
 * @param mimeType e.g. {@code image/jpeg}, {@code audio/ogg}, {@code audio/amr}
 * @param data the file's bytes; not copied (the request owns them for the turn's duration)
 */
public record Attachment(Kind kind, String mimeType, byte[] data) {
    /** The kinds of attachments a turn understands. */
    public enum Kind {
        IMAGE,
        AUDIO
    }

    public Attachment {
        Objects.requireNonNull(kind, "kind");
        if (mimeType == null || mimeType.isBlank()) {
            throw new IllegalArgumentException("attachment mimeType is required, e.g. image/jpeg");
        }
        if (data == null || data.length == 0) {
            throw new IllegalArgumentException("attachment data must not be empty");
        }
    }

    @Override
    public String toString() {
        return "Attachment[" + kind + ", " + mimeType + ", " + data.length + " bytes]";
    }
}
