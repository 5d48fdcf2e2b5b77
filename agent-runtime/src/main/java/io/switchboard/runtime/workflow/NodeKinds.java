package io.switchboard.runtime.workflow;

import java.util.Map;

/** The node types by name. */
final class NodeKinds {
    static final Map<String, NodeKind> ALL = Map.ofEntries(
            Map.entry("start", new StartNode()),
            Map.entry("end", new EndNode()),
            Map.entry("llm", new LlmNode()),
            Map.entry("knowledge", new KnowledgeNode()),
            Map.entry("code", new CodeNode()),
            Map.entry("if-else", new IfElseNode()),
            Map.entry("aggregator", new AggregatorNode()),
            Map.entry("http", new HttpNode()),
            Map.entry("tool", new ToolNode()),
            Map.entry("template", new TemplateNode()),
            Map.entry("list-operator", new ListOperatorNode()),
            Map.entry("variable-assigner", new VariableAssignerNode()),
            Map.entry("document-extractor", new DocumentExtractorNode()),
            Map.entry("question-classifier", new QuestionClassifierNode()),
            Map.entry("parameter-extractor", new ParameterExtractorNode()),
            Map.entry("iteration", new IterationNode()),
            Map.entry("loop", new LoopNode()),
            Map.entry("agent", new AgentNode()),
            Map.entry("human-input", new HumanInputNode()));

    private NodeKinds() {}

    static NodeKind of(String type) {
        return ALL.get(type);
    }
}
