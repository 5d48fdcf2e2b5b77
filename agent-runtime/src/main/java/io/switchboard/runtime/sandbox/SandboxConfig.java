package io.switchboard.runtime.sandbox;

import java.time.Duration;

/**
 * Limits of the code-node sandbox.
 *
 * @param workers worker processes kept warm (1-16); each runs one code node at a time
 * @param heapMegabytes {@code -Xmx} of each worker (32-4096): the memory limit of guest code
 * @param statementLimit JavaScript statements one run may execute (10,000 - 1,000,000,000)
 * @param maxTimeout the longest time limit a code node may ask for
 * @param javaCommand the {@code java} executable the workers run on; null for the gateway's own
 */
public record SandboxConfig(
        int workers, int heapMegabytes, long statementLimit, Duration maxTimeout, String javaCommand) {
    public static final int DEFAULT_WORKERS = 2;
    public static final int DEFAULT_HEAP_MEGABYTES = 128;
    public static final long DEFAULT_STATEMENT_LIMIT = 50_000_000L;
    public static final Duration DEFAULT_MAX_TIMEOUT = Duration.ofSeconds(30);

    public static final SandboxConfig DEFAULT = new SandboxConfig(
            DEFAULT_WORKERS, DEFAULT_HEAP_MEGABYTES, DEFAULT_STATEMENT_LIMIT, DEFAULT_MAX_TIMEOUT, null);

    public SandboxConfig {
        if (workers < 1 || workers > 16) {
            throw new IllegalArgumentException("sandbox workers must be between 1 and 16");
        }
        if (heapMegabytes < 32 || heapMegabytes > 4096) {
            throw new IllegalArgumentException("sandbox heapMegabytes must be between 32 and 4096");
        }
        if (statementLimit < 10_000 || statementLimit > 1_000_000_000L) {
            throw new IllegalArgumentException("sandbox statementLimit must be between 10000 and 1000000000");
        }
        maxTimeout = maxTimeout == null ? DEFAULT_MAX_TIMEOUT : maxTimeout;
        if (maxTimeout.isNegative() || maxTimeout.isZero() || maxTimeout.toSeconds() > 300) {
            throw new IllegalArgumentException("sandbox maxTimeout must be between 1 ms and 300 s");
        }
        javaCommand = javaCommand == null || javaCommand.isBlank() ? null : javaCommand;
    }
}
