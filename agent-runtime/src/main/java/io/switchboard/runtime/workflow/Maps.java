package io.switchboard.runtime.workflow;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Small map helpers of the workflow package. */
final class Maps {
    private Maps() {}

    /** The entries of {@code values} whose keys are in {@code allowed}. */
    static Map<String, Object> only(Map<String, Object> values, Set<String> allowed) {
        Map<String, Object> kept = new HashMap<>();
        values.forEach((key, value) -> {
            if (allowed.contains(key)) {
                kept.put(key, value);
            }
        });
        return kept;
    }
}
