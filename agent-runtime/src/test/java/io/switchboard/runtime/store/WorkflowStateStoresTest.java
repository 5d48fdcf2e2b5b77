package io.switchboard.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.runtime.workflow.NodeTrace;
import io.switchboard.runtime.workflow.PausedRun;
import io.switchboard.runtime.workflow.WorkflowStores;
import io.switchboard.runtime.workflow.WorkflowTrigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Conversation variables, paused runs and triggers on H2 and (when configured) PostgreSQL. */
class WorkflowStateStoresTest {
    private final SkillStoresTest databases = new SkillStoresTest();

    static java.util.stream.Stream<String> databases() {
        return SkillStoresTest.databases();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void should_keep_conversation_variables_paused_runs_and_trigger_claims(String kind) throws Exception {
        try (Database database = databases.open(kind)) {
            WorkflowStores stores = database.workflowStores();
            String workflowId =
                    stores.workflows().create("W", SkillStoresTest.graph()).id();

            stores.conversationVariables().save(workflowId, "c1", Map.of("turns", 1));
            stores.conversationVariables().save(workflowId, "c1", Map.of("turns", 2, "names", List.of("a")));
            assertThat(stores.conversationVariables().load(workflowId, "c1"))
                    .containsEntry("turns", 2)
                    .containsEntry("names", List.of("a"));
            assertThat(stores.conversationVariables().load(workflowId, "c2")).isEmpty();

            Instant now = Instant.parse("2026-12-03T10:00:00Z");
            NodeTrace trace = new NodeTrace(
                    "start", "start", NodeTrace.Status.SUCCEEDED, Map.of(), Map.of("q", "x"), null, 1, 0, 5, 0);
            PausedRun run = new PausedRun(
                    "run-1",
                    workflowId,
                    1,
                    SkillStoresTest.graph(),
                    Map.of("q", "x"),
                    "c1",
                    List.of(new PausedRun.Finished("start", Map.of("q", "x"), null, trace)),
                    "review",
                    "Send?",
                    List.of("yes", "no"),
                    Map.of("text", "x"),
                    now.plusSeconds(60),
                    new PausedRun.Notify("b1", "staff-7"),
                    3,
                    now);
            stores.pausedRuns().save(run);
            PausedRun found = stores.pausedRuns().find(workflowId, "run-1").orElseThrow();
            assertThat(found.finished()).hasSize(1);
            assertThat(found.finished().getFirst().trace().outputs()).containsEntry("q", "x");
            assertThat(found.recipient()).isEqualTo(new PausedRun.Notify("b1", "staff-7"));
            assertThat(found.timeoutAt()).isEqualTo(now.plusSeconds(60));
            assertThat(stores.pausedRuns().dueForTimeout(now, 10)).isEmpty();
            assertThat(stores.pausedRuns().dueForTimeout(now.plusSeconds(61), 10))
                    .hasSize(1);
            assertThat(stores.pausedRuns().claim(workflowId, "run-1", now, Duration.ofMinutes(10)))
                    .isPresent();
            assertThat(stores.pausedRuns().claim(workflowId, "run-1", now, Duration.ofMinutes(10)))
                    .isEmpty();
            assertThat(stores.pausedRuns().dueForTimeout(now.plusSeconds(61), 10))
                    .isEmpty();
            stores.pausedRuns().release("run-1");
            assertThat(stores.pausedRuns().claim(workflowId, "run-1", now, Duration.ofMinutes(10)))
                    .isPresent();
            stores.pausedRuns().delete("run-1");
            assertThat(stores.pausedRuns().list(workflowId, 0, 10)).isEmpty();

            WorkflowTrigger trigger = stores.triggers()
                    .create(new WorkflowTrigger(
                            null,
                            workflowId,
                            WorkflowTrigger.Kind.SCHEDULE,
                            "0 9 * * *",
                            "UTC",
                            Map.of("a", 1),
                            null,
                            null,
                            true,
                            null));
            assertThat(stores.triggers().schedules())
                    .extracting(WorkflowTrigger::id)
                    .containsExactly(trigger.id());
            assertThat(stores.triggers().claimTick(trigger.id(), now)).isTrue();
            assertThat(stores.triggers().claimTick(trigger.id(), now)).isFalse();
            assertThat(stores.triggers().claimTick(trigger.id(), now.plusSeconds(86_400)))
                    .isTrue();
            assertThat(stores.triggers().rememberIdempotencyKey(trigger.id(), "k", "run-a"))
                    .isEmpty();
            assertThat(stores.triggers().rememberIdempotencyKey(trigger.id(), "k", "run-b"))
                    .contains("run-a");
            assertThat(stores.triggers().delete(workflowId, trigger.id())).isTrue();
            assertThat(stores.triggers().list(workflowId)).isEmpty();
        }
    }
}
