package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.runtime.WireEnum;

/**
 * What a failing node does: {@code fail} the run, {@code retry} up to {@code retries} more times, or
 * continue with {@code defaultValue} as its outputs.
 */
public record FailurePolicy(Mode mode, int retries, ObjectNode defaultValue) {
    public static final FailurePolicy FAIL = new FailurePolicy(Mode.FAIL, 0, null);

    /** The {@code onError.mode} of a node. */
    public enum Mode implements WireEnum {
        FAIL,
        RETRY,
        DEFAULT;

        @JsonCreator
        static Mode parse(String text) {
            return WireEnum.parse(Mode.class, text, "onError.mode must be fail, retry or default");
        }
    }

    public FailurePolicy {
        mode = mode == null ? Mode.FAIL : mode;
        if (retries < 0 || retries > 5) {
            throw new IllegalArgumentException("onError.retries must be between 0 and 5");
        }
        if (mode == Mode.RETRY && retries == 0) {
            retries = 1;
        }
        if (mode == Mode.DEFAULT && defaultValue == null) {
            throw new IllegalArgumentException("onError.mode default needs a defaultValue object");
        }
    }
}
