/**
 * OpenTelemetry behind one small seam: {@link io.switchboard.tracing.Tracing} starts
 * {@link io.switchboard.tracing.TraceSpan}s and carries W3C trace context; nothing else in channels or the
 * agent runtime sees an OpenTelemetry type (ArchitectureTest checks it). See docs/tracing.md.
 */
package io.switchboard.tracing;
