package io.switchboard.runtime.workflow;

import java.util.List;

/** The graph cannot run; {@link #errors()} names each node and field. */
public final class InvalidWorkflowException extends RuntimeException {
    private final List<ValidationError> errors;

    public InvalidWorkflowException(List<ValidationError> errors) {
        super(
                errors.isEmpty()
                        ? "invalid workflow"
                        : errors.get(0) + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
        this.errors = List.copyOf(errors);
    }

    public List<ValidationError> errors() {
        return errors;
    }
}
