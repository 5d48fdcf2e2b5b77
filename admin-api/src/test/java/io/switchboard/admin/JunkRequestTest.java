package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.admin.AdminApiServer.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throws junk at every route and checks that each answer is a 4xx with a JSON error message, never a
 * 5xx, and that nothing was written by a refused request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JunkRequestTest {
    private static final String TWO_MIB = "{\"name\":\"" + "A".repeat(2 * 1024 * 1024) + "\"}";

    private AdminApiServer server;
    private String token;
    private String keyId;
    private String bindingId;
    private String workflowId;
    private String runId;
    private final List<String> violations = new ArrayList<>();

    /** A route with a valid body (null for body-less routes) and the body fields that are required. */
    record Route(String method, String path, String validBody, Set<String> required, boolean emptyBodyAllowed) {
        static Route noBody(String method, String path) {
            return new Route(method, path, null, Set.of(), true);
        }

        static Route body(String method, String path, String validBody, String... required) {
            return new Route(method, path, validBody, Set.of(required), false);
        }
    }

    @BeforeAll
    void start(@TempDir Path dir) {
        server = AdminApiServer.start(dir);
        token = server.login();
        expectStatus(server.send("POST", "/providers", Samples.provider("p1"), token), 201);
        expectStatus(server.send("POST", "/apps", Samples.app("app1", "App one", "p1"), token), 201);
        expectStatus(server.send("POST", "/apps/app1/publish", "{\"note\":\"v1\"}", token), 201);
        Reply key = server.send("POST", "/apps/app1/keys", "{\"name\":\"k\"}", token);
        expectStatus(key, 201);
        keyId = key.json().get("id").asText();
        Reply binding = server.send(
                "POST", "/apps/app1/channels", "{\"type\":\"demo\",\"settings\":{\"token\":\"12345678\"}}", token);
        expectStatus(binding, 201);
        bindingId = binding.json().get("id").asText();
        Reply workflow = server.send("POST", "/workflows", SkillRoutesTest.DOUBLER, token);
        expectStatus(workflow, 201);
        workflowId = workflow.json().get("id").asText();
        expectStatus(server.send("POST", "/workflows/" + workflowId + "/publish", null, token), 200);
        Reply run = server.send("POST", "/workflows/" + workflowId + "/debug-run", "{\"inputs\":{\"n\":1}}", token);
        expectStatus(run, 200);
        runId = run.json().get("id").asText();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private List<Route> routes() {
        String config = Samples.config("Changed", "p1");
        return List.of(
                Route.body(
                        "POST",
                        "/auth/login",
                        "{\"username\":\"admin\",\"password\":\"not it\"}",
                        "username",
                        "password"),
                Route.body(
                        "POST",
                        "/auth/password",
                        "{\"currentPassword\":\"wrong one\",\"newPassword\":\"long enough password\"}",
                        "currentPassword",
                        "newPassword"),
                Route.noBody("GET", "/apps"),
                Route.body("POST", "/apps", Samples.app("junk-app", "Junk", "p1"), "id", "config"),
                Route.noBody("GET", "/apps/app1"),
                Route.body("PUT", "/apps/app1/draft", config, "name"),
                Route.noBody("DELETE", "/apps/app1"),
                new Route("POST", "/apps/app1/publish", "{\"note\":\"n\"}", Set.of(), true),
                Route.noBody("GET", "/apps/app1/versions"),
                Route.noBody("GET", "/apps/app1/versions/1"),
                Route.body("POST", "/apps/app1/rollback", "{\"version\":1}", "version"),
                Route.noBody("GET", "/providers"),
                Route.body("POST", "/providers", Samples.provider("junk-p"), "id", "kind", "baseUrl"),
                Route.noBody("GET", "/providers/p1"),
                Route.body("PUT", "/providers/p1", Samples.provider("p1"), "kind", "baseUrl"),
                Route.noBody("DELETE", "/providers/p1"),
                Route.body("POST", "/apps/app1/keys", "{\"name\":\"k2\"}", "name"),
                Route.noBody("GET", "/apps/app1/keys"),
                Route.noBody("DELETE", "/apps/app1/keys/" + keyId),
                Route.noBody("GET", "/apps/app1/logs"),
                Route.noBody("GET", "/apps/app1/channels"),
                Route.body(
                        "POST",
                        "/apps/app1/channels",
                        "{\"type\":\"demo\",\"settings\":{\"token\":\"abcdefgh\"}}",
                        "type",
                        "settings"),
                Route.noBody("GET", "/apps/app1/channels/" + bindingId),
                new Route(
                        "PUT",
                        "/apps/app1/channels/" + bindingId,
                        "{\"settings\":{\"token\":\"abcdefghij\",\"mode\":\"pull\"},\"enabled\":false}",
                        Set.of(),
                        false),
                Route.noBody("DELETE", "/apps/app1/channels/" + bindingId),
                Route.body(
                        "POST", "/apps/app1/debug/messages", "{\"text\":\"hi\",\"variables\":{\"a\":\"b\"}}", "text"),
                Route.noBody("GET", "/tools"),
                Route.body(
                        "POST",
                        "/tools/openapi",
                        "{\"name\":\"x\",\"document\":\"openapi: 3.0.0\\npaths: {}\",\"baseUrl\":\"http://127.0.0.1:9\"}",
                        "name"),
                Route.body(
                        "POST", "/tools/mcp", "{\"name\":\"x\",\"transport\":\"stdio\",\"command\":[\"x\"]}", "name"),
                Route.noBody("DELETE", "/tools/providers/none"),
                new Route(
                        "POST",
                        "/tools/providers/builtin/tools/calculator/test",
                        "{\"arguments\":{\"expression\":\"1\"}}",
                        Set.of(),
                        true),
                Route.noBody("GET", "/workflows"),
                Route.body("POST", "/workflows", SkillRoutesTest.DOUBLER, "name", "graph"),
                Route.body("POST", "/workflows/import/dify", "{\"yaml\":\"app: {}\"}", "yaml"),
                Route.noBody("GET", "/workflows/" + workflowId),
                Route.body("PUT", "/workflows/" + workflowId, SkillRoutesTest.DOUBLER, "name", "graph"),
                Route.noBody("DELETE", "/workflows/" + workflowId),
                Route.noBody("POST", "/workflows/" + workflowId + "/validate"),
                Route.noBody("POST", "/workflows/" + workflowId + "/publish"),
                Route.noBody("GET", "/workflows/" + workflowId + "/versions/1"),
                new Route(
                        "POST", "/workflows/" + workflowId + "/debug-run", "{\"inputs\":{\"n\":2.5}}", Set.of(), true),
                Route.noBody("GET", "/workflows/" + workflowId + "/runs"),
                Route.noBody("GET", "/workflows/" + workflowId + "/runs/" + runId));
    }

    @Test
    void should_answer_junk_with_4xx_json_errors_and_write_nothing() {
        Map<String, String> before = snapshot();
        int changesBefore = server.changes.events.size();
        int turnsBefore = server.runtime.requests.size();

        for (Route route : routes()) {
            sendBadAuth(route);
            sendUnknownIds(route);
            check(route, "2 MiB body", server.send(route.method(), route.path(), TWO_MIB, token), 413);
            if (route.validBody() == null) {
                continue;
            }
            check(
                    route,
                    "text/plain",
                    server.send(route.method(), route.path(), route.validBody(), token, "text/plain"),
                    415);
            check(
                    route,
                    "no Content-Type",
                    server.send(route.method(), route.path(), route.validBody(), token, null),
                    415);
            for (JunkBodies.Junk junk :
                    JunkBodies.derivedFrom(route.validBody(), route.required(), route.emptyBodyAllowed())) {
                Reply reply = server.send(route.method(), route.path(), junk.body(), token, junk.contentType());
                check(route, junk.label(), reply, 0);
            }
        }
        for (String query :
                List.of("limit=0", "limit=101", "limit=abc", "offset=-1", "offset=1e3", "limit=99999999999")) {
            check(Route.noBody("GET", "/apps"), query, server.send("GET", "/apps?" + query, null, token), 400);
            check(
                    Route.noBody("GET", "/apps/app1/logs"),
                    query,
                    server.send("GET", "/apps/app1/logs?" + query, null, token),
                    400);
        }
        check(Route.noBody("GET", "/nowhere"), "unknown route", server.send("GET", "/nowhere", null, token), 404);

        assertThat(violations)
                .as("requests that were not refused with a JSON 4xx")
                .isEmpty();
        assertThat(snapshot()).as("stored state after all refused requests").isEqualTo(before);
        assertThat(server.changes.events).hasSize(changesBefore);
        assertThat(server.runtime.requests).hasSize(turnsBefore);
        server.login(); // the admin password is unchanged
    }

    private void sendBadAuth(Route route) {
        if (route.path().equals("/auth/login")) {
            return; // the one public route
        }
        String[] parts = token.split("\\.");
        String badSignature = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        String[] authorizations = {
            null,
            "Bearer",
            "Bearer garbage",
            "Bearer a.b.c",
            "Bearer " + badSignature,
            "Bearer " + token + "x",
            "Basic YWRtaW46YWRtaW4=",
            token // without the Bearer scheme
        };
        for (String authorization : authorizations) {
            Reply reply = server.sendWithAuthorization(route.method(), route.path(), route.validBody(), authorization);
            check(route, "auth " + authorization, reply, 401);
        }
    }

    private void sendUnknownIds(Route route) {
        String path = route.path();
        List<String> variants = new ArrayList<>();
        for (String unknown : new String[] {"no-such", "UPPER", "a%20b", "x".repeat(300), "%00", "..%2F..", "-"}) {
            if (path.contains("/app1")) {
                variants.add(path.replace("/app1", "/" + unknown));
            }
            if (path.contains("/p1")) {
                variants.add(path.replace("/p1", "/" + unknown));
            }
            if (path.contains(keyId)) {
                variants.add(path.replace(keyId, unknown));
            }
        }
        if (path.endsWith("/versions/1")) {
            variants.add(path.replace("/versions/1", "/versions/99"));
            variants.add(path.replace("/versions/1", "/versions/0"));
            variants.add(path.replace("/versions/1", "/versions/abc"));
        }
        for (String variant : variants) {
            check(route, "unknown id " + variant, server.send(route.method(), variant, route.validBody(), token), 0);
        }
    }

    /** Records a violation unless the reply is a JSON 4xx error (of {@code expectedStatus} when not 0). */
    private void check(Route route, String label, Reply reply, int expectedStatus) {
        String where = route.method() + " " + route.path() + " [" + abbreviate(label) + "] -> " + reply.status();
        if (reply.status() < 400 || reply.status() > 499) {
            violations.add(where + " (not 4xx): " + abbreviate(reply.body()));
            return;
        }
        if (expectedStatus != 0 && reply.status() != expectedStatus) {
            violations.add(where + " (expected " + expectedStatus + "): " + abbreviate(reply.body()));
            return;
        }
        if (!reply.contentType().startsWith("application/json")) {
            violations.add(where + " (content type " + reply.contentType() + ")");
            return;
        }
        JsonNode message = reply.json().at("/error/message");
        if (!message.isTextual()
                || message.asText().isBlank()
                || reply.json().at("/error/code").asText().isBlank()) {
            violations.add(where + " (no error.code/message): " + abbreviate(reply.body()));
        }
    }

    private Map<String, String> snapshot() {
        return Map.of(
                "apps", get("/apps?limit=100"),
                "app1", get("/apps/app1"),
                "versions", get("/apps/app1/versions"),
                "providers", get("/providers"),
                "keys", get("/apps/app1/keys"),
                "logs", get("/apps/app1/logs"),
                "channels", get("/apps/app1/channels"));
    }

    private String get(String path) {
        Reply reply = server.send("GET", path, null, token);
        expectStatus(reply, 200);
        return reply.body();
    }

    private static void expectStatus(Reply reply, int status) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    }

    static String abbreviate(String text) {
        String flat = text == null ? "null" : text.replace('\n', ' ');
        return flat.length() > 120 ? flat.substring(0, 120) + "…" : flat;
    }
}
