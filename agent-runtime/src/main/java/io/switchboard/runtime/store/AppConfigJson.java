package io.switchboard.runtime.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.runtime.app.AppConfig;
import io.switchboard.runtime.app.QaPair;

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

    /** {@code config} with {@code pair} added, or replacing the answer of the pair with its question. */
    static AppConfig withQaPair(AppConfig config, QaPair pair) {
        // Through the JSON form, so that every other setting is carried over whatever settings exist.
        ObjectNode node = MAPPER.valueToTree(config);
        ArrayNode pairs = node.withArray("qaPairs");
        ObjectNode added = MAPPER.valueToTree(pair);
        for (int i = 0; i < pairs.size(); i++) {
            if (pairs.get(i)
                    .path("question")
                    .asText()
                    .strip()
                    .equals(pair.question().strip())) {
                pairs.set(i, added);
                return convert(node);
            }
        }
        pairs.add(added);
        return convert(node);
    }

    private static AppConfig convert(ObjectNode node) {
        try {
            return MAPPER.treeToValue(node, AppConfig.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            Throwable reason = e.getCause() instanceof IllegalArgumentException invalid ? invalid : e;
            throw new IllegalArgumentException(reason.getMessage());
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
