package io.switchboard.runtime.workflow;

import java.util.Map;

/** The nine node types by name. */
final class NodeKinds {
    static final Map<String, NodeKind> ALL = Map.of(
            "start", new StartNode(),
            "end", new EndNode(),
            "llm", new LlmNode(),
            "knowledge", new KnowledgeNode(),
            "code", new CodeNode(),
            "if-else", new IfElseNode(),
            "aggregator", new AggregatorNode(),
            "http", new HttpNode(),
            "tool", new ToolNode());

    private NodeKinds() {}

    static NodeKind of(String type) {
        return ALL.get(type);
    }
}
