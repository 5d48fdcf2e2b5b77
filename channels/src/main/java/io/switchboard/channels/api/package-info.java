/**
 * The developer API channel: OpenAI-compatible chat completions and model listing, one app per API
 * key. Entry point: {@link io.switchboard.channels.api.OpenAiApiChannel}.
 */
package io.switchboard.channels.api;
