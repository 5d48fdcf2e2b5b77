package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A published app as an MCP server, driven by the official MCP Java SDK's streamable-HTTP client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpServerTest {
    private DevApiGateway api;

    @BeforeAll
    void start(@TempDir Path dir) {
        api = new DevApiGateway(dir);
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
    }

    private McpSyncClient client(String path, String key) {
        var transport = HttpClientStreamableHttpTransport.builder(api.base())
                .endpoint(path)
                .connectTimeout(Duration.ofSeconds(5))
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + key))
                .build();
        return McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(30))
                .initializationTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().getFirst()).text();
    }

    @Test
    void should_serve_the_app_as_a_tool_that_asks_it_and_continues_a_named_conversation() {
        try (McpSyncClient client = client("/mcp/" + DevApiGateway.APP, api.apiKey)) {
            McpSchema.InitializeResult init = client.initialize();
            assertThat(init.serverInfo().name()).isEqualTo(DevApiGateway.APP);
            assertThat(init.capabilities().tools()).isNotNull();

            List<McpSchema.Tool> tools = client.listTools().tools();
            assertThat(tools.getFirst().name())
                    .as("first the app itself (its workflows follow once it offers some)")
                    .isEqualTo("ask");
            assertThat(tools.getFirst().inputSchema().get("required")).isEqualTo(List.of("question"));

            McpSchema.CallToolResult once =
                    client.callTool(new McpSchema.CallToolRequest("ask", Map.of("question", "hello mcp")));
            assertThat(once.isError()).isFalse();
            assertThat(text(once)).isEqualTo("echo: hello mcp (2 messages)");

            client.callTool(
                    new McpSchema.CallToolRequest("ask", Map.of("question", "first", "conversation_id", "mcp-conv")));
            McpSchema.CallToolResult second = client.callTool(
                    new McpSchema.CallToolRequest("ask", Map.of("question", "second", "conversation_id", "mcp-conv")));
            assertThat(text(second))
                    .as("system + the earlier turn + this question")
                    .isEqualTo("echo: second (4 messages)");
        }
    }

    @Test
    void should_offer_the_apps_published_workflows_as_tools_with_their_declared_inputs() {
        // given: a published workflow with one declared input, offered by the app
        JsonObject graph = new JsonObject()
                .put(
                        "nodes",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("id", "start")
                                        .put("type", "start")
                                        .put(
                                                "config",
                                                new JsonObject()
                                                        .put(
                                                                "inputs",
                                                                new JsonArray()
                                                                        .add(new JsonObject()
                                                                                .put("name", "city")
                                                                                .put("type", "string")
                                                                                .put("required", true)))))
                                .add(new JsonObject()
                                        .put("id", "end")
                                        .put("type", "end")
                                        .put(
                                                "config",
                                                new JsonObject()
                                                        .put(
                                                                "outputs",
                                                                new JsonArray()
                                                                        .add(new JsonObject()
                                                                                .put("name", "echoed")
                                                                                .put("value", "start.city"))))))
                .put(
                        "edges",
                        new JsonArray()
                                .add(new JsonObject().put("from", "start").put("to", "end")));
        HttpTestClient.Reply created = api.admin.send(
                "POST",
                "/admin/v1/workflows",
                new JsonObject().put("name", "city echo").put("graph", graph).encode());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String workflowId = created.json().get("id").asText();
        assertThat(api.admin
                        .send("POST", "/admin/v1/workflows/" + workflowId + "/publish", "{}")
                        .status())
                .isEqualTo(200);
        JsonObject draft = new JsonObject(api.admin
                        .send("GET", "/admin/v1/apps/" + DevApiGateway.APP, null)
                        .body())
                .getJsonObject("draft");
        draft.put("skills", new JsonObject().put("workflows", new JsonArray().add(workflowId)));
        assertThat(api.admin
                        .send("PUT", "/admin/v1/apps/" + DevApiGateway.APP + "/draft", draft.encode())
                        .status())
                .isEqualTo(200);
        assertThat(api.admin
                        .send("POST", "/admin/v1/apps/" + DevApiGateway.APP + "/publish", "{\"note\":\"flow\"}")
                        .status())
                .isEqualTo(201);

        assertThat(api.admin
                        .send("GET", "/admin/v1/apps/" + DevApiGateway.APP + "/versions/2", null)
                        .body())
                .contains(workflowId);
        try (McpSyncClient client = client("/mcp/" + DevApiGateway.APP, api.apiKey)) {
            client.initialize();

            // when
            // The publish reaches the app cache through the cluster's change topic: soon, not at once.
            McpSchema.Tool flow = await().atMost(Duration.ofSeconds(20))
                    .until(
                            () -> client.listTools().tools().stream()
                                    .filter(tool -> !tool.name().equals("ask"))
                                    .findFirst(),
                            java.util.Optional::isPresent)
                    .orElseThrow();
            McpSchema.CallToolResult result =
                    client.callTool(new McpSchema.CallToolRequest(flow.name(), Map.of("city", "Oslo")));

            // then
            assertThat(flow.inputSchema().get("required")).isEqualTo(List.of("city"));
            assertThat(result.isError()).isFalse();
            assertThat(new JsonObject(text(result)).getString("echoed")).isEqualTo("Oslo");
        }
    }

    @Test
    void should_answer_bad_calls_with_json_rpc_errors_and_refuse_other_keys_and_paths() {
        try (McpSyncClient client = client("/mcp/" + DevApiGateway.APP, api.apiKey)) {
            client.initialize();
            assertThatThrownBy(() -> client.callTool(new McpSchema.CallToolRequest("nope", Map.of())))
                    .hasMessageContaining("Unknown tool");
            assertThatThrownBy(
                            () -> client.callTool(new McpSchema.CallToolRequest("ask", Map.of("question", "\u0011"))))
                    .hasMessageContaining("question");
        }
        try (McpSyncClient wrongKey = client("/mcp/" + DevApiGateway.APP, "sb-not-a-key")) {
            assertThatThrownBy(wrongKey::initialize).isInstanceOf(RuntimeException.class);
        }
        try (McpSyncClient otherApp = client("/mcp/switchboard-guide", api.apiKey)) {
            assertThatThrownBy(otherApp::initialize).isInstanceOf(RuntimeException.class);
        }
        HttpTestClient http = new HttpTestClient(api.base());
        assertThat(http.send("GET", "/mcp/" + DevApiGateway.APP, null).status()).isEqualTo(405);
        assertThat(http.send("POST", "/mcp/" + DevApiGateway.APP, "{}").status())
                .isEqualTo(401);
    }
}
