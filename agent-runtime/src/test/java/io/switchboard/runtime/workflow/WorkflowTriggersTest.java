package io.switchboard.runtime.workflow;

import static io.switchboard.runtime.workflow.Graphs.edge;
import static io.switchboard.runtime.workflow.Graphs.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.runtime.NotFoundException;
import io.switchboard.runtime.turn.RuntimeFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkflowTriggersTest {
    static final WorkflowGraph ECHO = Graphs.parse("{'nodes':["
            + node("start", "start", "{'inputs':[{'name':'order','type':'string'},{'name':'source','type':'string'}]}")
            + ","
            + node(
                    "say",
                    "template",
                    "{'template':'{{source}}:{{order}}','variables':{'order':'start.order','source':'start.source'}}")
            + "," + node("end", "end", "{'outputs':[{'name':'said','value':'say.output'}]}") + "],'edges':["
            + edge("start", "say") + "," + edge("say", "end") + "]}");

    private RuntimeFixture fixture;
    private final HumanInputTest.MovableClock clock = new HumanInputTest.MovableClock();
    private String workflowId;

    @BeforeEach
    void start() {
        fixture = new RuntimeFixture();
        WorkflowService service = member();
        workflowId = service.store().create("Echo", ECHO).id();
        service.publish(workflowId);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private WorkflowService member() {
        return WorkflowService.create(
                fixture.database.workflowStores(),
                Engines.builder(null).clock(clock).build(),
                Duration.ofSeconds(10),
                clock);
    }

    @Test
    void should_fire_each_schedule_tick_on_exactly_one_of_three_members() {
        WorkflowTriggers first = WorkflowTriggers.create(member(), clock);
        WorkflowTriggers second = WorkflowTriggers.create(member(), clock);
        WorkflowTriggers third = WorkflowTriggers.create(member(), clock);
        first.create(
                workflowId,
                WorkflowTrigger.Kind.SCHEDULE,
                "30 9 * * *",
                "Asia/Shanghai",
                Map.of("source", "cron"),
                null);
        // 09:30 in Shanghai is 01:30 UTC.
        clock.now = Instant.parse("2026-12-04T01:29:59Z");
        assertThat(first.tick() + second.tick() + third.tick()).isZero();
        clock.now = Instant.parse("2026-12-04T01:30:10Z");
        assertThat(first.tick() + second.tick() + third.tick()).isEqualTo(1);
        assertThat(first.tick() + second.tick() + third.tick()).isZero();
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        fixture.database.workflows().listRuns(workflowId, 0, 10).size() == 1);
        assertThat(fixture.database
                        .workflows()
                        .listRuns(workflowId, 0, 10)
                        .getFirst()
                        .outputs())
                .containsEntry("said", "cron:");
        // A tick missed by every member for longer than the catch-up window is skipped.
        clock.now = Instant.parse("2026-12-05T01:40:00Z");
        assertThat(first.tick()).isZero();
        first.close();
        second.close();
        third.close();
    }

    @Test
    void should_refuse_a_bad_cron_or_time_zone_naming_it() {
        WorkflowTriggers triggers = WorkflowTriggers.create(member(), clock);
        assertThatThrownBy(() ->
                        triggers.create(workflowId, WorkflowTrigger.Kind.SCHEDULE, "every day", "UTC", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cron 'every day'");
        assertThatThrownBy(() -> triggers.create(
                        workflowId, WorkflowTrigger.Kind.SCHEDULE, "0 9 * * *", "Mars/Base", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeZone 'Mars/Base'");
        triggers.close();
    }

    @Test
    void should_map_a_webhook_body_to_inputs_and_honour_the_idempotency_key() throws Exception {
        WorkflowTriggers triggers = WorkflowTriggers.create(member(), clock);
        WorkflowTriggers.Created created = triggers.create(
                workflowId,
                WorkflowTrigger.Kind.WEBHOOK,
                null,
                null,
                Map.of("source", "shop"),
                Map.of("order", "/order/id"));
        var body = new ObjectMapper().readTree("{\"order\":{\"id\":\"A-17\"}}");
        WorkflowTriggers.WebhookRun first =
                triggers.fireWebhook(created.trigger().id(), created.secret(), body, "k1");
        assertThat(first.run().outputs()).containsEntry("said", "shop:A-17");
        assertThat(first.repeated()).isFalse();
        WorkflowTriggers.WebhookRun again =
                triggers.fireWebhook(created.trigger().id(), created.secret(), body, "k1");
        assertThat(again.repeated()).isTrue();
        assertThat(again.run().id()).isEqualTo(first.run().id());
        assertThat(fixture.database.workflows().listRuns(workflowId, 0, 10)).hasSize(1);
        triggers.fireWebhook(created.trigger().id(), created.secret(), body, "k2");
        assertThat(fixture.database.workflows().listRuns(workflowId, 0, 10)).hasSize(2);
        assertThatThrownBy(() -> triggers.fireWebhook(created.trigger().id(), "wrong", body, null))
                .isInstanceOf(NotFoundException.class);
        triggers.close();
    }
}
