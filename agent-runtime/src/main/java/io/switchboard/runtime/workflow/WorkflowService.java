package io.switchboard.runtime.workflow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.runtime.NotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Workflows as the rest of the gateway uses them: publish after validation, debug runs of the draft,
 * runs of the published version (as tools and chat flows), each run's trace stored. Blocking.
 */
public final class WorkflowService {
    /** How long a member may serve a published version after another member published a newer one. */
    static final Duration PUBLISHED_CACHE = Duration.ofSeconds(5);

    private final WorkflowStore store;
    private final WorkflowEngine engine;
    private final Duration timeout;
    private final Cache<String, Optional<WorkflowVersion>> published;

    private WorkflowService(WorkflowStore store, WorkflowEngine engine, Duration timeout) {
        this.store = store;
        this.engine = engine;
        this.timeout = timeout;
        this.published = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(PUBLISHED_CACHE)
                .build();
    }

    /** @param timeout the overall time limit of one run */
    public static WorkflowService create(WorkflowStore store, WorkflowEngine engine, Duration timeout) {
        return new WorkflowService(store, engine, timeout);
    }

    public WorkflowStore store() {
        return store;
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
        WorkflowRun run = engine.run(id, 0, workflow.draft(), inputs, timeout, null);
        store.saveRun(run);
        return run;
    }

    /**
     * Runs the published version and stores the run.
     *
     * @throws NotFoundException when the workflow does not exist or is not published
     * @throws InvalidWorkflowException when the inputs do not fit its start node
     */
    public WorkflowRun runPublished(String id, Map<String, Object> inputs, Consumer<String> onToken) {
        WorkflowVersion version = publishedVersion(id)
                .orElseThrow(() -> new NotFoundException("workflow '" + id + "' not found or not published"));
        WorkflowRun run = engine.run(id, version.version(), version.graph(), inputs, timeout, onToken);
        store.saveRun(run);
        return run;
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
