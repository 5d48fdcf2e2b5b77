package io.switchboard.runtime.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.switchboard.runtime.turn.ToolCallLog;
import java.util.List;

/** The JSON form of a turn's tool calls in {@code turn_logs.tool_calls}; null when there were none. */
final class ToolCallsJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final TypeReference<List<ToolCallLog>> TYPE = new TypeReference<>() {};

    private ToolCallsJson() {}

    static String write(List<ToolCallLog> calls) {
        if (calls == null || calls.isEmpty()) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(calls);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write tool calls as JSON: " + e.getOriginalMessage());
        }
    }

    static List<ToolCallLog> read(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return MAPPER.readValue(json, TYPE);
        } catch (JsonProcessingException e) {
            // A damaged column must not hide the turn itself.
            return List.of();
        }
    }
}
