package io.switchboard.runtime.workflow;

import static io.switchboard.runtime.workflow.Graphs.edge;
import static io.switchboard.runtime.workflow.Graphs.graph;
import static io.switchboard.runtime.workflow.Graphs.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.ModelBehaviour;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Question classifier, parameter extractor and document extractor against the fake model server. */
class ModelNodesTest {
    static final String START =
            node("start", "start", "{'inputs':[{'name':'q','type':'string'},{'name':'file','type':'any'}]}");
    static final String MODEL = "'provider':'fake','model':'fake-model'";

    private static FakeOpenAiServer model;
    private static Vertx vertx;
    private static HttpServer files;
    private static WorkflowEngine engine;

    @BeforeAll
    static void start() {
        model = FakeOpenAiServer.create().start();
        vertx = Vertx.vertx();
        files = vertx.createHttpServer()
                .requestHandler(request -> request.response()
                        .putHeader("content-type", "text/html")
                        .end("<html><body><h1>Menu</h1><p>Soup of the day</p></body></html>"))
                .listen(0, "127.0.0.1")
                .await();
        engine = Engines.builder(model.baseUrl()).build();
    }

    @AfterAll
    static void stop() {
        model.close();
        vertx.close().await();
    }

    @BeforeEach
    void reset() {
        model.reset();
    }

    private static WorkflowRun run(WorkflowGraph graph, Map<String, Object> inputs) {
        return engine.run("wf", 0, graph, inputs, Duration.ofSeconds(20), null);
    }

    private static String end(String id, String value) {
        return node(id, "end", "{'outputs':[{'name':'answer','value':'" + value + "'}]}");
    }

    static final String CLASSIFIER = node(
            "sort",
            "question-classifier",
            "{" + MODEL + ",'query':'{{start.q}}','classes':[{'id':'refund','name':'asks for money back'},"
                    + "{'id':'other','name':'anything else'}]}");

    private static WorkflowGraph classifierGraph() {
        return graph(
                START + "," + CLASSIFIER + "," + end("e1", "sort.class") + "," + end("e2", "sort.name"),
                edge("start", "sort") + "," + edge("sort", "e1", "refund") + "," + edge("sort", "e2", "other"));
    }

    @Test
    void should_take_the_branch_of_the_class_the_model_names() {
        model.enqueue(ModelBehaviour.reply("refund"));
        WorkflowRun run = run(classifierGraph(), Map.of("q", "I want my money back"));
        assertThat(run.outputs()).containsEntry("answer", "refund");
        assertThat(run.nodes())
                .filteredOn(t -> t.nodeId().equals("e2"))
                .extracting(NodeTrace::status)
                .containsExactly(NodeTrace.Status.SKIPPED);
        String system = model.requests()
                .getLast()
                .body()
                .getJsonArray("messages")
                .getJsonObject(0)
                .getString("content");
        assertThat(system).contains("refund: asks for money back", "other: anything else");
    }

    @Test
    void should_fall_back_to_the_last_class_when_the_answer_names_none() {
        model.enqueue(ModelBehaviour.reply("I cannot tell."));
        assertThat(run(classifierGraph(), Map.of("q", "hm")).outputs()).containsEntry("answer", "anything else");
    }

    @Test
    void should_refuse_an_unwired_class_and_bad_classes() {
        WorkflowGraph graph = graph(
                START + ","
                        + node(
                                "sort",
                                "question-classifier",
                                "{'provider':'fake','query':'{{start.q}}','classes':[{'id':'a','name':'x'},{'id':'a'}],'fallback':'zz'}")
                        + "," + end("e1", "sort.class"),
                edge("start", "sort") + "," + edge("sort", "e1", "a"));
        assertThat(engine.validate(graph))
                .extracting(e -> e.node() + "/" + e.field())
                .contains("sort/model", "sort/classes[1].id", "sort/classes[1].name", "sort/fallback");
    }

    static final String EXTRACTOR = node(
            "params",
            "parameter-extractor",
            "{" + MODEL + ",'query':'{{start.q}}','parameters':["
                    + "{'name':'city','type':'string','required':true},"
                    + "{'name':'nights','type':'integer','required':true},"
                    + "{'name':'room','type':'string','enum':['single','double']}]}");

    private static WorkflowGraph extractorGraph(String onInvalid) {
        return graph(
                START + "," + EXTRACTOR.replace("'parameters'", "'onInvalid':'" + onInvalid + "','parameters'") + ","
                        + node(
                                "end",
                                "end",
                                "{'outputs':[{'name':'city','value':'params.city'},{'name':'nights','value':'params.nights'},"
                                        + "{'name':'ok','value':'params.ok'}]}"),
                edge("start", "params") + "," + edge("params", "end"));
    }

    @Test
    void should_extract_typed_parameters() {
        model.enqueue(ModelBehaviour.reply("```json\n{\"city\":\"Lyon\",\"nights\":3,\"room\":\"double\"}\n```"));
        WorkflowRun run = run(extractorGraph("fail"), Map.of("q", "Three nights in Lyon, a double please"));
        assertThat(run.outputs())
                .containsEntry("city", "Lyon")
                .containsEntry("nights", 3)
                .containsEntry("ok", true);
        assertThat(model.requests().getLast().body().encode())
                .contains("\\\"nights\\\":{\\\"type\\\":\\\"integer\\\"}");
    }

    @Test
    void should_retry_an_invalid_answer_once_with_the_problem() {
        model.enqueue(ModelBehaviour.reply("{\"city\":\"Lyon\",\"nights\":\"three\"}"));
        model.enqueue(ModelBehaviour.reply("{\"city\":\"Lyon\",\"nights\":3}"));
        WorkflowRun run = run(extractorGraph("fail"), Map.of("q", "Three nights in Lyon"));
        assertThat(run.outputs()).containsEntry("nights", 3);
        assertThat(model.requests().getLast().body().getJsonArray("messages").encode())
                .contains("'nights' must be a integer, got three");
    }

    @Test
    void should_fail_or_yield_nulls_after_the_retry_by_policy() {
        model.enqueue(ModelBehaviour.reply("no idea"));
        model.enqueue(ModelBehaviour.reply("{\"city\":\"Lyon\",\"nights\":2,\"room\":\"suite\"}"));
        WorkflowRun failed = run(extractorGraph("fail"), Map.of("q", "x"));
        assertThat(failed.status()).isEqualTo(WorkflowRun.Status.FAILED);
        assertThat(failed.error()).contains("params", "'room' must be one of [\"single\",\"double\"]");

        model.enqueue(ModelBehaviour.reply("no idea"));
        model.enqueue(ModelBehaviour.reply("still none"));
        WorkflowRun empty = run(extractorGraph("empty"), Map.of("q", "x"));
        assertThat(empty.status()).isEqualTo(WorkflowRun.Status.SUCCEEDED);
        assertThat(empty.outputs()).containsEntry("ok", false).containsEntry("city", null);
    }

    private static WorkflowGraph extractGraph() {
        return graph(
                START + "," + node("doc", "document-extractor", "{'variable':'start.file'}") + ","
                        + end("end", "doc.text"),
                edge("start", "doc") + "," + edge("doc", "end"));
    }

    @Test
    void should_extract_text_from_an_uploaded_file_and_a_url() {
        String data = Base64.getEncoder().encodeToString("Opening hours: 9 to 5".getBytes(StandardCharsets.UTF_8));
        WorkflowRun uploaded = run(extractGraph(), Map.of("file", Map.of("name", "hours.txt", "data", data)));
        assertThat(uploaded.outputs()).containsEntry("answer", "Opening hours: 9 to 5");

        String url = "http://127.0.0.1:" + files.actualPort() + "/menu.html";
        WorkflowRun fetched = run(extractGraph(), Map.of("file", List.of(Map.of("name", "menu.html", "url", url))));
        assertThat((String) fetched.outputs().get("answer")).contains("Menu", "Soup of the day");
    }

    @Test
    void should_refuse_a_url_the_ssrf_guard_blocks() {
        WorkflowRun run = run(extractGraph(), Map.of("file", "http://169.254.169.254/latest/meta-data"));
        assertThat(run.status()).isEqualTo(WorkflowRun.Status.FAILED);
        assertThat(run.error()).contains("doc", "cannot fetch");
    }

    @Test
    void should_run_the_tool_loop_in_an_agent_node_with_its_own_tools_and_step_cap() {
        model.enqueue(
                ModelBehaviour.callTools(new ModelBehaviour.ToolCall("c1", "calculator", "{\"expression\":\"6*7\"}")));
        model.enqueue(ModelBehaviour.reply("It is 42."));
        WorkflowGraph graph = graph(
                START + ","
                        + node(
                                "agent",
                                "agent",
                                "{" + MODEL + ",'prompt':'{{start.q}}','tools':['builtin/calculator'],'maxSteps':2}")
                        + "," + end("end", "agent.text"),
                edge("start", "agent") + "," + edge("agent", "end"));
        WorkflowRun run = run(graph, Map.of("q", "What is 6 times 7?"));
        assertThat(run.outputs()).containsEntry("answer", "It is 42.");
        assertThat(run.nodes().get(1).outputs().get("toolCalls").toString()).contains("calculator");
        assertThat(model.requests().getLast().body().getJsonArray("messages").encode())
                .contains("42");

        // The step cap: a model that keeps calling tools is made to answer after maxSteps.
        for (int i = 0; i < 3; i++) {
            model.enqueue(ModelBehaviour.callTools(
                    new ModelBehaviour.ToolCall("c" + i, "calculator", "{\"expression\":\"1+1\"}")));
        }
        model.enqueue(ModelBehaviour.reply("done"));
        int before = model.requests().size();
        WorkflowRun capped = run(graph, Map.of("q", "loop"));
        assertThat(model.requests().size() - before).isEqualTo(3);
        assertThat(capped.nodes().get(1).outputs().get("toolCalls")).asList().hasSize(2);
    }

    @Test
    void should_name_the_agent_fields_that_are_wrong() {
        WorkflowGraph graph = graph(
                START + ","
                        + node(
                                "agent",
                                "agent",
                                "{'provider':'fake','model':'m','prompt':'x','tools':['nope'],'maxSteps':99}")
                        + "," + end("end", "agent.text"),
                edge("start", "agent") + "," + edge("agent", "end"));
        assertThat(engine.validate(graph))
                .extracting(e -> e.node() + "/" + e.field())
                .containsExactlyInAnyOrder("agent/tools[0]", "agent/maxSteps");
    }
}
