package io.switchboard.runtime.turn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the conversation log in batches on one background platform thread, so a turn never waits for
 * the database. A platform thread, not a virtual one: a batch into an embedded H2 is CPU-bound work of
 * several milliseconds that never parks, and on a virtual thread it held one of the scheduler's carriers
 * (as many as the cores: two here) for all of it, so the turns' virtual threads queued behind it; the OS
 * time-slices a platform thread with everything else instead. When the queue is full (the database is down or far too slow) new entries are dropped
 * and counted rather than letting memory grow without bound.
 */
public final class TurnRecorder implements TurnListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TurnRecorder.class);
    private static final int MAX_BATCH = 2000;
    /**
     * How long a batch may gather entries after its first one: fewer, larger transactions cost the
     * database far less than many small ones (each commit rewrites the touched index pages).
     */
    private static final long BATCH_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private static final long GATHER_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final TurnLogStore store;
    private final BlockingQueue<TurnLog> queue;
    private final Thread writer;
    private volatile boolean closing;
    private volatile long dropped;

    private TurnRecorder(TurnLogStore store, int capacity) {
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = Thread.ofPlatform().daemon().name("turn-recorder").start(this::drainLoop);
    }

    public static TurnRecorder start(TurnLogStore store, int capacity) {
        return new TurnRecorder(store, capacity);
    }

    @Override
    public void turnFinished(TurnLog turn) {
        if (!queue.offer(turn)) {
            dropped++;
            if (dropped % 1000 == 1) {
                LOG.warn("conversation log queue full: {} entries dropped so far", dropped);
            }
        }
    }

    /** Entries dropped because the queue was full. */
    public long dropped() {
        return dropped;
    }

    private void drainLoop() {
        List<TurnLog> batch = new ArrayList<>(MAX_BATCH);
        while (!closing || !queue.isEmpty()) {
            try {
                TurnLog first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                gather(System.nanoTime() + BATCH_WINDOW_NANOS);
                queue.drainTo(batch, MAX_BATCH - batch.size());
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Lets the batch fill until the deadline or a full batch, looking on a short tick: waiting on the
     * queue instead woke this thread for nearly every turn, a thread hand-off per turn at full load.
     */
    private void gather(long deadline) throws InterruptedException {
        while (!closing && queue.size() < MAX_BATCH - 1) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Thread.sleep(Duration.ofNanos(Math.min(left, GATHER_TICK_NANOS)));
        }
    }

    private void write(List<TurnLog> batch) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                store.append(batch);
                return;
            } catch (RuntimeException e) {
                if (attempt >= 5 || closing) {
                    LOG.error("dropping {} conversation log entries after {} attempts", batch.size(), attempt, e);
                    return;
                }
                LOG.warn("conversation log write failed (attempt {}), retrying: {}", attempt, e.toString());
                Thread.sleep(Duration.ofMillis(200L * attempt));
            }
        }
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        writer.join(Duration.ofSeconds(10));
    }
}
