package io.switchboard.runtime.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dify exports with iteration, loop, agent and human-input nodes, written after Dify's DSL. */
class DifyContainersTest {
    static final String ITERATION = """
            app: {name: Topics, mode: workflow}
            workflow:
              graph:
                edges:
                - {source: '1', sourceHandle: source, target: '2'}
                - {source: '2', sourceHandle: source, target: '3'}
                - {source: '3start', sourceHandle: source, target: '3b', data: {isInIteration: true, iteration_id: '3'}}
                - {source: '3', sourceHandle: source, target: '4'}
                nodes:
                - id: '1'
                  data: {type: start, variables: [{variable: topic, type: text-input, label: Topic}]}
                - id: '2'
                  data:
                    type: parameter-extractor
                    model: {provider: openai, name: gpt-4o-mini}
                    query: ['1', topic]
                    parameters: [{name: items, type: 'array[string]', required: true, description: sub-topics}]
                - id: '3'
                  type: custom
                  data:
                    type: iteration
                    title: Each sub-topic
                    iterator_selector: ['2', items]
                    output_selector: ['3b', text]
                    output_type: 'array[string]'
                    is_parallel: true
                    parallel_nums: 20
                    error_handle_mode: remove-abnormal-output
                    start_node_id: 3start
                - id: 3start
                  type: custom-iteration-start
                  parentId: '3'
                  data: {type: iteration-start, isInIteration: true}
                - id: 3b
                  parentId: '3'
                  data:
                    type: llm
                    isInIteration: true
                    iteration_id: '3'
                    model: {provider: openai, name: gpt-4o-mini}
                    prompt_template: [{role: user, text: '{{#1.topic#}}: {{#3.item#}} ({{#3.index#}})'}]
                - id: '4'
                  data: {type: end, outputs: [{variable: all, value_selector: ['3', output]}]}
            """;

    static final String LOOP = """
            app: {name: Counter, mode: workflow}
            workflow:
              graph:
                edges:
                - {source: '1', target: '5'}
                - {source: 5start, target: 5a}
                - {source: 5a, target: 5b}
                - {source: 5b, sourceHandle: big, target: 5end}
                - {source: 5b, sourceHandle: 'false', target: 5c}
                - {source: '5', target: '6'}
                nodes:
                - id: '1'
                  data: {type: start, variables: [{variable: base, type: number}]}
                - id: '5'
                  data:
                    type: loop
                    loop_count: 50
                    logical_operator: and
                    loop_variables:
                    - {id: v1, label: total, var_type: number, value_type: variable, value: ['1', base]}
                    - {id: v2, label: note, var_type: string, value_type: constant, value: start}
                    - {id: v3, label: steps, var_type: number, value_type: constant, value: 0}
                    break_conditions:
                    - {variable_selector: ['5', total], comparison_operator: '≥', value: '10'}
                    start_node_id: 5start
                - id: 5start
                  parentId: '5'
                  data: {type: loop-start, isInLoop: true}
                - id: 5a
                  parentId: '5'
                  data:
                    type: assigner
                    version: '2'
                    items:
                    - {variable_selector: ['5', total], input_type: constant, operation: '+=', value: 3}
                    - {variable_selector: ['5', steps], input_type: constant, operation: '+=', value: 1}
                - id: 5b
                  parentId: '5'
                  data:
                    type: if-else
                    cases:
                    - case_id: big
                      logical_operator: and
                      conditions: [{variable_selector: ['5', total], comparison_operator: '>', value: '100'}]
                - id: 5end
                  parentId: '5'
                  data: {type: loop-end, isInLoop: true}
                - id: 5c
                  parentId: '5'
                  data:
                    type: template-transform
                    template: 'at {{ t }}'
                    variables: [{variable: t, value_selector: ['5', total]}]
                - id: '6'
                  data:
                    type: end
                    outputs:
                    - {variable: total, value_selector: ['5', total]}
                    - {variable: steps, value_selector: ['5', steps]}
            """;

    static final String AGENT_AND_REVIEW = """
            app: {name: Checked answer, mode: workflow}
            workflow:
              graph:
                edges:
                - {source: '1', target: '7'}
                - {source: '7', target: '8'}
                - {source: '8', sourceHandle: approve, target: '9'}
                - {source: '8', sourceHandle: reject, target: '10'}
                - {source: '8', sourceHandle: timeout, target: '10'}
                nodes:
                - id: '1'
                  data: {type: start, variables: [{variable: question, type: paragraph}]}
                - id: '7'
                  data:
                    type: agent
                    agent_strategy_provider_name: langgenius/agent/agent
                    agent_strategy_name: ReAct
                    agent_parameters:
                      model: {type: constant, value: {provider: langgenius/openai/openai, model: gpt-4o, mode: chat}}
                      tools:
                        type: constant
                        value:
                        - {provider_name: builtin, tool_name: calculator, enabled: true}
                        - {provider_name: builtin, tool_name: read_web_page, enabled: false}
                      instruction: {type: constant, value: 'Be exact.'}
                      query: {type: constant, value: '{{#1.question#}}'}
                      maximum_iterations: {type: constant, value: 30}
                - id: '8'
                  data:
                    type: human-input
                    form_content: "Check: {{#7.text#}}\\n\\n{{#$output.answer#}}"
                    inputs:
                    - {type: paragraph, output_variable_name: answer, default: {type: variable, selector: ['7', text]}}
                    user_actions:
                    - {id: approve, title: Approve, button_style: primary}
                    - {id: reject, title: Reject}
                    timeout: 2
                    timeout_unit: day
                - id: '9'
                  data: {type: end, outputs: [{variable: answer, value_selector: ['8', answer]}]}
                - id: '10'
                  data: {type: end, outputs: [{variable: action, value_selector: ['8', __action_id]}]}
            """;

    @Test
    void should_map_an_iteration_with_its_body_and_pass_outer_values_in_through_inputs() {
        DifyImport.Result result = DifyImport.read(ITERATION, "fake");
        WorkflowNode iteration = result.graph().node("n3");
        assertThat(iteration.type()).isEqualTo("iteration");
        JsonNode config = iteration.config();
        assertThat(config.path("items").asText()).isEqualTo("n2.items");
        assertThat(config.path("mode").asText()).isEqualTo("parallel");
        assertThat(config.path("concurrency").asInt()).isEqualTo(16);
        assertThat(config.path("onItemError").asText()).isEqualTo("skip");
        assertThat(config.at("/inputs/n1_topic").asText()).isEqualTo("n1.topic");
        assertThat(config.at("/body/nodes/1/config/prompt").asText())
                .isEqualTo("{{n3start.n1_topic}}: {{n3start.item}} ({{n3start.index}})");
        assertThat(config.at("/body/nodes/2/id").asText()).isEqualTo("body_end");
        assertThat(config.at("/body/nodes/2/config/outputs/0/value").asText()).isEqualTo("n3b.text");
        assertThat(result.graph().nodes()).extracting(WorkflowNode::id).doesNotContain("n3b", "n3start");
        assertThat(result.graph().edges()).hasSize(3);
        assertThat(Engines.plain().validate(result.graph())).isEmpty();
        assertThat(result.unmapped())
                .anyMatch(line -> line.contains("capped at 16"))
                .noneMatch(line -> line.contains("no Switchboard equivalent"));
    }

    @Test
    void should_map_a_loop_whose_assigner_counts_and_run_it_until_the_break_condition() {
        DifyImport.Result result = DifyImport.read(LOOP, null);
        WorkflowNode loop = result.graph().node("n5");
        assertThat(loop.type()).isEqualTo("loop");
        assertThat(loop.config().path("maxCount").asInt()).isEqualTo(50);
        assertThat(loop.config().at("/variables/0/from").asText()).isEqualTo("n1.base");
        assertThat(loop.config().at("/variables/1/value").asText()).isEqualTo("start");
        assertThat(loop.config().at("/until/conditions/0/variable").asText()).isEqualTo("loop.total");
        assertThat(loop.config().at("/until/conditions/0/operator").asText()).isEqualTo("gte");
        JsonNode body = loop.config().path("body");
        assertThat(body.at("/nodes/1/type").asText()).isEqualTo("tool");
        assertThat(body.at("/nodes/1/config/arguments/expression").asText()).isEqualTo("{{n5start.total}} + (3)");
        assertThat(body.toString()).contains("\"loop\":\"break\"");
        assertThat(body.at("/nodes/2/id").asText()).isEqualTo("n5a_2");
        assertThat(body.at("/nodes/2/config/arguments/expression").asText()).isEqualTo("{{n5start.steps}} + (1)");
        assertThat(body.path("edges").toString())
                .contains("{\"from\":\"n5a\",\"to\":\"n5a_2\"")
                .contains("{\"from\":\"n5a_2\",\"to\":\"n5b\"")
                .doesNotContain("{\"from\":\"n5a\",\"to\":\"n5b\"");
        assertThat(Engines.plain().validate(result.graph())).isEmpty();

        WorkflowRun run = Engines.plain().run("wf", 0, result.graph(), Map.of("base", 1), Duration.ofSeconds(20), null);
        assertThat(run.error()).isNull();
        // From the input 1: 4, 7, 10 — the break condition (≥ 10) holds after the third round.
        assertThat(((Number) run.outputs().get("total")).doubleValue()).isEqualTo(10.0);
        assertThat(((Number) run.outputs().get("steps")).intValue()).isEqualTo(3);
    }

    @Test
    void should_map_an_agent_and_a_human_input_whose_actions_and_timeout_are_branches() {
        DifyImport.Result result = DifyImport.read(AGENT_AND_REVIEW, "fake");
        WorkflowGraph graph = result.graph();
        JsonNode agent = graph.node("n7").config();
        assertThat(graph.node("n7").type()).isEqualTo("agent");
        assertThat(agent.path("model").asText()).isEqualTo("gpt-4o");
        assertThat(agent.path("system").asText()).isEqualTo("Be exact.");
        assertThat(agent.path("prompt").asText()).isEqualTo("{{n1.question}}");
        assertThat(agent.path("tools")).hasSize(1);
        assertThat(agent.path("tools").get(0).asText()).isEqualTo("builtin/calculator");
        assertThat(agent.path("maxSteps").asInt()).isEqualTo(20);

        JsonNode review = graph.node("n8").config();
        assertThat(graph.node("n8").type()).isEqualTo("human-input");
        assertThat(review.path("prompt").asText()).isEqualTo("Check: {{n7.text}}\n\n[answer]");
        assertThat(review.at("/actions/0/label").asText()).isEqualTo("Approve");
        assertThat(review.at("/fields/0/value").asText()).isEqualTo("n7.text");
        assertThat(review.path("timeoutSeconds").asInt()).isEqualTo(2 * 86_400);
        assertThat(graph.edges())
                .contains(
                        new WorkflowEdge("n8", "n9", "approve"),
                        new WorkflowEdge("n8", "n10", "reject"),
                        new WorkflowEdge("n8", "n10", "timeout"));
        assertThat(graph.node("n9").config().at("/outputs/0/value").asText()).isEqualTo("n8.values.answer");
        assertThat(graph.node("n10").config().at("/outputs/0/value").asText()).isEqualTo("n8.action");
        assertThat(Engines.plain().validate(graph)).isEmpty();
        assertThat(result.unmapped())
                .anyMatch(line -> line.contains("ReAct"))
                .anyMatch(line -> line.contains("notify"))
                .noneMatch(line -> line.contains("no Switchboard equivalent"));
    }

    @Test
    void should_map_a_document_extractor_inside_an_iteration_over_uploaded_files() {
        String export = ITERATION
                .replace("output_selector: ['3b', text]", "output_selector: ['3d', text]")
                .replace(
                        "- id: '4'\n",
                        "- id: 3d\n      parentId: '3'\n      data: {type: document-extractor, variable_selector: ['3', item]}\n"
                                + "    - id: '4'\n")
                .replace(
                        "- {source: '3', sourceHandle: source, target: '4'}",
                        "- {source: '3', sourceHandle: source, target: '4'}\n    - {source: 3b, target: 3d}");
        JsonNode body =
                DifyImport.read(export, "fake").graph().node("n3").config().path("body");
        assertThat(body.at("/nodes/2/type").asText()).isEqualTo("document-extractor");
        assertThat(body.at("/nodes/2/config/variable").asText()).isEqualTo("n3start.item");
        assertThat(body.path("edges").toString()).contains("\"from\":\"n3b\",\"to\":\"n3d\"");
        assertThat(body.at("/nodes/3/config/outputs/0/value").asText()).isEqualTo("n3d.text");
    }
}
