package io.switchboard.runtime.workflow;

import static io.switchboard.runtime.workflow.Graphs.edge;
import static io.switchboard.runtime.workflow.Graphs.graph;
import static io.switchboard.runtime.workflow.Graphs.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.runtime.knowledge.Citation;
import io.switchboard.runtime.model.LangChainModelInvoker;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.model.ProviderKind;
import io.switchboard.runtime.net.NetPolicy;
import io.switchboard.runtime.sandbox.JsSandbox;
import io.switchboard.runtime.sandbox.SandboxConfig;
import io.switchboard.runtime.security.Secret;
import io.switchboard.runtime.tool.BuiltinTools;
import io.switchboard.runtime.tool.OutboundHttp;
import io.switchboard.runtime.tool.ToolRegistry;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.ModelBehaviour;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WorkflowEngineTest {
    static final String START = node(
            "start", "start", "{'inputs':[{'name':'q','type':'string','required':true},{'name':'n','type':'number'}]}");

    private static FakeOpenAiServer model;
    private static Vertx vertx;
    private static HttpServer rest;
    private static JsSandbox sandbox;
    private static WorkflowEngine engine;
    private static final CountDownLatch parallel = new CountDownLatch(2);

    @BeforeAll
    static void start() {
        model = FakeOpenAiServer.create().start();
        vertx = Vertx.vertx();
        rest = vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> {
                    if (request.path().equals("/slow")) {
                        // Holds the answer until both parallel branches asked: proves they ran at the same time.
                        Thread.ofVirtual().start(() -> {
                            parallel.countDown();
                            try {
                                parallel.await(5, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            request.response().end("{\"parallel\":" + (parallel.getCount() == 0) + "}");
                        });
                        return;
                    }
                    request.response()
                            .putHeader("content-type", "application/json")
                            .end("{\"method\":\"" + request.method() + "\",\"path\":\"" + request.path()
                                    + "\",\"auth\":\"" + request.getHeader("x-token") + "\",\"body\":"
                                    + (body.length() == 0 ? "null" : body.toString()) + "}");
                }))
                .listen(0, "127.0.0.1")
                .await();
        sandbox = JsSandbox.create(new SandboxConfig(2, 64, 1_000_000_000L, Duration.ofSeconds(10), null));
        ProviderConfig provider = ProviderConfig.of(
                "fake",
                "Fake",
                ProviderKind.OPENAI_COMPATIBLE,
                model.baseUrl(),
                Secret.of("k"),
                Duration.ofSeconds(5),
                0);
        OutboundHttp http = OutboundHttp.create(
                NetPolicy.builder().allowlist(List.of("127.0.0.1")).build());
        engine = WorkflowEngine.builder()
                .models(
                        LangChainModelInvoker.create(Duration.ofMillis(1)),
                        id -> id.equals("fake") ? Optional.of(provider) : Optional.empty())
                .http(http)
                .tools(ToolRegistry.create(List.of(BuiltinTools.create(Clock.systemUTC(), http, null))))
                .knowledge(
                        (bases, query, limit) -> List.of(new Citation("faq.md", "We open at 9 (" + query + ")", 0.9)))
                .code(sandbox)
                .build();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        model.close();
        vertx.close().await();
    }

    @org.junit.jupiter.api.BeforeEach
    void forgetScriptedAnswers() {
        model.reset();
    }

    static String url(String path) {
        return "http://127.0.0.1:" + rest.actualPort() + path;
    }

    private static WorkflowRun run(WorkflowGraph graph, Map<String, Object> inputs) {
        // A bound, not a timing claim: the first code node may wait for a sandbox worker JVM to start,
        // which takes tens of seconds on a loaded 2-core machine.
        return engine.run("wf", 0, graph, inputs, Duration.ofSeconds(60), null);
    }

    private static String end(String value) {
        return node("end", "end", "{'outputs':[{'name':'answer','value':'" + value + "'}]}");
    }

    @Test
    void should_pass_start_inputs_to_the_end_node() {
        WorkflowRun result = run(graph(START + "," + end("start.q"), edge("start", "end")), Map.of("q", "hi"));
        assertThat(result.status()).isEqualTo(WorkflowRun.Status.SUCCEEDED);
        assertThat(result.outputs()).containsEntry("answer", "hi");
        assertThat(result.nodes()).extracting(NodeTrace::nodeId).containsExactly("start", "end");
    }

    @Test
    void should_run_an_llm_node_with_a_rendered_prompt_and_json_output() {
        model.enqueue(ModelBehaviour.reply("```json\n{\"city\":\"Paris\"}\n```"));
        WorkflowGraph graph = graph(
                START + ","
                        + node(
                                "llm",
                                "llm",
                                "{'provider':'fake','model':'fake-model','system':'Be brief.','prompt':'Where is {{start.q}}?','jsonSchema':{'type':'object'}}")
                        + "," + end("llm.json.city"),
                edge("start", "llm") + "," + edge("llm", "end"));
        WorkflowRun result = run(graph, Map.of("q", "the Louvre"));
        assertThat(result.outputs()).containsEntry("answer", "Paris");
        assertThat(model.requests()
                        .getLast()
                        .body()
                        .getJsonArray("messages")
                        .getJsonObject(1)
                        .getString("content"))
                .isEqualTo("Where is the Louvre?");
        assertThat(result.tokens()).isPositive();
        assertThat(result.nodes().get(1).inputs()).containsEntry("start.q", "the Louvre");
    }

    @Test
    void should_stream_the_llm_node_the_end_node_names() {
        model.enqueue(ModelBehaviour.reply("streamed answer here"));
        WorkflowGraph graph = graph(
                START + "," + node("llm", "llm", "{'provider':'fake','model':'m','prompt':'{{start.q}}'}") + ","
                        + node("end", "end", "{'outputs':[{'name':'answer','value':'llm.text'}],'stream':'llm'}"),
                edge("start", "llm") + "," + edge("llm", "end"));
        List<String> tokens = new ArrayList<>();
        WorkflowRun result = engine.run("wf", 0, graph, Map.of("q", "x"), Duration.ofSeconds(10), tokens::add);
        assertThat(tokens.size()).isGreaterThan(1);
        assertThat(String.join("", tokens))
                .isEqualTo("streamed answer here")
                .isEqualTo(result.outputs().get("answer"));
    }

    @Test
    void should_retrieve_knowledge() {
        WorkflowGraph graph = graph(
                START + "," + node("kb", "knowledge", "{'query':'hours {{start.q}}','topK':3}") + "," + end("kb.text"),
                edge("start", "kb") + "," + edge("kb", "end"));
        assertThat(run(graph, Map.of("q", "today")).outputs()).containsEntry("answer", "We open at 9 (hours today)");
    }

    @Test
    void should_run_a_code_node_in_the_sandbox() {
        WorkflowGraph graph = graph(
                START + ","
                        + node(
                                "code",
                                "code",
                                "{'code':'function main(i) { return { shout: i.q.toUpperCase() + \\'!\\', len: i.q.length }; }',"
                                        + "'inputs':{'q':'start.q'},'outputs':[{'name':'shout','type':'string'},{'name':'len','type':'number'}]}")
                        + "," + end("code.shout"),
                edge("start", "code") + "," + edge("code", "end"));
        assertThat(run(graph, Map.of("q", "hey")).outputs()).containsEntry("answer", "HEY!");
    }

    @Test
    void should_take_the_first_matching_case_of_an_if_else() {
        String ifElse = node(
                "route",
                "if-else",
                "{'cases':["
                        + "{'id':'big','logic':'and','conditions':[{'variable':'start.n','operator':'gt','value':100},{'variable':'start.q','operator':'not_empty'}]},"
                        + "{'id':'greeting','logic':'or','conditions':[{'variable':'start.q','operator':'regex','value':'^(hi|hello)'},{'variable':'start.q','operator':'contains','value':'hey'}]}]}");
        WorkflowGraph graph = graph(
                START + "," + ifElse + ","
                        + node(
                                "a",
                                "code",
                                "{'code':'function main(){return {v:\\'big\\'}}','outputs':[{'name':'v','type':'string'}]}")
                        + ","
                        + node(
                                "b",
                                "code",
                                "{'code':'function main(){return {v:\\'greeting\\'}}','outputs':[{'name':'v','type':'string'}]}")
                        + ","
                        + node(
                                "c",
                                "code",
                                "{'code':'function main(){return {v:\\'other\\'}}','outputs':[{'name':'v','type':'string'}]}")
                        + ","
                        + node("merge", "aggregator", "{'variables':['a.v','b.v','c.v']}") + "," + end("merge.output"),
                edge("start", "route") + "," + edge("route", "a", "big") + "," + edge("route", "b", "greeting") + ","
                        + edge("route", "c", "else") + "," + edge("a", "merge") + "," + edge("b", "merge") + ","
                        + edge("c", "merge") + "," + edge("merge", "end"));
        assertThat(run(graph, Map.of("q", "x", "n", 500)).outputs()).containsEntry("answer", "big");
        assertThat(run(graph, Map.of("q", "hello there", "n", 1)).outputs()).containsEntry("answer", "greeting");
        WorkflowRun other = run(graph, Map.of("q", "bye", "n", 1));
        assertThat(other.outputs()).containsEntry("answer", "other");
        assertThat(other.nodes())
                .filteredOn(t -> t.status() == NodeTrace.Status.SKIPPED)
                .extracting(NodeTrace::nodeId)
                .containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void should_send_an_http_request_with_rendered_templates() {
        WorkflowGraph graph = graph(
                START + ","
                        + node(
                                "call",
                                "http",
                                "{'method':'POST','url':'" + url("/items/{{start.q}}") + "',"
                                        + "'headers':{'x-token':'t-{{start.q}}'},'body':'{\\'n\\':{{start.n}}}','timeoutSeconds':5}")
                        + "," + end("call.json"),
                edge("start", "call") + "," + edge("call", "end"));
        Object answer = run(graph, Map.of("q", "42", "n", 7)).outputs().get("answer");
        assertThat(answer)
                .isEqualTo(Map.of("method", "POST", "path", "/items/42", "auth", "t-42", "body", Map.of("n", 7)));
    }

    @Test
    void should_refuse_private_addresses_in_the_http_node_by_default() {
        OutboundHttp guarded = OutboundHttp.create(NetPolicy.DEFAULT);
        WorkflowEngine strict = WorkflowEngine.builder()
                .models(LangChainModelInvoker.create(Duration.ofMillis(1)), id -> Optional.empty())
                .http(guarded)
                .tools(ToolRegistry.create(List.of()))
                .build();
        WorkflowGraph graph = graph(
                START + "," + node("call", "http", "{'url':'" + url("/x") + "'}") + "," + end("call.body"),
                edge("start", "call") + "," + edge("call", "end"));
        WorkflowRun result = strict.run("wf", 0, graph, Map.of("q", "x"), Duration.ofSeconds(5), null);
        assertThat(result.status()).isEqualTo(WorkflowRun.Status.FAILED);
        assertThat(result.error()).contains("node 'call' failed", "resolves to 127.0.0.1");
    }

    @Test
    void should_call_a_tool() {
        WorkflowGraph graph = graph(
                START + ","
                        + node(
                                "calc",
                                "tool",
                                "{'tool':'builtin/calculator','arguments':{'expression':'{{start.n}} * 2'}}")
                        + "," + end("calc.text"),
                edge("start", "calc") + "," + edge("calc", "end"));
        assertThat(run(graph, Map.of("q", "x", "n", 21)).outputs()).containsEntry("answer", "42");
    }

    @Test
    void should_apply_failure_policies() {
        String failing =
                "'code':'function main(){ throw new Error(\\'boom\\'); }','outputs':[{'name':'v','type':'string'}]";
        WorkflowGraph defaulted = parseWithPolicy(failing, "{'mode':'default','defaultValue':{'v':'fallback'}}");
        WorkflowRun result = run(defaulted, Map.of("q", "x"));
        assertThat(result.outputs()).containsEntry("answer", "fallback");
        assertThat(result.nodes().get(1).status()).isEqualTo(NodeTrace.Status.DEFAULTED);
        assertThat(result.nodes().get(1).error()).contains("boom");

        WorkflowRun retried = run(parseWithPolicy(failing, "{'mode':'retry','retries':2}"), Map.of("q", "x"));
        assertThat(retried.status()).isEqualTo(WorkflowRun.Status.FAILED);
        assertThat(retried.error()).contains("node 'code' failed", "boom");
        assertThat(retried.nodes())
                .filteredOn(t -> t.nodeId().equals("code"))
                .singleElement()
                .satisfies(t -> assertThat(t.attempts()).isEqualTo(3));
    }

    private static WorkflowGraph parseWithPolicy(String codeConfig, String policy) {
        return Graphs.parse("{'nodes':[" + START + ",{'id':'code','type':'code','config':{" + codeConfig
                + "},'onError':" + policy + "}," + end("code.v") + "],'edges':[" + edge("start", "code") + ","
                + edge("code", "end") + "]}");
    }

    @Test
    void should_stop_a_run_at_its_overall_timeout() {
        WorkflowGraph graph = graph(
                START + ","
                        + node(
                                "loop",
                                "code",
                                "{'code':'function main(){ while(true){} }','outputs':[{'name':'v','type':'string'}],'timeoutSeconds':30}")
                        + "," + end("loop.v"),
                edge("start", "loop") + "," + edge("loop", "end"));
        long began = System.nanoTime();
        WorkflowRun result = engine.run("wf", 0, graph, Map.of("q", "x"), Duration.ofMillis(700), null);
        assertThat(result.status()).isEqualTo(WorkflowRun.Status.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
        assertThat(result.nodes()).anySatisfy(t -> assertThat(t.status()).isEqualTo(NodeTrace.Status.CANCELLED));
    }

    @Test
    void should_run_a_ten_node_mixed_workflow_with_parallel_branches() {
        model.enqueue(ModelBehaviour.reply("summary"));
        // start → (http slow A, http slow B, knowledge) in parallel → code joins → if-else → llm | tool → aggregator →
        // end
        String nodes = String.join(
                ",",
                START,
                node("fetchA", "http", "{'url':'" + url("/slow") + "'}"),
                node("fetchB", "http", "{'url':'" + url("/slow") + "'}"),
                node("kb", "knowledge", "{'query':'{{start.q}}'}"),
                node(
                        "join",
                        "code",
                        "{'code':'function main(i){ return { both: i.a.parallel && i.b.parallel, text: i.kb }; }',"
                                + "'inputs':{'a':'fetchA.json','b':'fetchB.json','kb':'kb.text'},'outputs':[{'name':'both','type':'boolean'},{'name':'text','type':'string'}]}"),
                node(
                        "route",
                        "if-else",
                        "{'cases':[{'id':'yes','conditions':[{'variable':'join.both','operator':'equals','value':true}]}]}"),
                node("llm", "llm", "{'provider':'fake','model':'m','prompt':'Summarise {{join.text}}'}"),
                node("calc", "tool", "{'tool':'builtin/calculator','arguments':{'expression':'1+1'}}"),
                node("merge", "aggregator", "{'variables':['llm.text','calc.text']}"),
                end("merge.output"));
        String edges = String.join(
                ",",
                edge("start", "fetchA"),
                edge("start", "fetchB"),
                edge("start", "kb"),
                edge("fetchA", "join"),
                edge("fetchB", "join"),
                edge("kb", "join"),
                edge("join", "route"),
                edge("route", "llm", "yes"),
                edge("route", "calc", "else"),
                edge("llm", "merge"),
                edge("calc", "merge"),
                edge("merge", "end"));
        WorkflowGraph graph = graph(nodes, edges);
        assertThat(engine.validate(graph)).isEmpty();

        WorkflowRun result = run(graph, Map.of("q", "hours"));

        assertThat(result.status()).as(String.valueOf(result.error())).isEqualTo(WorkflowRun.Status.SUCCEEDED);
        assertThat(result.outputs()).containsEntry("answer", "summary");
        assertThat(result.nodes()).hasSize(10);
        assertThat(result.nodes())
                .filteredOn(t -> t.nodeId().equals("join"))
                .singleElement()
                .satisfies(t -> assertThat(t.outputs()).containsEntry("both", true));
        assertThat(result.nodes())
                .filteredOn(t -> t.nodeId().equals("calc"))
                .singleElement()
                .satisfies(t -> assertThat(t.status()).isEqualTo(NodeTrace.Status.SKIPPED));
    }

    @Test
    void should_reject_inputs_that_do_not_fit_the_start_node() {
        WorkflowGraph graph = graph(START + "," + end("start.q"), edge("start", "end"));
        assertThatThrownBy(() -> run(graph, Map.of()))
                .isInstanceOfSatisfying(
                        InvalidWorkflowException.class,
                        e -> assertThat(e.errors().get(0))
                                .isEqualTo(new ValidationError("start", "inputs.q", "is required")));
        assertThatThrownBy(() -> run(graph, Map.of("q", "x", "n", "not a number")))
                .hasMessageContaining("node 'start' field 'inputs.n': must be a number");
    }
}
