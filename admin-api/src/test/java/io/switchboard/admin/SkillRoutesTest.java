package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.admin.AdminApiServer.Reply;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SkillRoutesTest {
    static final String DOUBLER = "{\"name\":\"Doubler\",\"graph\":{\"description\":\"Doubles n\",\"nodes\":["
            + "{\"id\":\"start\",\"type\":\"start\",\"config\":{\"inputs\":[{\"name\":\"n\",\"type\":\"number\",\"required\":true}]}},"
            + "{\"id\":\"calc\",\"type\":\"tool\",\"config\":{\"tool\":\"builtin/calculator\",\"arguments\":{\"expression\":\"{{start.n}} * 2\"}}},"
            + "{\"id\":\"end\",\"type\":\"end\",\"config\":{\"outputs\":[{\"name\":\"doubled\",\"value\":\"calc.text\"}]}}],"
            + "\"edges\":[{\"from\":\"start\",\"to\":\"calc\"},{\"from\":\"calc\",\"to\":\"end\"}]}}";

    private AdminApiServer server;
    private String token;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = AdminApiServer.start(dir);
        token = server.login();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void should_list_every_provider_with_its_tools_and_parameters_in_the_tool_square() {
        Reply reply = server.send("GET", "/tools", null, token);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode builtin = reply.json().path("providers").path(0);
        assertThat(builtin.path("id").asText()).isEqualTo("builtin");
        assertThat(builtin.path("tools").findValuesAsText("reference"))
                .containsExactly("builtin/current_datetime", "builtin/calculator", "builtin/read_web_page");
        assertThat(builtin.at("/tools/1/parameters/properties/expression/type").asText())
                .isEqualTo("string");
        assertThat(builtin.at("/tools/1/parameters/required/0").asText()).isEqualTo("expression");
    }

    @Test
    void should_test_call_a_tool() {
        Reply ok = server.send(
                "POST",
                "/tools/providers/builtin/tools/calculator/test",
                "{\"arguments\":{\"expression\":\"6*7\"}}",
                token);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().path("ok").asBoolean()).isTrue();
        assertThat(ok.json().path("result").asText()).isEqualTo("42");
        Reply failed = server.send(
                "POST",
                "/tools/providers/builtin/tools/calculator/test",
                "{\"arguments\":{\"expression\":\"6*\"}}",
                token);
        assertThat(failed.json().path("ok").asBoolean()).isFalse();
        assertThat(failed.json().path("error").asText()).contains("ends too early");
        assertThat(server.send("POST", "/tools/providers/builtin/tools/nope/test", "{}", token)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void should_reject_an_invalid_openapi_document_with_the_reason() {
        Reply reply = server.send(
                "POST",
                "/tools/openapi",
                "{\"name\":\"x\",\"document\":\"openapi: 3.0.0\\npaths: {}\",\"baseUrl\":\"http://127.0.0.1:9\"}",
                token);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/error/message").asText()).isEqualTo("the document has no paths");
        Reply local = server.send(
                "POST", "/tools/mcp", "{\"name\":\"x\",\"transport\":\"stdio\",\"command\":[\"x\"]}", token);
        assertThat(local.status()).isEqualTo(400);
        assertThat(local.json().at("/error/message").asText()).contains("local MCP commands are disabled");
    }

    @Test
    void should_refuse_to_publish_an_invalid_graph_naming_node_and_field() {
        String broken = DOUBLER.replace("{{start.n}}", "{{start.m}}");
        Reply created = server.send("POST", "/workflows", broken, token);
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(created.json().at("/errors/0/node").asText()).isEqualTo("calc");

        Reply publish = server.send("POST", "/workflows/" + id + "/publish", null, token);

        assertThat(publish.status()).isEqualTo(422);
        assertThat(publish.json().at("/error/code").asText()).isEqualTo("invalid_workflow");
        assertThat(publish.json().at("/error/errors/0/node").asText()).isEqualTo("calc");
        assertThat(publish.json().at("/error/errors/0/field").asText()).isEqualTo("arguments.expression");
        assertThat(publish.json().at("/error/errors/0/message").asText())
                .isEqualTo("node 'start' has no output 'm' (it has [n])");
    }

    @Test
    void should_keep_where_the_canvas_placed_each_node() {
        String placed = DOUBLER.replace("{\"id\":\"start\"", "{\"position\":{\"x\":120.5,\"y\":-40},\"id\":\"start\"");
        assertThat(placed).contains("position");
        String id = server.send("POST", "/workflows", placed, token)
                .json()
                .path("id")
                .asText();

        JsonNode nodes =
                server.send("GET", "/workflows/" + id, null, token).json().at("/draft/nodes");
        Reply off = server.send("POST", "/workflows", placed.replace("120.5", "1e9"), token);

        assertThat(nodes.get(0).at("/position/x").asDouble()).isEqualTo(120.5);
        assertThat(nodes.get(0).at("/position/y").asDouble()).isEqualTo(-40);
        assertThat(nodes.get(1).path("position").isNull()
                        || nodes.get(1).path("position").isMissingNode())
                .isTrue();
        assertThat(off.status()).isEqualTo(400);
        assertThat(off.json().at("/error/message").asText()).contains("position");
    }

    @Test
    void should_publish_debug_run_and_return_the_stored_trace() {
        String id = server.send("POST", "/workflows", DOUBLER, token)
                .json()
                .path("id")
                .asText();
        assertThat(server.send("POST", "/workflows/" + id + "/validate", null, token)
                        .json()
                        .path("valid")
                        .asBoolean())
                .isTrue();
        Reply publish = server.send("POST", "/workflows/" + id + "/publish", null, token);
        assertThat(publish.status()).isEqualTo(200);
        assertThat(publish.json().path("version").asInt()).isEqualTo(1);

        Reply run = server.send("POST", "/workflows/" + id + "/debug-run", "{\"inputs\":{\"n\":4}}", token);

        assertThat(run.status()).isEqualTo(200);
        assertThat(run.json().path("status").asText()).isEqualTo("succeeded");
        assertThat(run.json().at("/outputs/doubled").asText()).isEqualTo("8");
        assertThat(run.json().path("nodes").findValuesAsText("nodeId")).containsExactly("start", "calc", "end");
        assertThat(run.json().at("/nodes/1/inputs/start.n").asInt()).isEqualTo(4);
        String runId = run.json().path("id").asText();
        Reply stored = server.send("GET", "/workflows/" + id + "/runs/" + runId, null, token);
        assertThat(stored.json().at("/nodes/1/outputs/text").asText()).isEqualTo("8");
        assertThat(server.send("GET", "/workflows/" + id + "/runs", null, token)
                        .json()
                        .at("/items/0/id")
                        .asText())
                .isEqualTo(runId);
        assertThat(server.send("GET", "/workflows/" + id + "/versions/1", null, token)
                        .json()
                        .at("/graph/nodes/1/id")
                        .asText())
                .isEqualTo("calc");

        Reply badInputs =
                server.send("POST", "/workflows/" + id + "/debug-run", "{\"inputs\":{\"n\":\"four\"}}", token);
        assertThat(badInputs.status()).isEqualTo(422);
        assertThat(badInputs.json().at("/error/errors/0").toString())
                .isEqualTo(
                        "{\"node\":\"start\",\"field\":\"inputs.n\",\"message\":\"must be a number, got a string\"}");

        Reply square = server.send("GET", "/tools", null, token);
        assertThat(square.body()).contains("\"reference\":\"workflow/" + id + "\"");
    }

    @Test
    void should_store_an_apps_skills_and_name_a_bad_setting() {
        String withSkills = Samples.app("skilled", "Skilled", null)
                .replace(
                        "\"fallbackText\":\"No idea.\"}",
                        "\"fallbackText\":\"No idea.\",\"skills\":{\"tools\":[\"builtin/calculator\"],"
                                + "\"workflows\":[\"wf-1\"],\"maxSteps\":3}}");
        Reply created = server.send("POST", "/apps", withSkills, token);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode skills =
                server.send("GET", "/apps/skilled", null, token).json().at("/draft/skills");
        assertThat(skills.at("/tools/0").asText()).isEqualTo("builtin/calculator");
        assertThat(skills.at("/maxSteps").asInt()).isEqualTo(3);
        assertThat(skills.at("/toolTimeoutSeconds").asInt()).isEqualTo(30);

        Reply bad = server.send(
                "POST",
                "/apps",
                withSkills.replace("skilled", "skilled2").replace("\"maxSteps\":3", "\"maxSteps\":99"),
                token);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/error/message").asText()).contains("skills.maxSteps must be between 1 and 20");
    }

    @Test
    void should_import_a_dify_export_and_list_what_was_not_mapped() {
        String yaml = "app: {name: Classify}\\nworkflow:\\n  graph:\\n    nodes:\\n"
                + "    - {id: '1', data: {type: start, variables: []}}\\n"
                + "    - {id: '2', data: {type: datasource, title: Sort}}\\n"
                + "    edges: [{source: '1', target: '2', sourceHandle: source}]\\n";
        Reply reply = server.send("POST", "/workflows/import/dify", "{\"yaml\":\"" + yaml + "\"}", token);

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().at("/workflow/name").asText()).isEqualTo("Classify");
        assertThat(reply.json().at("/unmapped/0").asText())
                .isEqualTo("node 'n2' (Sort): Dify node type 'datasource' has no Switchboard equivalent");
        assertThat(reply.json().at("/workflow/errors").findValuesAsText("node")).contains("n2");
    }
}
