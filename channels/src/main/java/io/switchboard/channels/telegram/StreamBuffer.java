package io.switchboard.channels.telegram;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** The answer so far, appended to on the event loop and read by the chat's virtual thread. */
final class StreamBuffer {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finishedSignal = lock.newCondition();
    private final StringBuilder text = new StringBuilder();
    private boolean finished;

    void append(String delta) {
        lock.lock();
        try {
            text.append(delta);
        } finally {
            lock.unlock();
        }
    }

    void finish() {
        lock.lock();
        try {
            finished = true;
            finishedSignal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    String text() {
        lock.lock();
        try {
            return text.toString();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code timeout} for the turn to end; true once it has. */
    boolean awaitFinished(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long remaining = timeout.toNanos();
            while (!finished && remaining > 0) {
                remaining = finishedSignal.awaitNanos(remaining);
            }
            return finished;
        } finally {
            lock.unlock();
        }
    }
}
