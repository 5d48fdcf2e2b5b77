package io.switchboard.runtime.workflow;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Thrown by a human-input node that has no decision yet: the run pauses there. Not a failure. */
final class PauseRequest extends RuntimeException {
    final String prompt;
    final List<String> actions;
    final Map<String, Object> editable;
    final Instant timeoutAt;
    final PausedRun.Notify recipient;

    PauseRequest(
            String prompt,
            List<String> actions,
            Map<String, Object> editable,
            Instant timeoutAt,
            PausedRun.Notify recipient) {
        super("waiting for a person", null, false, false);
        this.prompt = prompt;
        this.actions = actions;
        this.editable = editable;
        this.timeoutAt = timeoutAt;
        this.recipient = recipient;
    }
}
