package io.switchboard.runtime.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DifyImportTest {
    /** A Dify chatflow export, trimmed to the fields the DSL really has. */
    static final String CHATFLOW = """
            app:
              description: Routes questions
              mode: advanced-chat
              name: Support bot
            kind: app
            version: 0.1.5
            workflow:
              graph:
                edges:
                - {id: e1, source: '1700000000001', sourceHandle: source, target: '1700000000002', targetHandle: target}
                - {id: e2, source: '1700000000002', sourceHandle: 'true', target: '1700000000003', targetHandle: target}
                - {id: e3, source: '1700000000002', sourceHandle: 'false', target: '1700000000004', targetHandle: target}
                - {id: e4, source: '1700000000003', sourceHandle: source, target: '1700000000005', targetHandle: target}
                - {id: e5, source: '1700000000004', sourceHandle: source, target: '1700000000005', targetHandle: target}
                - {id: e6, source: '1700000000005', sourceHandle: source, target: '1700000000006', targetHandle: target}
                - {id: e7, source: '1700000000006', sourceHandle: source, target: '1700000000007', targetHandle: target}
                nodes:
                - id: '1700000000001'
                  data:
                    type: start
                    title: Start
                    variables:
                    - {variable: lang, label: Language, type: select, required: false}
                    - {variable: attachment, label: File, type: file, required: false}
                - id: '1700000000002'
                  data:
                    type: if-else
                    title: Is it urgent
                    cases:
                    - case_id: 'true'
                      logical_operator: or
                      conditions:
                      - {variable_selector: [sys, query], comparison_operator: contains, value: urgent}
                      - {variable_selector: [sys, query], comparison_operator: start with, value: '!'}
                - id: '1700000000003'
                  data:
                    type: http-request
                    title: Page on-call
                    method: post
                    url: https://pager.example.com/page?q={{#sys.query#}}
                    headers: "X-Team: support\\nX-Lang: {{#1700000000001.lang#}}"
                    body: {type: json, data: '{"text": "{{#sys.query#}}"}'}
                    timeout: {read: 10}
                - id: '1700000000004'
                  data:
                    type: code
                    title: Normalise
                    code_language: python3
                    code: "def main(q):\\n    return {'result': q.lower()}"
                    variables:
                    - {variable: q, value_selector: [sys, query]}
                    outputs:
                      result: {type: string, children: null}
                - id: '1700000000005'
                  data:
                    type: variable-aggregator
                    title: Merge
                    variables:
                    - ['1700000000003', body]
                    - ['1700000000004', result]
                - id: '1700000000006'
                  data:
                    type: llm
                    title: Answer
                    model: {provider: openai, name: gpt-4o-mini, mode: chat, completion_params: {temperature: 0.3}}
                    prompt_template:
                    - {role: system, text: 'Answer in {{#1700000000001.lang#}}.'}
                    - {role: user, text: '{{#sys.query#}} / {{#1700000000005.output#}} / {{#1700000000003.status_code#}}'}
                - id: '1700000000007'
                  data:
                    type: answer
                    title: Reply
                    answer: '{{#1700000000006.text#}}'
                - id: '1700000000008'
                  data:
                    type: datasource
                    title: Classify
            """;

    @Test
    void should_map_shared_node_types_and_list_what_could_not_be_mapped() {
        DifyImport.Result result = DifyImport.read(CHATFLOW, "fake");

        assertThat(result.name()).isEqualTo("Support bot");
        WorkflowGraph graph = result.graph();
        assertThat(graph.description()).isEqualTo("Routes questions");
        assertThat(graph.nodes())
                .extracting(WorkflowNode::type)
                .containsExactly("start", "if-else", "http", "code", "aggregator", "llm", "end", "datasource");
        WorkflowNode start = graph.node("n1700000000001");
        assertThat(start.config().toString())
                .contains("\"name\":\"lang\"", "\"name\":\"query\"")
                .doesNotContain("attachment");
        WorkflowNode route = graph.node("n1700000000002");
        assertThat(route.config().path("cases").path(0).path("logic").asText()).isEqualTo("or");
        assertThat(route.config()
                        .path("cases")
                        .path(0)
                        .path("conditions")
                        .path(1)
                        .path("operator")
                        .asText())
                .isEqualTo("starts_with");
        assertThat(route.config()
                        .path("cases")
                        .path(0)
                        .path("conditions")
                        .path(0)
                        .path("variable")
                        .asText())
                .isEqualTo("n1700000000001.query");
        assertThat(graph.edges())
                .contains(
                        new WorkflowEdge("n1700000000002", "n1700000000003", "true"),
                        new WorkflowEdge("n1700000000002", "n1700000000004", "else"));
        WorkflowNode http = graph.node("n1700000000003");
        assertThat(http.config().path("method").asText()).isEqualTo("POST");
        assertThat(http.config().path("url").asText())
                .isEqualTo("https://pager.example.com/page?q={{n1700000000001.query}}");
        assertThat(http.config().path("headers").path("X-Lang").asText()).isEqualTo("{{n1700000000001.lang}}");
        assertThat(http.config().path("body").asText()).isEqualTo("{\"text\": \"{{n1700000000001.query}}\"}");
        WorkflowNode llm = graph.node("n1700000000006");
        assertThat(llm.config().path("provider").asText()).isEqualTo("fake");
        assertThat(llm.config().path("prompt").asText())
                .isEqualTo("{{n1700000000001.query}} / {{n1700000000005.output}} / {{n1700000000003.status}}");
        WorkflowNode end = graph.node("n1700000000007");
        assertThat(end.config().path("stream").asText()).isEqualTo("n1700000000006");
        assertThat(result.unmapped())
                .containsExactly(
                        "start input 'attachment': type 'file' is not supported",
                        "node 'n1700000000004': Python code runs only where the Python sandbox is enabled (skills.pythonEnabled)",
                        "node 'n1700000000008' (Classify): Dify node type 'datasource' has no Switchboard equivalent");
    }

    @Test
    void should_leave_unmapped_nodes_for_the_validator_to_name() {
        List<ValidationError> errors =
                GraphValidator.validate(DifyImport.read(CHATFLOW, "fake").graph());
        assertThat(errors)
                .anySatisfy(e -> assertThat(e.toString())
                        .startsWith("node 'n1700000000008' field 'type': unknown node type 'datasource'"));
    }

    @Test
    void should_import_a_fully_mappable_workflow_that_validates() {
        String yaml = """
                app: {name: Shout, mode: workflow}
                workflow:
                  graph:
                    nodes:
                    - id: '1'
                      position: {x: 80, y: 282.5}
                      data: {type: start, variables: [{variable: text, type: text-input, required: true}]}
                    - id: '2'
                      data:
                        type: code
                        code_language: javascript
                        code: "function main({t}) { return {result: t.toUpperCase()}; }"
                        variables: [{variable: t, value_selector: ['1', text]}]
                        outputs: {result: {type: string}}
                    - id: '3'
                      data: {type: end, outputs: [{variable: out, value_selector: ['2', result]}]}
                    edges:
                    - {source: '1', target: '2', sourceHandle: source}
                    - {source: '2', target: '3', sourceHandle: source}
                """;
        DifyImport.Result result = DifyImport.read(yaml, null);
        assertThat(result.unmapped()).isEmpty();
        assertThat(GraphValidator.validate(result.graph())).isEmpty();
        assertThat(result.graph().nodes().get(0).position()).isEqualTo(new WorkflowNode.Position(80, 282.5));
        assertThat(result.graph().nodes().get(1).position())
                .as("no position in the DSL")
                .isNull();
    }

    @Test
    void should_refuse_what_is_not_a_workflow_export() {
        assertThatThrownBy(() -> DifyImport.read("app: {name: x}", null))
                .hasMessageContaining("no workflow.graph.nodes");
        assertThatThrownBy(() -> DifyImport.read("[1, 2", null)).hasMessageStartingWith("the export is not YAML");
    }
}
