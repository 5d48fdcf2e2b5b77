package io.switchboard.runtime.workflow;

/** A node failed while running; the message is shown in the trace and may reach an admin or a model. */
public final class WorkflowFailure extends RuntimeException {
    public WorkflowFailure(String message) {
        super(message);
    }
}
