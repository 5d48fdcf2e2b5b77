package io.switchboard.runtime.workflow;

import static io.switchboard.runtime.workflow.Graphs.edge;
import static io.switchboard.runtime.workflow.Graphs.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.runtime.ConflictException;
import io.switchboard.runtime.NotFoundException;
import io.switchboard.runtime.turn.RuntimeFixture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HumanInputTest {
    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        volatile Instant now = Instant.parse("2026-12-03T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static final WorkflowGraph REVIEW = Graphs.parse("{'nodes':["
            + node("start", "start", "{'inputs':[{'name':'q','type':'string'}]}") + ","
            + node("draft", "template", "{'template':'Reply: {{q}}','variables':{'q':'start.q'}}") + ","
            + node(
                    "review",
                    "human-input",
                    "{'prompt':'Send this? {{draft.output}}','actions':[{'id':'approve','label':'Send'},{'id':'reject','label':'Drop'}],"
                            + "'fields':[{'name':'text','value':'draft.output'}],'timeoutSeconds':3600}")
            + ","
            + node(
                    "sent",
                    "end",
                    "{'outputs':[{'name':'result','value':'review.values.text'},{'name':'by','value':'review.by'}]}")
            + ","
            + node("dropped", "end", "{'outputs':[{'name':'result','value':'review.comment'}]}") + ","
            + node("late", "end", "{'outputs':[{'name':'result','value':'review.action'}]}")
            + "],'edges':[" + edge("start", "draft") + "," + edge("draft", "review") + ","
            + edge("review", "sent", "approve") + "," + edge("review", "dropped", "reject") + ","
            + edge("review", "late", "timeout") + "]}");

    private RuntimeFixture fixture;
    private final MovableClock clock = new MovableClock();
    private String workflowId;

    @BeforeEach
    void start() {
        fixture = new RuntimeFixture();
        workflowId = member().store().create("Review", REVIEW).id();
        member().publish(workflowId);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** A gateway member: its own engine and service over the shared database. */
    private WorkflowService member() {
        return WorkflowService.create(
                fixture.database.workflowStores(),
                Engines.builder(null).clock(clock).build(),
                Duration.ofSeconds(10),
                clock);
    }

    @Test
    void should_pause_durably_and_resume_on_another_member_with_an_edited_value() {
        WorkflowRun paused = member().runPublished(workflowId, Map.of("q", "hello"), null);
        assertThat(paused.status()).isEqualTo(WorkflowRun.Status.PAUSED);
        assertThat(paused.nodes())
                .extracting(NodeTrace::nodeId, NodeTrace::status)
                .contains(org.assertj.core.groups.Tuple.tuple("review", NodeTrace.Status.PAUSED));
        PausedRun waiting = fixture.database
                .workflowStores()
                .pausedRuns()
                .list(workflowId, 0, 10)
                .getFirst();
        assertThat(waiting.prompt()).isEqualTo("Send this? Reply: hello");
        assertThat(waiting.actions()).containsExactly("approve", "reject");
        assertThat(waiting.editable()).containsEntry("text", "Reply: hello");
        assertThat(waiting.timeoutAt()).isEqualTo(clock.now.plusSeconds(3600));

        // Another member (or this one after a restart) takes the decision; 'ignored' is not an editable field.
        WorkflowRun done = member().decide(
                        workflowId,
                        paused.id(),
                        new HumanDecision("approve", Map.of("text", "Reply: hello!", "ignored", 1), null, "ann"));
        assertThat(done.id()).isEqualTo(paused.id());
        assertThat(done.status()).isEqualTo(WorkflowRun.Status.SUCCEEDED);
        assertThat(done.outputs()).containsEntry("result", "Reply: hello!").containsEntry("by", "ann");
        assertThat(done.nodes()).extracting(NodeTrace::nodeId).containsSubsequence("start", "draft", "review", "sent");
        assertThat(member().store()
                        .findRun(workflowId, paused.id())
                        .orElseThrow()
                        .status())
                .isEqualTo(WorkflowRun.Status.SUCCEEDED);
        assertThat(fixture.database.workflowStores().pausedRuns().list(workflowId, 0, 10))
                .isEmpty();
        assertThatThrownBy(
                        () -> member().decide(workflowId, paused.id(), new HumanDecision("reject", null, null, "bob")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void should_let_only_one_decision_win_and_refuse_unknown_actions() {
        WorkflowRun paused = member().runPublished(workflowId, Map.of("q", "x"), null);
        assertThatThrownBy(
                        () -> member().decide(workflowId, paused.id(), new HumanDecision("maybe", null, null, "ann")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[approve, reject]");
        PausedRunStore store = fixture.database.workflowStores().pausedRuns();
        assertThat(store.claim(workflowId, paused.id(), clock.now, Duration.ofMinutes(10)))
                .isPresent();
        assertThatThrownBy(
                        () -> member().decide(workflowId, paused.id(), new HumanDecision("reject", null, "no", "bob")))
                .isInstanceOf(ConflictException.class);
        // A claim whose member died is taken over once it is stale.
        clock.now = clock.now.plus(Duration.ofMinutes(11));
        assertThat(member().decide(workflowId, paused.id(), new HumanDecision("reject", null, "no", "bob"))
                        .outputs())
                .containsEntry("result", "no");
    }

    @Test
    void should_take_the_timeout_branch_once_the_time_passed() {
        WorkflowRun paused = member().runPublished(workflowId, Map.of("q", "x"), null);
        assertThat(member().resumeTimedOut(10)).isZero();
        clock.now = clock.now.plusSeconds(3601);
        assertThat(member().resumeTimedOut(10)).isEqualTo(1);
        assertThat(member().store()
                        .findRun(workflowId, paused.id())
                        .orElseThrow()
                        .outputs())
                .containsEntry("result", "timeout");
        assertThat(member().resumeTimedOut(10)).isZero();
    }

    @Test
    void should_refuse_human_input_inside_an_iteration() {
        WorkflowGraph graph = Graphs.parse("{'nodes':["
                + node("start", "start", "{'inputs':[{'name':'items','type':'array'}]}") + ","
                + node(
                        "each",
                        "iteration",
                        "{'items':'start.items','body':{'nodes':[" + node("s", "start", "{}") + ","
                                + node("ask", "human-input", "{'prompt':'ok?','actions':[{'id':'yes'}]}") + ","
                                + node("e", "end", "{'outputs':[{'name':'a','value':'ask.action'}]}") + "],'edges':["
                                + edge("s", "ask") + "," + edge("ask", "e", "yes") + "]}}")
                + "," + node("end", "end", "{'outputs':[{'name':'a','value':'each.output'}]}") + "],'edges':["
                + edge("start", "each") + "," + edge("each", "end") + "]}");
        assertThat(Engines.plain().validate(graph))
                .extracting(e -> e.node() + "/" + e.field())
                .containsExactly("each/body.ask.type");
        assertThat(List.of()).isEmpty();
    }

    @Test
    void should_take_a_cleared_notify_as_none_and_refuse_a_half_filled_one() {
        WorkflowGraph blank = Graphs.parse(REVIEW_WITH_NOTIFY.replace("NOTIFY", "{'bindingId':'','recipient':''}"));
        WorkflowGraph half = Graphs.parse(REVIEW_WITH_NOTIFY.replace("NOTIFY", "{'bindingId':'b-1','recipient':' '}"));
        assertThat(Engines.plain().validate(blank)).isEmpty();
        assertThat(Engines.plain().validate(half))
                .extracting(e -> e.node() + "/" + e.field())
                .containsExactly("review/notify");
    }

    static final String REVIEW_WITH_NOTIFY = "{'nodes':["
            + node("start", "start", "{'inputs':[{'name':'q','type':'string'}]}") + ","
            + node("review", "human-input", "{'prompt':'ok?','actions':[{'id':'yes'}],'notify':NOTIFY}") + ","
            + node("end", "end", "{'outputs':[{'name':'a','value':'review.action'}]}") + "],'edges':["
            + edge("start", "review") + "," + edge("review", "end", "yes") + "]}";
}
