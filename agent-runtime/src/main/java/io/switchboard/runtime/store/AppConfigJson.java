package io.switchboard.runtime.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.switchboard.runtime.app.AppConfig;

/** The JSON form of {@link AppConfig} in the {@code apps} and {@code app_versions} tables. */
final class AppConfigJson {
    // Unknown properties are ignored so that a column written by a newer version still reads after a downgrade.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private AppConfigJson() {}

    static String write(AppConfig config) {
        try {
            return MAPPER.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write an app configuration as JSON: " + e.getOriginalMessage());
        }
    }

    static AppConfig read(String json, String appId) {
        try {
            return MAPPER.readValue(json, AppConfig.class);
        } catch (JsonProcessingException e) {
            // Only the reason, not the JSON: it holds prompts and answers.
            Throwable reason = e.getCause() instanceof IllegalArgumentException invalid ? invalid : e;
            String detail = reason == e ? e.getClass().getSimpleName() : reason.getMessage();
            throw new StoreException("stored configuration of app '" + appId + "' cannot be read: " + detail);
        }
    }
}
