package io.switchboard.runtime.workflow;

import io.switchboard.tracing.TraceScope;
import io.switchboard.tracing.TraceSpan;
import io.switchboard.tracing.Tracing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a plan. The calling thread coordinates: it starts every node whose predecessors have all
 * settled (on a virtual thread, or inline for nodes that never block), skips nodes none of whose
 * incoming edges is active (branches not taken), and waits for finished nodes up to the deadline.
 * Independent branches therefore run concurrently. The engine's clock says when (the deadline nodes
 * see); {@link System#nanoTime()} measures how long (waits and durations must not jump with the wall
 * clock).
 */
final class Execution {
    private static final Logger LOG = LoggerFactory.getLogger(Execution.class);

    private final Plan plan;
    private final EngineServices services;
    private final ExecutorService executor;
    private final Consumer<String> onToken;
    private final Clock clock;
    private final RunScope scope;
    private final Map<String, PausedRun.Finished> replay;
    private final Variables variables = new Variables();
    private final List<PausedRun.Finished> done = new ArrayList<>();
    private final List<Paused> paused = new ArrayList<>();
    private final LinkedBlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
    private final int[] pending;
    private final boolean[] active;
    private final List<NodeTrace> traces = new ArrayList<>();
    private final Map<Integer, Future<?>> running = new HashMap<>();
    private final long startNanos = System.nanoTime();
    private long deadlineNanos;
    private Instant deadline;
    private int tokens;

    /**
     * @param replay results of nodes that finished before a pause, by node id: they are not run again
     */
    Execution(
            Plan plan,
            EngineServices services,
            Consumer<String> onToken,
            RunScope scope,
            Map<String, PausedRun.Finished> replay) {
        this.plan = plan;
        this.services = services;
        this.executor = scope.executor();
        this.onToken = onToken;
        this.clock = scope.clock();
        this.scope = scope;
        this.replay = replay;
        this.pending = plan.incoming.clone();
        this.active = new boolean[plan.nodes.length];
    }

    private record Finished(
            int node,
            NodeKind.NodeResult result,
            NodeTrace.Status status,
            String error,
            int attempts,
            long startedNanos,
            long endedNanos,
            Map<String, Object> inputs,
            NodeTrace replayed,
            PauseRequest pause) {
        Finished(
                int node,
                NodeKind.NodeResult result,
                NodeTrace.Status status,
                String error,
                int attempts,
                long startedNanos,
                long endedNanos,
                Map<String, Object> inputs) {
            this(node, result, status, error, attempts, startedNanos, endedNanos, inputs, null, null);
        }
    }

    /** A human-input node that waits, with what it asks. */
    record Paused(String nodeId, PauseRequest request) {}

    /** Outcome of the run: status, outputs, error; the trace is in {@link #traces()}. */
    record Outcome(WorkflowRun.Status status, Map<String, Object> outputs, String error, int tokens) {}

    List<NodeTrace> traces() {
        return traces;
    }

    /** The nodes that finished, in order, with their outputs and branches (what a resume replays). */
    List<PausedRun.Finished> finishedNodes() {
        return done;
    }

    /** The human-input nodes that wait; empty unless the outcome is paused. */
    List<Paused> paused() {
        return paused;
    }

    Variables variables() {
        return variables;
    }

    Outcome run(Map<String, Object> inputs, Map<String, Object> conversation, Duration timeout) {
        deadlineNanos = startNanos + timeout.toNanos();
        deadline = Instant.now(clock).plus(timeout);
        variables.put(plan.nodes[plan.start].id(), inputs);
        // Shared, not copied: a body's assignments are the run's (the engine passes a synchronized map).
        variables.put(Checker.CONVERSATION, conversation);
        Map<String, Object> outputs = new LinkedHashMap<>();
        start(plan.start);
        while (!running.isEmpty()) {
            Finished done;
            try {
                done = finished.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancelRunning("interrupted");
                return new Outcome(WorkflowRun.Status.FAILED, Map.of(), "the run was interrupted", tokens);
            }
            if (done == null) {
                cancelRunning("the run timed out");
                return new Outcome(
                        WorkflowRun.Status.TIMEOUT,
                        Map.of(),
                        "the run took longer than " + timeout.toMillis() + " ms",
                        tokens);
            }
            running.remove(done.node);
            record(done);
            if (done.status == NodeTrace.Status.PAUSED) {
                paused.add(new Paused(plan.nodes[done.node].id(), done.pause));
                continue;
            }
            if (done.status == NodeTrace.Status.FAILED) {
                cancelRunning("another node failed");
                return new Outcome(
                        WorkflowRun.Status.FAILED,
                        Map.of(),
                        "node '" + plan.nodes[done.node].id() + "' failed: " + done.error,
                        tokens);
            }
            if (plan.nodes[done.node].type().equals("end")) {
                outputs.putAll(done.result.outputs());
            }
            settle(done.node, done.result.branch());
        }
        if (!paused.isEmpty()) {
            return new Outcome(WorkflowRun.Status.PAUSED, Map.of(), null, tokens);
        }
        if (outputs.isEmpty()
                && traces.stream().noneMatch(t -> t.type().equals("end") && t.status() != NodeTrace.Status.SKIPPED)) {
            return new Outcome(WorkflowRun.Status.FAILED, Map.of(), "no end node was reached", tokens);
        }
        return new Outcome(WorkflowRun.Status.SUCCEEDED, outputs, null, tokens);
    }

    /** Marks the node's outgoing edges active or not and starts or skips the successors that are now ready. */
    private void settle(int node, String branch) {
        boolean ran = branch != null || variables.outputs(plan.nodes[node].id()) != null;
        int[] targets = plan.targets[node];
        for (int e = 0; e < targets.length; e++) {
            int target = targets[e];
            String edgeBranch = plan.branches[node][e];
            if (ran && (edgeBranch == null || edgeBranch.equals(branch))) {
                active[target] = true;
            }
            if (--pending[target] == 0) {
                if (active[target]) {
                    start(target);
                } else {
                    traces.add(new NodeTrace(
                            plan.nodes[target].id(),
                            plan.nodes[target].type(),
                            NodeTrace.Status.SKIPPED,
                            Map.of(),
                            Map.of(),
                            null,
                            0,
                            micros(System.nanoTime()),
                            0,
                            0));
                    settle(target, null);
                }
            }
        }
    }

    private void start(int node) {
        running.put(node, null);
        if (plan.inline[node]) {
            finished.add(execute(node));
        } else {
            running.put(node, executor.submit(Tracing.wrap(() -> finished.add(execute(node)))));
        }
    }

    /** Runs one node under its own span (a child of the run's, or of the iteration or loop around it). */
    private Finished execute(int index) {
        WorkflowNode node = plan.nodes[index];
        TraceSpan span = Tracing.span("workflow node " + node.type())
                .set("switchboard.workflow.node.id", node.id())
                .set("switchboard.workflow.node.type", node.type());
        try (TraceScope active = span.activate()) {
            Finished done = executeNode(index);
            span.set("switchboard.workflow.node.status", done.status.name())
                    .set("switchboard.workflow.node.attempts", done.attempts)
                    .set("switchboard.workflow.node.replayed", done.replayed != null);
            if (done.status == NodeTrace.Status.FAILED) {
                span.fail(done.status.name());
            }
            return done;
        } catch (RuntimeException | Error failure) {
            span.fail(failure);
            throw failure;
        } finally {
            span.end();
        }
    }

    private Finished executeNode(int index) {
        WorkflowNode node = plan.nodes[index];
        long began = System.nanoTime();
        PausedRun.Finished replayed = replay.get(node.id());
        if (replayed != null) {
            variables.put(node.id(), replayed.outputs());
            NodeTrace trace = replayed.trace();
            return new Finished(
                    index,
                    new NodeKind.NodeResult(replayed.outputs(), replayed.branch(), trace.tokens()),
                    trace.status(),
                    trace.error(),
                    trace.attempts(),
                    began,
                    began,
                    trace.inputs(),
                    trace,
                    null);
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (String reference : plan.references.get(index)) {
            inputs.put(reference, variables.resolve(reference));
        }
        NodeContext context = new NodeContext(
                variables, services, deadline, node.id().equals(plan.streamNode) ? onToken : null, scope);
        FailurePolicy policy = node.onError();
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                NodeKind.NodeResult result = plan.kinds[index].run(node, context);
                variables.put(node.id(), result.outputs());
                return new Finished(
                        index, result, NodeTrace.Status.SUCCEEDED, null, attempts, began, System.nanoTime(), inputs);
            } catch (PauseRequest pause) {
                return new Finished(
                        index,
                        null,
                        NodeTrace.Status.PAUSED,
                        null,
                        attempts,
                        began,
                        System.nanoTime(),
                        inputs,
                        null,
                        pause);
            } catch (Exception e) {
                if (Thread.currentThread().isInterrupted()) {
                    return new Finished(
                            index,
                            null,
                            NodeTrace.Status.FAILED,
                            "cancelled",
                            attempts,
                            began,
                            System.nanoTime(),
                            inputs);
                }
                String error = e instanceof WorkflowFailure || e instanceof io.switchboard.runtime.model.ModelFailure
                        ? e.getMessage()
                        : e.getClass().getSimpleName() + ": " + e.getMessage();
                if (!(e instanceof WorkflowFailure)) {
                    LOG.debug("node {} failed", node.id(), e);
                }
                if (policy.mode() == FailurePolicy.Mode.RETRY && attempts <= policy.retries()) {
                    continue;
                }
                if (policy.mode() == FailurePolicy.Mode.DEFAULT) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> fallback = Variables.JSON.convertValue(policy.defaultValue(), Map.class);
                    variables.put(node.id(), fallback);
                    return new Finished(
                            index,
                            new NodeKind.NodeResult(fallback, null, 0),
                            NodeTrace.Status.DEFAULTED,
                            error,
                            attempts,
                            began,
                            System.nanoTime(),
                            inputs);
                }
                return new Finished(
                        index, null, NodeTrace.Status.FAILED, error, attempts, began, System.nanoTime(), inputs);
            }
        }
    }

    private void record(Finished done) {
        WorkflowNode node = plan.nodes[done.node];
        if (done.replayed != null) {
            tokens += done.replayed.tokens();
            traces.add(done.replayed);
            this.done.add(replay.get(node.id()));
            return;
        }
        int nodeTokens = done.result == null ? 0 : done.result.tokens();
        tokens += nodeTokens;
        traces.add(new NodeTrace(
                node.id(),
                node.type(),
                done.status,
                done.inputs,
                done.result == null ? Map.of() : done.result.outputs(),
                done.error,
                done.attempts,
                micros(done.startedNanos),
                (done.endedNanos - done.startedNanos) / 1_000,
                nodeTokens,
                done.result == null ? null : done.result.children()));
        if (done.result != null) {
            this.done.add(
                    new PausedRun.Finished(node.id(), done.result.outputs(), done.result.branch(), traces.getLast()));
        }
    }

    private void cancelRunning(String why) {
        for (Map.Entry<Integer, Future<?>> entry : running.entrySet()) {
            if (entry.getValue() != null) {
                entry.getValue().cancel(true);
            }
            WorkflowNode node = plan.nodes[entry.getKey()];
            traces.add(new NodeTrace(
                    node.id(),
                    node.type(),
                    NodeTrace.Status.CANCELLED,
                    Map.of(),
                    Map.of(),
                    why,
                    1,
                    0,
                    micros(System.nanoTime()),
                    0));
        }
        running.clear();
    }

    private long micros(long nanos) {
        return (nanos - startNanos) / 1_000;
    }
}
