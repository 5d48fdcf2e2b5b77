/**
 * Fake platform servers for tests and benchmarks: each listens on a loopback port, speaks the real
 * wire protocol, records what it receives and plays back scripted answers.
 */
package io.switchboard.testkit;
