package io.switchboard.runtime.app;

import java.time.Instant;

/** A published, numbered, immutable snapshot of an app's configuration. */
public record AppVersion(String appId, int version, AppConfig config, String note, Instant createdAt) {}
