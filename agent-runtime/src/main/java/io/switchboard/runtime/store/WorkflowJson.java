package io.switchboard.runtime.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.switchboard.runtime.workflow.NodeTrace;
import io.switchboard.runtime.workflow.WorkflowGraph;
import java.util.List;
import java.util.Map;

/** JSON columns of the workflow tables. */
final class WorkflowJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private WorkflowJson() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write workflow data as JSON: " + e.getOriginalMessage());
        }
    }

    static WorkflowGraph graph(String json, String workflowId) {
        try {
            return MAPPER.readValue(json, WorkflowGraph.class);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored graph of workflow '" + workflowId + "' cannot be read");
        }
    }

    static Map<String, Object> readMap(String json) {
        return read(json, new TypeReference<Map<String, Object>>() {});
    }

    static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored workflow data cannot be read: " + e.getOriginalMessage());
        }
    }

    record Trace(Map<String, Object> outputs, List<NodeTrace> nodes, int tokens) {}

    static Trace trace(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<Trace>() {});
        } catch (JsonProcessingException e) {
            return new Trace(Map.of(), List.of(), 0);
        }
    }
}
