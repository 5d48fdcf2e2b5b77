package io.switchboard.runtime.knowledge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a document is in ingestion. {@code READY} and {@code FAILED} are final until it is re-indexed. */
public enum DocumentStatus {
    QUEUED,
    FETCHING,
    PARSING,
    CHUNKING,
    EMBEDDING,
    READY,
    FAILED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static DocumentStatus parse(String text) {
        for (DocumentStatus status : values()) {
            if (status.name().equalsIgnoreCase(text)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown document status " + text);
    }

    public boolean finished() {
        return this == READY || this == FAILED;
    }
}
