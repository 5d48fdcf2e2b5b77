package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/** Workflow graphs written as JSON in tests (single quotes for readability). */
final class Graphs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Graphs() {}

    static WorkflowGraph parse(String singleQuotedJson) {
        try {
            return JSON.readValue(singleQuotedJson.replace('\'', '"'), WorkflowGraph.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String toJson(WorkflowGraph graph) {
        try {
            return JSON.writeValueAsString(graph);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String node(String id, String type, String config) {
        return "{'id':'" + id + "','type':'" + type + "','config':" + config + "}";
    }

    static String edge(String from, String to) {
        return "{'from':'" + from + "','to':'" + to + "'}";
    }

    static String edge(String from, String to, String branch) {
        return "{'from':'" + from + "','to':'" + to + "','branch':'" + branch + "'}";
    }

    static WorkflowGraph graph(String nodes, String edges) {
        return parse("{'nodes':[" + nodes + "],'edges':[" + edges + "]}");
    }
}
