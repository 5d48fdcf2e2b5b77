package io.switchboard.gateway.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How the log is written (docs/tracing.md).
 *
 * @param format {@code text} (the default: one readable line per event) or {@code json} (one JSON object
 *     per line, with {@code trace_id} and {@code span_id} while a traced turn runs)
 */
public record LoggingConfig(Format format) {
    public static final LoggingConfig DEFAULT = new LoggingConfig(Format.TEXT);

    /** The log line format. */
    public enum Format {
        TEXT,
        JSON;

        @JsonCreator
        public static Format of(String value) {
            if (value != null) {
                for (Format format : values()) {
                    if (format.name().equalsIgnoreCase(value.strip())) {
                        return format;
                    }
                }
            }
            throw new IllegalArgumentException("logging.format must be text or json, got '" + value + "'");
        }

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public LoggingConfig {
        format = format == null ? Format.TEXT : format;
    }
}
