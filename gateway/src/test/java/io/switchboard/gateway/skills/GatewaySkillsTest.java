package io.switchboard.gateway.skills;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.gateway.Gateway;
import io.switchboard.gateway.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The whole gateway with the code sandbox: sandbox escapes fail the node, the gateway stays healthy. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewaySkillsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "a-long-enough-admin-password";

    private Gateway gateway;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private String token;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        gateway = Gateway.start(ConfigLoader.load(
                Path.of("../config/switchboard.yaml"),
                Map.of(
                        "SWITCHBOARD_HTTP_PORT",
                        "0",
                        "SWITCHBOARD_CLUSTER_CONFIG",
                        "../config/hazelcast.yaml",
                        "SWITCHBOARD_DATA_DIR",
                        dir.toString(),
                        "SWITCHBOARD_DATABASE_URL",
                        "jdbc:h2:file:" + dir.resolve("db"),
                        "SWITCHBOARD_ADMIN_PASSWORD",
                        PASSWORD,
                        "SWITCHBOARD_CLUSTER_PORT",
                        String.valueOf(freePort()),
                        "SWITCHBOARD_SKILLS_SANDBOX_WORKERS",
                        "1",
                        "SWITCHBOARD_SKILLS_SANDBOX_HEAP_MEGABYTES",
                        "64",
                        "SWITCHBOARD_SKILLS_PYTHON_ENABLED",
                        String.valueOf(pythonAvailable()),
                        "SWITCHBOARD_SKILLS_PYTHON_COMMAND",
                        pythonExecutable())));
        this.dataDir = dir;
        token = send("POST", "/admin/v1/auth/login", "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}", null)
                .path("token")
                .asText();
    }

    private Path dataDir;

    private static String pythonExecutable() throws Exception {
        Process python = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").start();
        String executable = new String(python.getInputStream().readAllBytes()).strip();
        return python.waitFor() == 0 && !executable.isEmpty() ? executable : "python3";
    }

    /** Python code nodes are tested where the host allows unprivileged user namespaces. */
    private static boolean pythonAvailable() throws Exception {
        return new ProcessBuilder("unshare", "--user", "--map-root-user", "--net", "true")
                        .start()
                        .waitFor()
                == 0;
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    private JsonNode send(String method, String path, String body, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        return ((com.fasterxml.jackson.databind.node.ObjectNode) (json.isObject() ? json : JSON.createObjectNode()))
                .put("_status", response.statusCode());
    }

    private String codeWorkflow(String code) throws Exception {
        return codeWorkflow("javascript", code);
    }

    private String codeWorkflow(String language, String code) throws Exception {
        String graph = JSON.writeValueAsString(Map.of(
                "name",
                "code",
                "graph",
                Map.of(
                        "nodes",
                                new Object[] {
                                    Map.of("id", "start", "type", "start", "config", Map.of()),
                                    Map.of(
                                            "id",
                                            "code",
                                            "type",
                                            "code",
                                            "config",
                                            Map.of("language", language, "code", code, "outputs", new Object[] {
                                                Map.of("name", "v", "type", "any")
                                            })),
                                    Map.of("id", "end", "type", "end", "config", Map.of("outputs", new Object[] {
                                        Map.of("name", "v", "value", "code.v")
                                    }))
                                },
                        "edges",
                                new Object[] {Map.of("from", "start", "to", "code"), Map.of("from", "code", "to", "end")
                                })));
        return send("POST", "/admin/v1/workflows", graph, token).path("id").asText();
    }

    @Test
    void should_run_python_without_access_to_the_gateways_files() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(pythonAvailable(), "no unprivileged user namespaces here");
        assertThat(java.nio.file.Files.readString(dataDir.resolve("master.key")))
                .isNotBlank();
        String reader = codeWorkflow(
                "python", "def main(inputs):\n    return {'v': open('" + dataDir.resolve("master.key") + "').read()}");
        JsonNode refused = send("POST", "/admin/v1/workflows/" + reader + "/debug-run", "{}", token);
        assertThat(refused.path("status").asText()).isEqualTo("failed");
        assertThat(refused.path("error").asText()).contains("FileNotFoundError");
        String fine = codeWorkflow("python", "def main(inputs):\n    return {'v': sum(range(10))}");
        assertThat(send("POST", "/admin/v1/workflows/" + fine + "/debug-run", "{}", token)
                        .at("/outputs/v")
                        .asInt())
                .isEqualTo(45);
    }

    @Test
    void should_fail_escaping_code_nodes_and_stay_healthy() throws Exception {
        Map<String, String> escapes = Map.of(
                "function main() { const a = []; while (true) { a.push(new Array(1000000).fill(1)); } }",
                        "memory limit",
                "function main() { return { v: Java.type('java.lang.Runtime').getRuntime().exec('id') }; }",
                        "Java is not defined",
                "function main() { load('/etc/passwd'); return { v: 1 }; }", "",
                "function main() { return { v: typeof fetch + typeof require + typeof XMLHttpRequest }; }", "");
        for (Map.Entry<String, String> escape : escapes.entrySet()) {
            String id = codeWorkflow(escape.getKey());
            JsonNode run = send("POST", "/admin/v1/workflows/" + id + "/debug-run", "{}", token);
            assertThat(run.path("_status").asInt()).isEqualTo(200);
            if (escape.getKey().contains("typeof fetch")) {
                assertThat(run.at("/outputs/v").asText()).isEqualTo("undefinedundefinedundefined");
            } else {
                assertThat(run.path("status").asText()).as(escape.getKey()).isEqualTo("failed");
                assertThat(run.path("error").asText()).contains(escape.getValue());
            }
        }

        assertThat(send("GET", "/health/ready", null, null).path("_status").asInt())
                .isEqualTo(200);
        String fine = codeWorkflow("function main() { return { v: 6 * 7 }; }");
        assertThat(send("POST", "/admin/v1/workflows/" + fine + "/debug-run", "{}", token)
                        .at("/outputs/v")
                        .asInt())
                .isEqualTo(42);
        assertThat(send("GET", "/admin/v1/tools", null, token)
                        .at("/providers/0/tools")
                        .size())
                .isEqualTo(4);
        JsonNode search = send(
                "POST",
                "/admin/v1/tools/providers/builtin/tools/knowledge_search/test",
                "{\"arguments\":{\"query\":\"opening hours\"}}",
                token);
        assertThat(search.path("ok").asBoolean()).as(search.toString()).isTrue();
        assertThat(search.path("result").asText()).isEqualTo("no passages found");
    }
}
