package io.switchboard.runtime.workflow;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * What a running node may use: the variables of the run, the engine's services, the run's deadline and
 * scope; {@code onToken} is non-null only for the LLM node whose output the end node streams.
 */
record NodeContext(
        Variables variables, EngineServices services, Instant deadline, Consumer<String> onToken, RunScope scope) {}
