package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.admin.AdminApiServer.Reply;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkflowRunRoutesTest {
    static final String REVIEW = "{\"name\":\"Review\",\"graph\":{\"nodes\":["
            + "{\"id\":\"start\",\"type\":\"start\",\"config\":{\"inputs\":[{\"name\":\"q\",\"type\":\"string\"}]}},"
            + "{\"id\":\"review\",\"type\":\"human-input\",\"config\":{\"prompt\":\"Send {{start.q}}?\","
            + "\"actions\":[{\"id\":\"yes\"},{\"id\":\"no\"}],\"fields\":[{\"name\":\"text\",\"value\":\"start.q\"}]}},"
            + "{\"id\":\"sent\",\"type\":\"end\",\"config\":{\"outputs\":[{\"name\":\"text\",\"value\":\"review.values.text\"},"
            + "{\"name\":\"by\",\"value\":\"review.by\"}]}},"
            + "{\"id\":\"dropped\",\"type\":\"end\",\"config\":{\"outputs\":[{\"name\":\"text\",\"value\":\"review.action\"}]}}],"
            + "\"edges\":[{\"from\":\"start\",\"to\":\"review\"},{\"from\":\"review\",\"to\":\"sent\",\"branch\":\"yes\"},"
            + "{\"from\":\"review\",\"to\":\"dropped\",\"branch\":\"no\"}]}}";

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
    void should_list_a_paused_run_and_resume_it_with_a_decision() {
        String id = server.send("POST", "/workflows", REVIEW, token)
                .json()
                .get("id")
                .asText();
        Reply run = server.send("POST", "/workflows/" + id + "/debug-run", "{\"inputs\":{\"q\":\"hi\"}}", token);
        assertThat(run.json().get("status").asText()).isEqualTo("paused");
        String runId = run.json().get("id").asText();

        Reply paused = server.send("GET", "/workflows/" + id + "/paused", null, token);
        assertThat(paused.json().at("/items/0/prompt").asText()).isEqualTo("Send hi?");
        assertThat(paused.json().at("/items/0/editable/text").asText()).isEqualTo("hi");

        Reply wrong = server.send(
                "POST", "/workflows/" + id + "/runs/" + runId + "/decision", "{\"action\":\"maybe\"}", token);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("[yes, no]");

        Reply decided = server.send(
                "POST",
                "/workflows/" + id + "/runs/" + runId + "/decision",
                "{\"action\":\"yes\",\"values\":{\"text\":\"hello\"}}",
                token);
        assertThat(decided.status()).isEqualTo(200);
        assertThat(decided.json().get("status").asText()).isEqualTo("succeeded");
        assertThat(decided.json().at("/outputs/text").asText()).isEqualTo("hello");
        assertThat(decided.json().at("/outputs/by").asText()).isEqualTo(AdminApiServer.ADMIN);
        assertThat(server.send("GET", "/workflows/" + id + "/runs/" + runId, null, token)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("succeeded");
        assertThat(server.send(
                                "POST",
                                "/workflows/" + id + "/runs/" + runId + "/decision",
                                "{\"action\":\"no\"}",
                                token)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void should_run_a_published_workflow_from_its_webhook_once_per_idempotency_key() {
        String id = server.send("POST", "/workflows", SkillRoutesTest.DOUBLER, token)
                .json()
                .get("id")
                .asText();
        server.send("POST", "/workflows/" + id + "/publish", null, token);
        Reply bad = server.send(
                "POST", "/workflows/" + id + "/triggers", "{\"kind\":\"schedule\",\"cron\":\"nope\"}", token);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("cron 'nope'");
        Reply created = server.send(
                "POST",
                "/workflows/" + id + "/triggers",
                "{\"kind\":\"webhook\",\"mapping\":{\"n\":\"/amount\"}}",
                token);
        assertThat(created.status()).isEqualTo(201);
        String path = created.json().get("path").asText().substring(AdminApi.MOUNT_PATH.length());
        assertThat(created.json().at("/trigger/secretHash").isMissingNode()).isTrue();

        Reply first = server.postWithHeaders(path, "{\"amount\":21}", Map.of("Idempotency-Key", "order-1"));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().at("/outputs/doubled").asText()).isEqualTo("42");
        Reply again = server.postWithHeaders(path, "{\"amount\":21}", Map.of("Idempotency-Key", "order-1"));
        assertThat(again.json().get("runId").asText())
                .isEqualTo(first.json().get("runId").asText());
        assertThat(again.json().get("repeated").asBoolean()).isTrue();
        Reply wrongSecret = server.postWithHeaders(path.replaceAll("/[^/]+$", "/nope"), "{}", Map.of());
        assertThat(wrongSecret.status()).isEqualTo(404);
        assertThat(server.send("GET", "/workflows/" + id + "/triggers", null, token)
                        .json()
                        .at("/items/0/kind")
                        .asText())
                .isEqualTo("webhook");
    }
}
