package io.switchboard.runtime.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.runtime.net.NetPolicy;
import io.switchboard.runtime.security.SecretBox;
import io.switchboard.runtime.store.Database;
import io.switchboard.runtime.store.DatabaseConfig;
import io.switchboard.testkit.FakeMcpServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomToolsTest {
    private static Vertx vertx;
    private static HttpServer rest;
    private static final List<String> seen = new CopyOnWriteArrayList<>();

    /** A pet store: the fake REST service the document describes. */
    static final String PETSTORE = """
            openapi: 3.0.3
            info: {title: Pets, version: "1"}
            paths:
              /pets/{petId}:
                parameters:
                  - {name: petId, in: path, required: true, schema: {type: integer}}
                get:
                  operationId: getPet
                  summary: Finds a pet by id
                  parameters:
                    - {name: verbose, in: query, schema: {type: boolean}}
                  responses: {"200": {description: ok}}
              /pets:
                post:
                  operationId: addPet
                  summary: Adds a pet
                  requestBody:
                    required: true
                    content:
                      application/json:
                        schema: {$ref: '#/components/schemas/Pet'}
                  responses: {"201": {description: created}}
            components:
              schemas:
                Pet:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string}
                    kind: {type: string, enum: [cat, dog]}
            """;

    private Database database;
    private CustomTools tools;

    @BeforeAll
    static void startRest() {
        vertx = Vertx.vertx();
        rest = vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> {
                    seen.add(request.method() + " " + request.uri() + " key=" + request.getHeader("X-Api-Key")
                            + " auth=" + request.getHeader("Authorization") + " body=" + body);
                    switch (request.path()) {
                        case "/openapi.yaml" -> request.response().end(PETSTORE);
                        case "/pets/7" -> request.response().end("{\"id\":7,\"name\":\"Tom\"}");
                        case "/pets" -> request.response().setStatusCode(201).end(body);
                        default -> request.response().setStatusCode(404).end("{\"error\":\"no such pet\"}");
                    }
                }))
                .listen(0, "127.0.0.1")
                .await();
    }

    @AfterAll
    static void stopRest() {
        vertx.close().await();
    }

    @BeforeEach
    void open() {
        seen.clear();
        database = Database.open(
                new DatabaseConfig("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", null, 2),
                SecretBox.create(new byte[SecretBox.KEY_BYTES]));
        tools = CustomTools.create(
                database.toolProviders(),
                OutboundHttp.create(
                        NetPolicy.builder().allowlist(List.of("127.0.0.1")).build()),
                false);
    }

    @AfterEach
    void close() {
        tools.close();
        database.close();
    }

    private static String base() {
        return "http://127.0.0.1:" + rest.actualPort();
    }

    @Test
    void should_turn_every_operation_into_a_tool_with_its_parameter_schema() {
        ToolProvider provider =
                tools.importOpenApi(new OpenApiImportRequest("Pets", "pet store", PETSTORE, null, base(), null));

        assertThat(provider.kind()).isEqualTo("openapi");
        assertThat(provider.tools())
                .extracting(t -> t.specification().name())
                .containsExactlyInAnyOrder("getPet", "addPet");
        Tool getPet = provider.tools().stream()
                .filter(t -> t.id().equals("getPet"))
                .findFirst()
                .orElseThrow();
        assertThat(getPet.specification().description()).isEqualTo("Finds a pet by id");
        assertThat(getPet.specification().parameters().properties()).containsOnlyKeys("petId", "verbose");
        assertThat(getPet.specification().parameters().required()).containsExactly("petId");
        Tool addPet = provider.tools().stream()
                .filter(t -> t.id().equals("addPet"))
                .findFirst()
                .orElseThrow();
        assertThat(addPet.specification().parameters().required()).containsExactly("body");
        assertThat(tools.providers()).extracting(ToolProvider::id).containsExactly(provider.id());
    }

    @Test
    void should_call_the_api_with_path_query_body_and_auth() {
        ToolProvider provider = tools.importOpenApi(new OpenApiImportRequest(
                "Pets",
                null,
                PETSTORE,
                null,
                base(),
                new ToolAuth(ToolAuth.Type.API_KEY, ToolAuth.Location.HEADER, "X-Api-Key", "s3cret")));

        assertThat(tools.testCall(provider.id(), "getPet", "{\"petId\":7,\"verbose\":true}"))
                .isEqualTo("{\"id\":7,\"name\":\"Tom\"}");
        assertThat(tools.testCall(provider.id(), "addPet", "{\"body\":{\"name\":\"Rex\",\"kind\":\"dog\"}}"))
                .isEqualTo("{\"name\":\"Rex\",\"kind\":\"dog\"}");
        assertThat(seen)
                .containsExactly(
                        "GET /pets/7?verbose=true key=s3cret auth=null body=",
                        "POST /pets key=s3cret auth=null body={\"name\":\"Rex\",\"kind\":\"dog\"}");
        assertThatThrownBy(() -> tools.testCall(provider.id(), "getPet", "{\"petId\":8}"))
                .isInstanceOf(ToolException.class)
                .hasMessage("HTTP 404: {\"error\":\"no such pet\"}");
        assertThatThrownBy(() -> tools.testCall(provider.id(), "getPet", "{}"))
                .hasMessage("argument 'petId' is required");
    }

    @Test
    void should_import_by_url_with_bearer_auth_and_keep_the_secret_sealed() {
        ToolProvider provider = tools.importOpenApi(new OpenApiImportRequest(
                "Pets",
                null,
                null,
                base() + "/openapi.yaml",
                null,
                new ToolAuth(ToolAuth.Type.BEARER, null, null, "tok-123")));
        tools.testCall(provider.id(), "getPet", "{\"petId\":7}");
        assertThat(seen.getLast()).contains("auth=Bearer tok-123");
        String raw = database.toolProviders().find(provider.id()).orElseThrow().settingsJson();
        assertThat(raw).contains("tok-123"); // the store opens it for us...
        assertThat(new JsonObject(raw).getJsonObject("auth").getString("type")).isEqualTo("bearer");
    }

    @Test
    void should_reject_invalid_documents_with_the_reason() {
        assertThatThrownBy(() ->
                        tools.importOpenApi(new OpenApiImportRequest("x", null, "{not yaml: [", null, base(), null)))
                .isInstanceOf(InvalidToolProviderException.class)
                .hasMessageStartingWith("the document is neither JSON nor YAML");
        assertThatThrownBy(() -> tools.importOpenApi(
                        new OpenApiImportRequest("x", null, "swagger: '2.0'\npaths: {}", null, base(), null)))
                .hasMessageContaining("Swagger 2 documents are not supported");
        assertThatThrownBy(() -> tools.importOpenApi(
                        new OpenApiImportRequest("x", null, "openapi: 3.0.0\npaths: {}", null, base(), null)))
                .hasMessage("the document has no paths");
        String badRef = PETSTORE.replace("#/components/schemas/Pet", "#/components/schemas/Cat");
        assertThatThrownBy(() -> tools.importOpenApi(new OpenApiImportRequest("x", null, badRef, null, base(), null)))
                .hasMessage("POST /pets requestBody: reference '#/components/schemas/Cat' does not resolve");
        assertThatThrownBy(() -> tools.importOpenApi(new OpenApiImportRequest("x", null, PETSTORE, null, null, null)))
                .hasMessage("the document names no server; give baseUrl");
        assertThatThrownBy(() ->
                        tools.importOpenApi(new OpenApiImportRequest("x", null, null, base() + "/missing", null, null)))
                .hasMessage("fetching the document answered HTTP 404");
        assertThat(tools.providers()).isEmpty();
    }

    @Test
    void should_refuse_a_document_url_on_a_private_address() {
        CustomTools guarded =
                CustomTools.create(database.toolProviders(), OutboundHttp.create(NetPolicy.DEFAULT), false);
        assertThatThrownBy(() -> guarded.importOpenApi(
                        new OpenApiImportRequest("x", null, null, base() + "/openapi.yaml", null, null)))
                .hasMessageContaining("resolves to 127.0.0.1");
        assertThatThrownBy(() -> guarded.registerMcp(new McpServerRequest(
                        "m", null, McpServerRequest.Transport.STREAMABLE_HTTP, "http://127.0.0.1:1/mcp", null, null)))
                .hasMessageContaining("resolves to 127.0.0.1");
    }

    @Test
    void should_list_and_call_the_tools_of_an_mcp_server() {
        try (FakeMcpServer mcp = FakeMcpServer.start()) {
            ToolProvider provider = tools.registerMcp(new McpServerRequest(
                    "Fake MCP", "test", McpServerRequest.Transport.STREAMABLE_HTTP, mcp.url(), Map.of(), null));

            assertThat(provider.tools())
                    .extracting(t -> t.specification().name())
                    .containsExactly("echo", "fail");
            assertThat(tools.testCall(provider.id(), "echo", "{\"text\":\"hello\"}"))
                    .isEqualTo("hello");
            assertThatThrownBy(() -> tools.testCall(provider.id(), "fail", "{\"why\":\"testing\"}"))
                    .isInstanceOf(ToolException.class)
                    .hasMessage("failed because testing");
            assertThat(mcp.methods()).contains("initialize", "tools/list", "tools/call");
            assertThat(tools.delete(provider.id())).isTrue();
            assertThat(tools.providers()).isEmpty();
        }
    }

    @Test
    void should_speak_the_sse_transport_too() {
        try (FakeMcpServer mcp = FakeMcpServer.start()) {
            ToolProvider provider = tools.registerMcp(
                    new McpServerRequest("SSE MCP", null, McpServerRequest.Transport.SSE, mcp.sseUrl(), null, null));

            assertThat(provider.tools())
                    .extracting(t -> t.specification().name())
                    .containsExactly("echo", "fail");
            assertThat(tools.testCall(provider.id(), "echo", "{\"text\":\"over sse\"}"))
                    .isEqualTo("over sse");
        }
    }

    @Test
    void should_not_follow_an_mcp_server_redirect_to_a_blocked_address() {
        // 127.0.0.2 is loopback but not on the allowlist: the guard blocks it.
        try (FakeMcpServer blocked = FakeMcpServer.start("127.0.0.2");
                FakeMcpServer redirecting = FakeMcpServer.start().redirectingTo(blocked)) {
            assertThatThrownBy(() -> tools.registerMcp(new McpServerRequest(
                            "redirecting",
                            null,
                            McpServerRequest.Transport.STREAMABLE_HTTP,
                            redirecting.url(),
                            null,
                            null)))
                    .isInstanceOf(InvalidToolProviderException.class);
            assertThatThrownBy(() -> tools.registerMcp(new McpServerRequest(
                            "redirecting sse", null, McpServerRequest.Transport.SSE, redirecting.sseUrl(), null, null)))
                    .isInstanceOf(InvalidToolProviderException.class);

            assertThat(redirecting.requestPaths()).contains("/mcp", "/sse");
            assertThat(blocked.requestPaths()).isEmpty();
            assertThat(database.toolProviders().list()).isEmpty();
        }
    }

    @Test
    void should_not_post_to_an_sse_message_endpoint_on_a_blocked_address() {
        try (FakeMcpServer blocked = FakeMcpServer.start("127.0.0.2");
                FakeMcpServer sse = FakeMcpServer.start()) {
            sse.namingMessagesEndpoint(
                    "http://127.0.0.2:" + URI.create(blocked.url()).getPort() + "/messages");

            assertThatThrownBy(() -> tools.registerMcp(new McpServerRequest(
                            "elsewhere", null, McpServerRequest.Transport.SSE, sse.sseUrl(), null, null)))
                    .isInstanceOf(InvalidToolProviderException.class);

            assertThat(blocked.requestPaths()).isEmpty();
        }
    }

    @Test
    void should_refuse_local_mcp_commands_unless_allowed_and_unreachable_servers() {
        assertThatThrownBy(() -> tools.registerMcp(new McpServerRequest(
                        "local", null, McpServerRequest.Transport.STDIO, null, null, List.of("npx", "server"))))
                .isInstanceOf(InvalidToolProviderException.class)
                .hasMessageContaining("local MCP commands are disabled");
        assertThatThrownBy(() -> tools.registerMcp(new McpServerRequest(
                        "gone", null, McpServerRequest.Transport.STREAMABLE_HTTP, base() + "/nothing", null, null)))
                .isInstanceOf(InvalidToolProviderException.class)
                .hasMessageStartingWith("the MCP server did not answer");
        assertThat(database.toolProviders().list()).isEmpty();
    }
}
