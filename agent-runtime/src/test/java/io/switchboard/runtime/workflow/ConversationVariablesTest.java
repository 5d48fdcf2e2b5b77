package io.switchboard.runtime.workflow;

import static io.switchboard.runtime.workflow.Graphs.edge;
import static io.switchboard.runtime.workflow.Graphs.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.runtime.turn.RuntimeFixture;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConversationVariablesTest {
    private RuntimeFixture fixture;
    private WorkflowService workflows;

    static final WorkflowGraph COUNTER = Graphs.parse("{'conversationVariables':["
            + "{'name':'turns','type':'number','value':0},{'name':'asked','type':'array','value':[]}],"
            + "'nodes':["
            + node(
                    "start",
                    "start",
                    "{'inputs':[{'name':'query','type':'string'},{'name':'step','type':'number','default':1}]}")
            + ","
            + node(
                    "assign",
                    "variable-assigner",
                    "{'assignments':[{'variable':'conversation.turns','operation':'increment','value':'start.step'},"
                            + "{'variable':'conversation.asked','operation':'append','value':'start.query'}]}")
            + "," + node("count", "list-operator", "{'variable':'conversation.asked'}") + ","
            + node(
                    "end",
                    "end",
                    "{'outputs':[{'name':'turns','value':'conversation.turns'},{'name':'asked','value':'count.result'}]}")
            + "],'edges':[" + edge("start", "assign") + "," + edge("assign", "count") + "," + edge("count", "end")
            + "]}");

    @BeforeEach
    void start() {
        fixture = new RuntimeFixture();
        WorkflowEngine engine = Engines.builder(null)
                .conversationVariables(fixture.database.workflowStores().conversationVariables())
                .build();
        workflows = WorkflowService.create(
                fixture.database.workflowStores(), engine, Duration.ofSeconds(10), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void should_keep_conversation_variables_across_turns_of_one_conversation_only() {
        WorkflowGraph graph = COUNTER;
        Workflow created = workflows.store().create("Counter", graph);
        workflows.publish(created.id());

        WorkflowRun first = workflows.runPublished(created.id(), Map.of("query", "hi"), null, "c1");
        WorkflowRun second = workflows.runPublished(created.id(), Map.of("query", "again"), null, "c1");
        WorkflowRun other = workflows.runPublished(created.id(), Map.of("query", "new"), null, "c2");
        WorkflowRun noConversation = workflows.runPublished(created.id(), Map.of("query", "tool"), null);

        assertThat(first.outputs()).containsEntry("turns", 1L);
        assertThat(second.outputs()).containsEntry("turns", 2L).containsEntry("asked", List.of("hi", "again"));
        assertThat(other.outputs()).containsEntry("turns", 1L).containsEntry("asked", List.of("new"));
        assertThat(noConversation.outputs()).containsEntry("turns", 1L);
        assertThat(fixture.database.workflowStores().conversationVariables().load(created.id(), "c1"))
                .containsEntry("turns", 2)
                .containsEntry("asked", List.of("hi", "again"));
    }

    @Test
    void should_name_node_and_field_of_bad_assignments() {
        WorkflowGraph graph = Graphs.parse("{'conversationVariables':[{'name':'turns','type':'number','value':0}],"
                + "'nodes':["
                + node("start", "start", "{'inputs':[{'name':'query','type':'string'}]}") + ","
                + node(
                        "assign",
                        "variable-assigner",
                        "{'assignments':[{'variable':'conversation.nope','operation':'overwrite','value':'start.query'},"
                                + "{'variable':'conversation.turns','operation':'append','value':'start.query'},"
                                + "{'variable':'conversation.turns','operation':'overwrite','value':'start.query'}]}")
                + "," + node("end", "end", "{'outputs':[{'name':'t','value':'conversation.missing'}]}")
                + "],'edges':[" + edge("start", "assign") + "," + edge("assign", "end") + "]}");
        assertThat(Engines.plain().validate(graph))
                .extracting(e -> e.node() + "/" + e.field())
                .containsExactlyInAnyOrder(
                        "assign/assignments[0].variable",
                        "assign/assignments[1].operation",
                        "assign/assignments[2].value",
                        "end/outputs[0].value");
    }
}
