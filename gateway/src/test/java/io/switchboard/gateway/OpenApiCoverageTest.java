package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route the gateway serves — its own, every channel's — is in the OpenAPI document it serves. */
class OpenApiCoverageTest {
    @Test
    void should_document_every_route_the_gateway_serves(@TempDir Path dir) throws Exception {
        try (Gateway gateway = TestGateways.single(dir)) {
            String yaml = new HttpTestClient("http://127.0.0.1:" + gateway.port())
                    .send("GET", "/openapi.yaml", null)
                    .body();
            JsonNode paths = new ObjectMapper(new YAMLFactory()).readTree(yaml).get("paths");

            List<String> missing = new ArrayList<>();
            int checked = 0;
            for (Route route : gateway.router().getRoutes()) {
                String path = route.getPath();
                if (path == null || route.isExactPath() == false && path.endsWith("/")) {
                    // Catch-alls, failure handlers and the admin sub-router (covered by the admin API's own test).
                    continue;
                }
                String documented = path.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
                for (HttpMethod method : route.methods()) {
                    checked++;
                    JsonNode operation =
                            paths.path(documented).path(method.name().toLowerCase(Locale.ROOT));
                    if (operation.isMissingNode()) {
                        missing.add(method + " " + documented);
                    }
                }
            }

            assertThat(checked).as("routes with a method and a path").isGreaterThan(8);
            assertThat(missing).as("routes missing from /openapi.yaml").isEmpty();
        }
    }
}
