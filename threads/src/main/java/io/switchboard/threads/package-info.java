/**
 * The seam between Vert.x event loops and virtual threads, and the only code that creates virtual
 * threads or runs blocking work (ArchitectureTest checks it): {@link io.switchboard.threads.VirtualThreads}
 * to go to a virtual thread, {@link io.switchboard.threads.EventLoop} to come back. See docs/threads.md.
 */
package io.switchboard.threads;
