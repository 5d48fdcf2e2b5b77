package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.runtime.knowledge.Citation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code knowledge}: searches {@code knowledgeBaseIds} (all when empty) for the rendered {@code query};
 * outputs {@code result} (array of {source, passage, score}) and {@code text} (the passages joined).
 */
final class KnowledgeNode implements NodeKind {
    @Override
    public Map<String, VarType> outputs(WorkflowNode node) {
        return Map.of("result", VarType.ARRAY, "text", VarType.STRING);
    }

    @Override
    public void check(WorkflowNode node, Checker checker) {
        checker.template("query", checker.requiredText(node, "query"));
        JsonNode topK = node.setting("topK");
        if (!topK.isMissingNode() && (!topK.isInt() || topK.asInt() < 1 || topK.asInt() > 20)) {
            checker.error("topK", "must be an integer between 1 and 20");
        }
    }

    @Override
    public NodeResult run(WorkflowNode node, NodeContext context) {
        if (context.services().knowledge() == null) {
            throw new WorkflowFailure("no knowledge bases are configured on this gateway");
        }
        List<String> bases = new ArrayList<>();
        node.setting("knowledgeBaseIds").forEach(id -> bases.add(id.asText()));
        String query = context.variables().render(node.setting("query").asText());
        List<Citation> hits = context.services()
                .knowledge()
                .search(bases, query, node.setting("topK").asInt(4));
        List<Object> result = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Citation hit : hits) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("source", hit.source());
            item.put("passage", hit.passage());
            item.put("score", hit.score());
            result.add(item);
            text.append(text.isEmpty() ? "" : "\n\n").append(hit.passage().strip());
        }
        return NodeResult.of(Map.of("result", result, "text", text.toString()));
    }
}
