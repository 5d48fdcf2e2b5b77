package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.switchboard.runtime.WireEnum;
import java.time.Instant;
import java.util.Map;

/**
 * Starts a workflow's published version without a chat message.
 *
 * @param cron for a schedule: a Unix cron expression (five fields) evaluated in {@code timeZone}
 * @param inputs for a schedule: the run's inputs
 * @param mapping for a webhook: input name → JSON pointer into the request body ({@code /order/id});
 *     empty means the body's top-level fields are the inputs
 * @param secretHash for a webhook: SHA-256 (hex) of the secret in its URL; never shown
 */
public record WorkflowTrigger(
        String id,
        String workflowId,
        Kind kind,
        String cron,
        String timeZone,
        Map<String, Object> inputs,
        Map<String, String> mapping,
        @JsonIgnore String secretHash,
        boolean enabled,
        Instant createdAt) {
    /** What fires the trigger. */
    public enum Kind implements WireEnum {
        SCHEDULE,
        WEBHOOK;

        @JsonCreator
        public static Kind parse(String text) {
            return WireEnum.parse(Kind.class, text, "trigger kind must be schedule or webhook");
        }
    }

    public WorkflowTrigger {
        inputs = inputs == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
        mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
    }
}
