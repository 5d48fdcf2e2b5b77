package io.switchboard.runtime.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DifyMoreNodesTest {
    static final String EXPORT = """
            app: {name: Triage, mode: advanced-chat}
            workflow:
              conversation_variables:
              - {name: topics, value_type: 'array[string]', value: []}
              graph:
                edges:
                - {source: '1', sourceHandle: source, target: '2'}
                - {source: '2', sourceHandle: 'c1', target: '3'}
                - {source: '2', sourceHandle: 'c2', target: '4'}
                - {source: '3', sourceHandle: source, target: '5'}
                - {source: '5', sourceHandle: source, target: '6'}
                - {source: '6', sourceHandle: source, target: '7'}
                - {source: '4', sourceHandle: source, target: '7'}
                nodes:
                - id: '1'
                  data: {type: start, variables: []}
                - id: '2'
                  data:
                    type: question-classifier
                    model: {provider: openai, name: gpt-4o-mini}
                    query_variable_selector: [sys, query]
                    classes: [{id: 'c1', name: booking}, {id: 'c2', name: other}]
                - id: '3'
                  data:
                    type: parameter-extractor
                    model: {provider: openai, name: gpt-4o-mini}
                    query: [sys, query]
                    parameters:
                    - {name: city, type: string, required: true, description: where}
                    - {name: room, type: select, options: [single, double]}
                - id: '4'
                  data:
                    type: template-transform
                    template: 'Sorry: {{ q }}'
                    variables: [{variable: q, value_selector: [sys, query]}]
                - id: '5'
                  data:
                    type: assigner
                    version: '2'
                    items:
                    - {variable_selector: [conversation, topics], input_type: variable, operation: append, value: ['3', city]}
                - id: '6'
                  data:
                    type: list-operator
                    variable: [conversation, topics]
                    limit: {enabled: true, size: 3}
                - id: '7'
                  data:
                    type: answer
                    answer: '{{#4.output#}}'
            """;

    @Test
    void should_map_classifier_extractor_template_assigner_and_list_operator() {
        DifyImport.Result result = DifyImport.read(EXPORT, "fake");
        WorkflowGraph graph = result.graph();
        assertThat(graph.conversationVariables())
                .extracting(ConversationVariable::name)
                .containsExactly("topics");
        assertThat(graph.node("n2").type()).isEqualTo("question-classifier");
        assertThat(graph.node("n2").config().path("query").asText()).isEqualTo("{{n1.query}}");
        assertThat(graph.edges()).contains(new WorkflowEdge("n2", "n3", "c1"), new WorkflowEdge("n2", "n4", "c2"));
        assertThat(graph.node("n3").config().at("/parameters/1/enum/1").asText())
                .isEqualTo("double");
        assertThat(graph.node("n4").config().at("/variables/q").asText()).isEqualTo("n1.query");
        assertThat(graph.node("n5").config().at("/assignments/0/variable").asText())
                .isEqualTo("conversation.topics");
        assertThat(graph.node("n5").config().at("/assignments/0/value").asText())
                .isEqualTo("n3.city");
        assertThat(graph.node("n6").config().path("limit").asInt()).isEqualTo(3);
        assertThat(Engines.plain().validate(graph)).isEmpty();
        assertThat(result.unmapped()).noneMatch(line -> line.contains("has no Switchboard equivalent"));
    }
}
