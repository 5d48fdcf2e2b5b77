package io.switchboard.runtime.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.runtime.model.ProviderOptions;
import java.io.UncheckedIOException;

/** {@link ProviderOptions} as the JSON text of {@code providers.options}; null and "none" are the same. */
final class ProviderOptionsJson {
    private static final ObjectMapper JSON =
            new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_EMPTY);

    private ProviderOptionsJson() {}

    static String write(ProviderOptions options) {
        if (options == null || options.equals(ProviderOptions.NONE)) {
            return null;
        }
        try {
            return JSON.writeValueAsString(options);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ProviderOptions read(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JSON.readValue(text, ProviderOptions.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("providers.options is not valid JSON", e);
        }
    }
}
