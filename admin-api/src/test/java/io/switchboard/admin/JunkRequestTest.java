package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.admin.AdminApiServer.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
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
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String TWO_MIB = "{\"name\":\"" + "A".repeat(2 * 1024 * 1024) + "\"}";

    private AdminApiServer server;
    private String token;
    private String keyId;
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

    record Junk(String label, String body, String contentType) {}

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
                Route.body(
                        "POST", "/apps/app1/debug/messages", "{\"text\":\"hi\",\"variables\":{\"a\":\"b\"}}", "text"));
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
            for (Junk junk : junk(route)) {
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
        String body = route.validBody();
        String[] parts = token.split("\\.");
        String badSignature = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        for (String authorization : new String[] {
            null,
            "Bearer",
            "Bearer garbage",
            "Bearer a.b.c",
            "Bearer " + badSignature,
            "Basic YWRtaW46YWRtaW4=",
            token + "x"
        }) {
            if (route.path().equals("/auth/login")) {
                continue; // the one public route
            }
            String label = "auth " + authorization;
            check(
                    route,
                    label,
                    server.send(
                            route.method(),
                            route.path(),
                            body,
                            authorization == null
                                    ? null
                                    : authorization.startsWith("Bearer") || authorization.startsWith("Basic")
                                            ? authorization
                                            : "Bearer " + authorization),
                    401);
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

    private List<Junk> junk(Route route) {
        List<Junk> junk = new ArrayList<>();
        for (String malformed : new String[] {
            "{\"a\":",
            "{'a': 1}",
            "not json",
            "{\"a\":1}}",
            "{\"a\":1} trailing",
            "\u0000",
            "[".repeat(5000),
            "{\"a\":\"\\x\"}"
        }) {
            junk.add(new Junk("malformed " + abbreviate(malformed), malformed, "application/json"));
        }
        for (String wrongShape : new String[] {"[]", "[" + route.validBody() + "]", "\"text\"", "42", "null", "true"}) {
            junk.add(new Junk("shape " + abbreviate(wrongShape), wrongShape, "application/json"));
        }
        if (!route.emptyBodyAllowed()) {
            junk.add(new Junk("empty body", "", "application/json"));
        }
        ObjectNode valid = (ObjectNode) read(route.validBody());
        ObjectNode unknown = valid.deepCopy().put("bogusField", 1);
        junk.add(new Junk("unknown field", unknown.toString(), "application/json"));
        Map.Entry<String, JsonNode> first = valid.properties().iterator().next();
        junk.add(new Junk(
                "duplicate field",
                "{\"" + first.getKey() + "\":" + first.getValue() + ","
                        + route.validBody().substring(1),
                "application/json"));
        for (String field : route.required()) {
            ObjectNode missing = valid.deepCopy();
            missing.remove(field);
            junk.add(new Junk("missing " + field, missing.toString(), "application/json"));
            ObjectNode nulled = valid.deepCopy();
            nulled.putNull(field);
            junk.add(new Junk("null " + field, nulled.toString(), "application/json"));
        }
        wrongTypes(valid, valid, JsonPointer.empty(), 0, junk);
        return junk;
    }

    /** For every value up to three levels deep: a copy of the body with that value of a wrong type. */
    private static void wrongTypes(ObjectNode root, JsonNode node, JsonPointer at, int depth, List<Junk> out) {
        if (!at.matches()) {
            for (JsonNode wrong : wrongValuesFor(node)) {
                ObjectNode copy = root.deepCopy();
                JsonNode parent = copy.at(at.head());
                String last = at.last().getMatchingProperty();
                if (parent instanceof ObjectNode object) {
                    object.set(last, wrong);
                } else if (parent instanceof ArrayNode array) {
                    array.set(at.last().getMatchingIndex(), wrong);
                }
                out.add(new Junk("wrong type " + at + " = " + wrong, copy.toString(), "application/json"));
            }
        }
        if (depth >= 3) {
            return;
        }
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                wrongTypes(root, object.get(name), at.appendProperty(name), depth + 1, out);
            }
        } else if (node instanceof ArrayNode array && !array.isEmpty()) {
            wrongTypes(root, array.get(0), at.appendIndex(0), depth + 1, out);
        }
    }

    private static List<JsonNode> wrongValuesFor(JsonNode value) {
        List<JsonNode> wrong = new ArrayList<>();
        if (value.isTextual()) {
            wrong.add(IntNode.valueOf(5));
            wrong.add(BooleanNode.TRUE);
        } else if (value.isNumber()) {
            wrong.add(TextNode.valueOf("12"));
            wrong.add(BooleanNode.TRUE);
            if (value.isIntegralNumber()) {
                wrong.add(DoubleNode.valueOf(1.5));
            }
        } else if (value.isArray()) {
            wrong.add(TextNode.valueOf("x"));
            wrong.add(IntNode.valueOf(3));
        } else if (value.isObject()) {
            wrong.add(TextNode.valueOf("x"));
            wrong.add(IntNode.valueOf(3));
        }
        if (!value.isArray()) {
            wrong.add(NODES.arrayNode().add(1));
        }
        if (!value.isObject()) {
            wrong.add(NODES.objectNode().put("k", "v"));
        }
        return wrong;
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
                "logs", get("/apps/app1/logs"));
    }

    private String get(String path) {
        Reply reply = server.send("GET", path, null, token);
        expectStatus(reply, 200);
        return reply.body();
    }

    private static void expectStatus(Reply reply, int status) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    }

    private static JsonNode read(String json) {
        try {
            return AdminApiServer.JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static String abbreviate(String text) {
        String flat = text == null ? "null" : text.replace('\n', ' ');
        return flat.length() > 120 ? flat.substring(0, 120) + "…" : flat;
    }
}
