package io.switchboard.runtime.app;

/** The configuration that answers a turn: a published version, or the draft (version 0). */
public record ResolvedApp(String appId, int version, AppConfig config) {}
