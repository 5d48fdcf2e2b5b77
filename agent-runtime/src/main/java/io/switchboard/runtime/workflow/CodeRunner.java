package io.switchboard.runtime.workflow;

import java.time.Duration;
import java.util.Map;

/** Runs a code node's source in a sandbox: JSON-compatible values in, a JSON object out. */
public interface CodeRunner {
    /**
     * Calls the code's {@code main(inputs)} and returns its result. Blocking: virtual thread.
     *
     * @param language {@code javascript}
     * @throws WorkflowFailure when the code fails, breaks a sandbox limit (time, memory, statements) or
     *     returns something that is not an object
     */
    Map<String, Object> run(String language, String code, Map<String, Object> inputs, Duration timeout);
}
