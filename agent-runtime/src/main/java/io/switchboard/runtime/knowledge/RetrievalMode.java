package io.switchboard.runtime.knowledge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How passages are found: by meaning, by words, or both fused by reciprocal rank. */
public enum RetrievalMode {
    VECTOR,
    KEYWORD,
    HYBRID;

    /** Parses {@code vector}, {@code keyword} or {@code hybrid} (any case). */
    @JsonCreator
    public static RetrievalMode parse(String text) {
        if (text != null) {
            for (RetrievalMode mode : values()) {
                if (mode.name().equalsIgnoreCase(text.strip())) {
                    return mode;
                }
            }
        }
        throw new IllegalArgumentException("retrieval mode must be one of vector, keyword, hybrid; got " + text);
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
