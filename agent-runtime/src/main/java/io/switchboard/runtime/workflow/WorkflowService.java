package io.switchboard.runtime.workflow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.runtime.ConflictException;
import io.switchboard.runtime.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workflows as the rest of the gateway uses them: publish after validation, debug runs of the draft,
 * runs of the published version (as tools, chat flows and triggers), each run's trace stored; runs that
 * pause at a human-input node are stored and resumed by a decision on any member. Blocking.
 */
public final class WorkflowService {
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowService.class);

    /** How long a member may serve a published version after another member published a newer one. */
    static final Duration PUBLISHED_CACHE = Duration.ofSeconds(5);
    /** A claim on a paused run older than this is taken to belong to a member that died while resuming. */
    static final Duration STALE_CLAIM = Duration.ofMinutes(10);

    private final WorkflowStore store;
    private final WorkflowStores stores;
    private final WorkflowEngine engine;
    private final Duration timeout;
    private final Clock clock;
    private final Cache<String, Optional<WorkflowVersion>> published;
    private volatile Consumer<PausedRun> onPause = paused -> {};

    private WorkflowService(WorkflowStores stores, WorkflowEngine engine, Duration timeout, Clock clock) {
        this.store = stores.workflows();
        this.stores = stores;
        this.engine = engine;
        this.timeout = timeout;
        this.clock = clock;
        this.published = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(PUBLISHED_CACHE)
                .build();
    }

    /** @param timeout the overall time limit of one run */
    public static WorkflowService create(WorkflowStore store, WorkflowEngine engine, Duration timeout) {
        return create(new WorkflowStores(store, null, null, null), engine, timeout, Clock.systemUTC());
    }

    /** @param timeout the overall time limit of one run (of each part of a paused run) */
    public static WorkflowService create(WorkflowStores stores, WorkflowEngine engine, Duration timeout, Clock clock) {
        return new WorkflowService(stores, engine, timeout, clock);
    }

    public WorkflowStore store() {
        return store;
    }

    /** Paused runs, or null when this gateway cannot pause runs. */
    public PausedRunStore pausedRuns() {
        return stores.pausedRuns();
    }

    /** Triggers, or null when this gateway has none. */
    public TriggerStore triggers() {
        return stores.triggers();
    }

    /** Told (on the run's thread) about every run that pauses; failures are logged, never break the run. */
    public void onPause(Consumer<PausedRun> listener) {
        this.onPause = listener;
    }

    public List<ValidationError> validate(WorkflowGraph graph) {
        return engine.validate(graph);
    }

    /**
     * Validates the draft and publishes it as a new version.
     *
     * @throws InvalidWorkflowException naming every problem; nothing is published then
     * @throws NotFoundException when the workflow does not exist
     */
    public WorkflowVersion publish(String id) {
        Workflow workflow = store.find(id).orElseThrow(() -> notFound(id));
        List<ValidationError> errors = engine.validate(workflow.draft());
        if (!errors.isEmpty()) {
            throw new InvalidWorkflowException(errors);
        }
        WorkflowVersion version = store.publish(id);
        published.invalidate(id);
        return version;
    }

    /** Runs the draft, stores and returns the run with its trace. @throws InvalidWorkflowException */
    public WorkflowRun debugRun(String id, Map<String, Object> inputs) {
        Workflow workflow = store.find(id).orElseThrow(() -> notFound(id));
        return record(
                engine.execute(new WorkflowEngine.RunRequest(id, 0, workflow.draft(), inputs, timeout, null, null)));
    }

    /**
     * Runs the published version and stores the run.
     *
     * @throws NotFoundException when the workflow does not exist or is not published
     * @throws InvalidWorkflowException when the inputs do not fit its start node
     */
    public WorkflowRun runPublished(String id, Map<String, Object> inputs, Consumer<String> onToken) {
        return runPublished(id, inputs, onToken, null);
    }

    /**
     * Like {@link #runPublished(String, Map, Consumer)} within a chat conversation, whose conversation
     * variables the run reads and keeps.
     */
    public WorkflowRun runPublished(
            String id, Map<String, Object> inputs, Consumer<String> onToken, String conversationId) {
        return runPublished(
                id, inputs, onToken, conversationId, java.util.UUID.randomUUID().toString());
    }

    /** Like the others, as run {@code runId}. */
    public WorkflowRun runPublished(
            String id, Map<String, Object> inputs, Consumer<String> onToken, String conversationId, String runId) {
        WorkflowVersion version = publishedVersion(id)
                .orElseThrow(() -> new NotFoundException("workflow '" + id + "' not found or not published"));
        return record(engine.execute(
                new WorkflowEngine.RunRequest(
                        id, version.version(), version.graph(), inputs, timeout, onToken, conversationId),
                runId));
    }

    /**
     * Resumes a paused run with a person's decision, on this member, and stores the outcome (which may
     * be another pause).
     *
     * @throws NotFoundException when no such run waits
     * @throws ConflictException when another decision (or the timeout) took it first
     * @throws IllegalArgumentException when the action is not one the node offers
     */
    public WorkflowRun decide(String workflowId, String runId, HumanDecision decision) {
        PausedRunStore paused = requirePausing();
        PausedRun waiting = paused.find(workflowId, runId)
                .orElseThrow(() -> new NotFoundException(
                        "run '" + runId + "' of workflow '" + workflowId + "' is not waiting for a decision"));
        if (!decision.action().equals(HumanDecision.TIMEOUT)
                && !waiting.actions().contains(decision.action())) {
            throw new IllegalArgumentException(
                    "action must be one of " + waiting.actions() + ", got '" + decision.action() + "'");
        }
        PausedRun claimed = paused.claim(workflowId, runId, clock.instant(), STALE_CLAIM)
                .orElseThrow(() -> new ConflictException("run '" + runId + "' was decided already"));
        HumanDecision kept = new HumanDecision(
                decision.action(),
                Maps.only(decision.values(), claimed.editable().keySet()),
                decision.comment(),
                decision.by());
        WorkflowEngine.Result result;
        try {
            result = engine.resume(claimed, kept, timeout, null);
        } catch (RuntimeException e) {
            paused.release(runId);
            throw e;
        }
        WorkflowRun run = record(result);
        if (result.paused() == null) {
            paused.delete(runId);
        }
        return run;
    }

    /** Resumes every run whose human-input timeout passed, with the {@code timeout} action. @return how many */
    public int resumeTimedOut(int limit) {
        if (stores.pausedRuns() == null) {
            return 0;
        }
        int resumed = 0;
        for (String[] due : stores.pausedRuns().dueForTimeout(clock.instant(), limit)) {
            try {
                decide(due[0], due[1], new HumanDecision(HumanDecision.TIMEOUT, Map.of(), null, "system"));
                resumed++;
            } catch (ConflictException | NotFoundException e) {
                // Another member (or a person) took it meanwhile.
            }
        }
        return resumed;
    }

    private WorkflowRun record(WorkflowEngine.Result result) {
        WorkflowRun run = result.run();
        if (result.paused() != null) {
            if (stores.pausedRuns() == null) {
                run = new WorkflowRun(
                        run.id(),
                        run.workflowId(),
                        run.version(),
                        WorkflowRun.Status.FAILED,
                        Map.of(),
                        "node '" + result.paused().waiting() + "' needs a person, but this gateway cannot pause runs",
                        run.nodes(),
                        run.latencyMs(),
                        run.tokens(),
                        run.createdAt());
            } else {
                stores.pausedRuns().save(result.paused());
                store.saveRun(run);
                try {
                    onPause.accept(result.paused());
                } catch (RuntimeException e) {
                    LOG.warn("telling about paused run {} failed", run.id(), e);
                }
                return run;
            }
        }
        store.saveRun(run);
        return run;
    }

    private PausedRunStore requirePausing() {
        if (stores.pausedRuns() == null) {
            throw new NotFoundException("this gateway keeps no paused runs");
        }
        return stores.pausedRuns();
    }

    /** The published version, cached briefly. */
    public Optional<WorkflowVersion> publishedVersion(String id) {
        return published.get(
                id,
                key -> store.find(key)
                        .filter(w -> w.publishedVersion() != null)
                        .flatMap(w -> store.findVersion(key, w.publishedVersion())));
    }

    /** Forgets the cached published version (after a publish or delete on this member). */
    public void changed(String id) {
        published.invalidate(id);
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("workflow '" + id + "' not found");
    }
}
