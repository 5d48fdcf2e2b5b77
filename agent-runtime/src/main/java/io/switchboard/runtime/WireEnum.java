package io.switchboard.runtime;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * An enum spelled in lower case wherever it leaves the JVM, in JSON and in the database: {@code API_KEY}
 * is {@code api_key}. Implementations add a {@code @JsonCreator} that calls {@link #parse}.
 */
public interface WireEnum {
    String name();

    /** The spelling in JSON and in the database. */
    @JsonValue
    default String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant of {@code type} spelled {@code text} exactly.
     *
     * @param invalid the message when there is none, naming the field and what it may be
     * @throws IllegalArgumentException with {@code invalid}
     */
    static <E extends Enum<E> & WireEnum> E parse(Class<E> type, String text, String invalid) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wireName().equals(text)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(invalid);
    }
}
