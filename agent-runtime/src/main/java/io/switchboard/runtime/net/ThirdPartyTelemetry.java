package io.switchboard.runtime.net;

/**
 * Keeps libraries from phoning home. DJL (under the in-process embedding models) otherwise reads the
 * cloud metadata endpoint and reports to a telemetry URL when a model loads — outbound traffic nobody
 * asked for, and a request to a metadata address. An explicit setting by the operator wins.
 */
public final class ThirdPartyTelemetry {
    private ThirdPartyTelemetry() {}

    /** Idempotent; call before the first in-process model loads. */
    public static void optOut() {
        if (System.getProperty("OPT_OUT_TRACKING") == null && System.getenv("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }
}
