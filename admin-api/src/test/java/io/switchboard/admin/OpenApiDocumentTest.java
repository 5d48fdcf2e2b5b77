package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest {
    private AdminApiServer server;
    private JsonNode document;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = AdminApiServer.start(dir);
        document = new YAMLMapper().readTree(AdminApi.openApiYaml());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void should_be_an_openapi_3_0_document_with_a_bearer_scheme() {
        assertThat(document.get("openapi").asText()).isEqualTo("3.0.3");
        assertThat(document.at("/components/securitySchemes/adminJwt/scheme").asText())
                .isEqualTo("bearer");
        assertThat(document.at("/components/securitySchemes/adminJwt/bearerFormat")
                        .asText())
                .isEqualTo("JWT");
        for (String schema : List.of("AppConfig", "Provider", "ApiKey", "TurnLog", "Error")) {
            assertThat(document.at("/components/schemas/" + schema).isObject())
                    .as(schema)
                    .isTrue();
        }
    }

    @Test
    void should_describe_every_route_of_the_admin_router() {
        Set<String> routed = new TreeSet<>();
        for (Route route : server.api.router().getRoutes()) {
            if (route.getPath() == null
                    || route.methods() == null
                    || route.methods().isEmpty()) {
                continue; // path-less routes are the auth, body and failure handlers
            }
            String path = AdminApi.MOUNT_PATH + route.getPath().replaceAll(":(\\w+)", "{$1}");
            for (HttpMethod method : route.methods()) {
                routed.add(method.name().toLowerCase(Locale.ROOT) + " " + path);
            }
        }

        List<String> missing = new ArrayList<>();
        for (String operation : routed) {
            String[] parts = operation.split(" ", 2);
            if (!document.path("paths").path(parts[1]).has(parts[0])) {
                missing.add(operation);
            }
        }

        assertThat(routed).as("admin routes found on the router").hasSizeGreaterThanOrEqualTo(21);
        assertThat(missing).as("admin routes missing from openapi.yaml").isEmpty();
    }

    @Test
    void should_describe_the_gateway_routes() {
        List<String> gateway = List.of(
                "get /health/live",
                "get /health/ready",
                "get /metrics",
                "get /openapi.yaml",
                "get /chat/{appId}",
                "get /chat/{appId}/profile",
                "post /chat/{appId}/messages",
                "post /v1/chat/completions",
                "get /v1/models");

        for (String operation : gateway) {
            String[] parts = operation.split(" ", 2);
            assertThat(document.path("paths").path(parts[1]).has(parts[0]))
                    .as(operation)
                    .isTrue();
        }
    }

    @Test
    void should_resolve_every_reference_and_give_every_operation_responses() {
        List<String> problems = new ArrayList<>();
        walk(document, "", problems);
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(operation -> {
                    if (!operation.getKey().equals("parameters")
                            && !operation.getValue().has("responses")) {
                        problems.add(operation.getKey() + " " + path.getKey() + " has no responses");
                    }
                }));

        assertThat(problems).isEmpty();
    }

    private void walk(JsonNode node, String where, List<String> problems) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && document.at(ref.asText().substring(1)).isMissingNode()) {
                problems.add(where + " refers to missing " + ref.asText());
            }
            node.properties().forEach(entry -> walk(entry.getValue(), where + "/" + entry.getKey(), problems));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), where + "/" + i, problems);
            }
        }
    }
}
