package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a failing node does: {@code fail} the run, {@code retry} up to {@code retries} more times, or
 * continue with {@code defaultValue} as its outputs.
 */
public record FailurePolicy(String mode, int retries, ObjectNode defaultValue) {
    public static final FailurePolicy FAIL = new FailurePolicy("fail", 0, null);

    public FailurePolicy {
        mode = mode == null ? "fail" : mode;
        if (!mode.equals("fail") && !mode.equals("retry") && !mode.equals("default")) {
            throw new IllegalArgumentException("onError.mode must be fail, retry or default");
        }
        if (retries < 0 || retries > 5) {
            throw new IllegalArgumentException("onError.retries must be between 0 and 5");
        }
        if (mode.equals("retry") && retries == 0) {
            retries = 1;
        }
        if (mode.equals("default") && defaultValue == null) {
            throw new IllegalArgumentException("onError.mode default needs a defaultValue object");
        }
    }
}
