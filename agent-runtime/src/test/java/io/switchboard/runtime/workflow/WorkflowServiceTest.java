package io.switchboard.runtime.workflow;

import static io.switchboard.runtime.workflow.Graphs.edge;
import static io.switchboard.runtime.workflow.Graphs.graph;
import static io.switchboard.runtime.workflow.Graphs.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.runtime.NotFoundException;
import io.switchboard.runtime.app.SkillSettings;
import io.switchboard.runtime.net.NetPolicy;
import io.switchboard.runtime.tool.BuiltinTools;
import io.switchboard.runtime.tool.OutboundHttp;
import io.switchboard.runtime.tool.ToolRegistry;
import io.switchboard.runtime.turn.AgentRequest;
import io.switchboard.runtime.turn.AgentRuntime;
import io.switchboard.runtime.turn.RuntimeFixture;
import io.switchboard.runtime.turn.TurnResult;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.ModelBehaviour;
import io.vertx.core.json.JsonArray;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkflowServiceTest {
    private FakeOpenAiServer model;
    private RuntimeFixture fixture;
    private WorkflowService workflows;
    private ToolRegistry tools;

    // Doubles a number with the calculator tool; the start node declares the tool's parameters.
    private static final WorkflowGraph DOUBLER = Graphs.parse("{'description':'Doubles a number.','nodes':["
            + node(
                    "start",
                    "start",
                    "{'inputs':[{'name':'n','type':'number','required':true,'description':'the number'}]}")
            + ","
            + node("calc", "tool", "{'tool':'builtin/calculator','arguments':{'expression':'{{start.n}} * 2'}}") + ","
            + node("end", "end", "{'outputs':[{'name':'doubled','value':'calc.text'}]}") + "],'edges':["
            + edge("start", "calc") + "," + edge("calc", "end") + "]}");

    @BeforeEach
    void start() {
        model = FakeOpenAiServer.create().start();
        fixture = new RuntimeFixture();
        OutboundHttp http = OutboundHttp.create(NetPolicy.DEFAULT);
        tools = ToolRegistry.create(List.of(BuiltinTools.create(Clock.systemUTC(), http, null)));
        WorkflowEngine engine = WorkflowEngine.builder()
                .models(fixture.models, fixture.catalog::provider)
                .http(http)
                .tools(tools)
                .build();
        workflows = WorkflowService.create(fixture.database.workflows(), engine, Duration.ofSeconds(10));
        tools.add(WorkflowTools.create(workflows));
    }

    @AfterEach
    void stop() {
        model.close();
        fixture.close();
    }

    @Test
    void should_refuse_to_publish_an_invalid_draft_and_publish_a_fixed_one() {
        Workflow created = workflows.store().create("Doubler", graph(node("start", "start", "{}"), ""));
        assertThatThrownBy(() -> workflows.publish(created.id()))
                .isInstanceOfSatisfying(
                        InvalidWorkflowException.class,
                        e -> assertThat(e.errors())
                                .contains(new ValidationError(null, "nodes", "needs at least one end node")));
        assertThat(workflows.store().find(created.id()).orElseThrow().publishedVersion())
                .isNull();

        workflows.store().update(created.id(), "Doubler", DOUBLER);
        assertThat(workflows.publish(created.id()).version()).isEqualTo(1);

        WorkflowRun run = workflows.runPublished(created.id(), Map.of("n", 21), null);
        assertThat(run.outputs()).containsEntry("doubled", "42");
        assertThat(run.version()).isEqualTo(1);
        WorkflowRun stored = workflows.store().findRun(created.id(), run.id()).orElseThrow();
        assertThat(stored.nodes()).extracting(NodeTrace::nodeId).containsExactly("start", "calc", "end");
        assertThat(stored.outputs()).containsEntry("doubled", "42");
        assertThat(workflows.store().listRuns(created.id(), 0, 10)).hasSize(1);
    }

    @Test
    void should_not_run_an_unpublished_workflow_as_published() {
        Workflow created = workflows.store().create("Doubler", DOUBLER);
        assertThatThrownBy(() -> workflows.runPublished(created.id(), Map.of("n", 1), null))
                .isInstanceOf(NotFoundException.class);
        assertThat(workflows.debugRun(created.id(), Map.of("n", 1)).outputs()).containsEntry("doubled", "2");
    }

    @Test
    void should_offer_a_published_workflow_to_the_model_as_a_tool() {
        Workflow created = workflows.store().create("Doubler", DOUBLER);
        workflows.publish(created.id());
        fixture.app("app1", model.baseUrl(), new SkillSettings(null, List.of(created.id()), null, 0, 0));
        model.enqueue(
                ModelBehaviour.callTools(new ModelBehaviour.ToolCall("c1", "doubler", "{\"n\":8}")),
                ModelBehaviour.reply("16 it is"));
        AgentRuntime runtime = fixture.runtime().tools(tools).build();

        TurnResult result = runtime.run(
                new AgentRequest("app1", true, "debug", "c", null, "double 8", null, List.of(), null), null);

        assertThat(result.text()).isEqualTo("16 it is");
        var tool = model.requests()
                .get(0)
                .body()
                .getJsonArray("tools")
                .getJsonObject(0)
                .getJsonObject("function");
        assertThat(tool.getString("name")).isEqualTo("doubler");
        assertThat(tool.getString("description")).isEqualTo("Doubles a number.");
        assertThat(tool.getJsonObject("parameters").getJsonArray("required")).containsExactly("n");
        JsonArray messages = model.requests().get(1).body().getJsonArray("messages");
        assertThat(messages.getJsonObject(messages.size() - 1).getString("content"))
                .isEqualTo("{\"doubled\":\"16\"}");
    }

    @Test
    void should_answer_with_a_chat_flow_streaming_its_llm_node() {
        WorkflowGraph flow = Graphs.parse("{'nodes':["
                + node(
                        "start",
                        "start",
                        "{'inputs':[{'name':'query','type':'string'},{'name':'history','type':'string'}]}")
                + ","
                + node(
                        "llm",
                        "llm",
                        "{'provider':'fake','model':'m','prompt':'History: {{start.history}} Q: {{start.query}}'}")
                + ","
                + node("end", "end", "{'outputs':[{'name':'answer','value':'llm.text'}],'stream':'llm'}")
                + "],'edges':["
                + edge("start", "llm") + "," + edge("llm", "end") + "]}");
        Workflow created = workflows.store().create("Flow", flow);
        workflows.publish(created.id());
        fixture.app("app2", model.baseUrl(), new SkillSettings(null, null, created.id(), 0, 0));
        AgentRuntime runtime = fixture.runtime()
                .tools(tools)
                .chatFlow(WorkflowChatFlow.create(workflows))
                .build();

        runtime.run(new AgentRequest("app2", true, "debug", "c", null, "first", null, List.of(), null), null);
        List<String> tokens = new ArrayList<>();
        TurnResult second = runtime.run(
                new AgentRequest("app2", true, "debug", "c", null, "second", null, List.of(), null), tokens::add);

        assertThat(second.text()).startsWith("echo: History: user: first\nassistant: echo: History:  Q: first");
        assertThat(tokens.size()).isGreaterThan(1);
        assertThat(String.join("", tokens)).isEqualTo(second.text());
    }
}
