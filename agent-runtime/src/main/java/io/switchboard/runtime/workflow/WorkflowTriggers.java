package io.switchboard.runtime.workflow;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.runtime.NotFoundException;
import io.switchboard.runtime.security.RandomIds;
import io.switchboard.threads.VirtualThreads;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workflows started without a chat message. <b>Schedule</b>: a Unix cron expression in a time zone;
 * every member checks the schedules each {@link #DEFAULT_TICK}, and a tick fires on the one member that
 * claims it in the shared database. <b>Webhook</b>: {@code POST .../hooks/{triggerId}/{secret}} maps
 * the JSON body to inputs and runs the published version; an {@code Idempotency-Key} seen before
 * returns the run it started instead of running again. The same timer resumes human-input runs whose
 * timeout passed. Blocking, except {@link #start}.
 */
public final class WorkflowTriggers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowTriggers.class);
    public static final Duration DEFAULT_TICK = Duration.ofSeconds(15);
    /** A tick missed by longer than this (every member down) is skipped, not fired late. */
    static final Duration CATCH_UP = Duration.ofMinutes(2);

    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final WorkflowService workflows;
    private final TriggerStore store;
    private final Clock clock;
    private final VirtualThreads runs = VirtualThreads.named("workflow-trigger");
    private ScheduledExecutorService timer;

    private WorkflowTriggers(WorkflowService workflows, Clock clock) {
        this.workflows = workflows;
        this.store = workflows.triggers();
        this.clock = clock;
    }

    /** @throws IllegalStateException when the service has no trigger store */
    public static WorkflowTriggers create(WorkflowService workflows, Clock clock) {
        if (workflows.triggers() == null) {
            throw new IllegalStateException("workflow triggers need a trigger store");
        }
        return new WorkflowTriggers(workflows, clock);
    }

    /** A created trigger; {@code secret} (webhooks only) is shown this once. */
    public record Created(WorkflowTrigger trigger, String secret) {}

    /**
     * @throws IllegalArgumentException naming the bad cron expression, time zone or mapping
     * @throws NotFoundException when the workflow does not exist
     */
    public Created create(
            String workflowId,
            WorkflowTrigger.Kind kind,
            String cron,
            String timeZone,
            Map<String, Object> inputs,
            Map<String, String> mapping) {
        workflows
                .store()
                .find(workflowId)
                .orElseThrow(() -> new NotFoundException("workflow '" + workflowId + "' not found"));
        if (kind == null) {
            throw new IllegalArgumentException("kind must be schedule or webhook");
        }
        String secret = null;
        if (kind == WorkflowTrigger.Kind.SCHEDULE) {
            parse(cron);
            zone(timeZone);
        } else {
            (mapping == null ? Map.<String, String>of() : mapping).forEach((name, pointer) -> {
                if (pointer == null || !pointer.startsWith("/")) {
                    throw new IllegalArgumentException(
                            "mapping." + name + " must be a JSON pointer into the body, like /order/id");
                }
            });
            secret = RandomIds.base62("", 32);
        }
        WorkflowTrigger trigger = store.create(new WorkflowTrigger(
                null,
                workflowId,
                kind,
                kind == WorkflowTrigger.Kind.SCHEDULE ? cron.strip() : null,
                kind == WorkflowTrigger.Kind.SCHEDULE ? zone(timeZone).getId() : null,
                inputs,
                mapping,
                secret == null ? null : sha256(secret),
                true,
                null));
        return new Created(trigger, secret);
    }

    /** The outcome of a webhook call: the run, and whether it is one an earlier call with the key started. */
    public record WebhookRun(WorkflowRun run, boolean repeated) {}

    /**
     * Runs the trigger's workflow with the body mapped to inputs.
     *
     * @param idempotencyKey null, or a key whose first call's run is returned on repeats
     * @throws NotFoundException when the trigger does not exist or the secret is wrong (the same answer,
     *     so a caller cannot tell which)
     */
    public WebhookRun fireWebhook(String triggerId, String secret, JsonNode body, String idempotencyKey) {
        WorkflowTrigger trigger = store.find(triggerId)
                .filter(t -> t.kind() == WorkflowTrigger.Kind.WEBHOOK && t.enabled())
                .filter(t -> secret != null
                        && MessageDigest.isEqual(
                                sha256(secret).getBytes(StandardCharsets.US_ASCII),
                                t.secretHash().getBytes(StandardCharsets.US_ASCII)))
                .orElseThrow(() -> new NotFoundException("no webhook trigger '" + triggerId + "' with that secret"));
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw new IllegalArgumentException("Idempotency-Key must be 1-200 characters");
        }
        Map<String, Object> inputs = new LinkedHashMap<>(trigger.inputs());
        if (trigger.mapping().isEmpty()) {
            if (body != null && body.isObject()) {
                inputs.putAll(Variables.JSON.convertValue(body, Map.class));
            }
        } else {
            trigger.mapping().forEach((name, pointer) -> {
                JsonNode value = body == null ? null : body.at(pointer);
                if (value != null && !value.isMissingNode() && !value.isNull()) {
                    inputs.put(name, Variables.JSON.convertValue(value, Object.class));
                }
            });
        }
        if (idempotencyKey != null) {
            String runId = java.util.UUID.randomUUID().toString();
            Optional<String> earlier = store.rememberIdempotencyKey(triggerId, idempotencyKey, runId);
            if (earlier.isPresent()) {
                WorkflowRun run = workflows
                        .store()
                        .findRun(trigger.workflowId(), earlier.get())
                        .orElseThrow(() -> new io.switchboard.runtime.ConflictException(
                                "a call with this Idempotency-Key is still running"));
                return new WebhookRun(run, true);
            }
            return new WebhookRun(workflows.runPublished(trigger.workflowId(), inputs, null, null, runId), false);
        }
        return new WebhookRun(workflows.runPublished(trigger.workflowId(), inputs, null), false);
    }

    /**
     * Fires every schedule whose latest tick (at or before now, within {@link #CATCH_UP}) no member
     * has claimed yet, each on a virtual thread. @return the ticks this member claimed
     */
    public int tick() {
        Instant now = clock.instant();
        int fired = 0;
        for (WorkflowTrigger trigger : store.schedules()) {
            Optional<ZonedDateTime> last;
            try {
                last = ExecutionTime.forCron(parse(trigger.cron()))
                        .lastExecution(now.atZone(zone(trigger.timeZone())).plusNanos(1));
            } catch (IllegalArgumentException e) {
                LOG.warn("trigger {} has an unusable schedule: {}", trigger.id(), e.getMessage());
                continue;
            }
            if (last.isEmpty() || last.get().toInstant().isBefore(now.minus(CATCH_UP))) {
                continue;
            }
            if (store.claimTick(trigger.id(), last.get().toInstant())) {
                fired++;
                runs.execute(() -> {
                    try {
                        workflows.runPublished(trigger.workflowId(), trigger.inputs(), null);
                    } catch (RuntimeException e) {
                        LOG.warn(
                                "scheduled run of workflow {} failed to start: {}",
                                trigger.workflowId(),
                                e.getMessage());
                    }
                });
            }
        }
        return fired;
    }

    /** Starts checking schedules and human-input timeouts every {@code every}. */
    public synchronized void start(Duration every) {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(VirtualThreads.factory("workflow-triggers"));
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        tick();
                        workflows.resumeTimedOut(100);
                    } catch (RuntimeException e) {
                        LOG.warn("workflow trigger check failed", e);
                    }
                },
                every.toMillis(),
                every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        runs.shutdown();
    }

    static Cron parse(String cron) {
        if (cron == null || cron.isBlank()) {
            throw new IllegalArgumentException("cron is required for a schedule, like '0 9 * * 1-5'");
        }
        try {
            Cron parsed = CRON.parse(cron.strip());
            parsed.validate();
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cron '" + cron + "' is not a Unix cron expression: " + e.getMessage());
        }
    }

    static ZoneId zone(String timeZone) {
        try {
            return timeZone == null || timeZone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "timeZone '" + timeZone + "' is not an IANA time zone like Asia/Shanghai");
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Triggers of a workflow. */
    public List<WorkflowTrigger> list(String workflowId) {
        return store.list(workflowId);
    }
}
