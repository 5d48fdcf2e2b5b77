package io.switchboard.channels.telegram;

import io.switchboard.threads.VirtualThreads;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One queue per chat, drained in order by a virtual thread that exists only while the queue has work:
 * a chat's messages are answered one after the other, different chats in parallel.
 */
final class ChatLanes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChatLanes.class);

    private final Map<Long, Lane> lanes = new ConcurrentHashMap<>();
    private final ExecutorService threads;
    private final int maxQueued;

    private static final class Lane {
        final long chatId;
        final ArrayDeque<Runnable> queue = new ArrayDeque<>();
        boolean running;
        boolean retired;

        Lane(long chatId) {
            this.chatId = chatId;
        }
    }

    ChatLanes(String name, int maxQueued) {
        this.threads = Executors.newThreadPerTaskExecutor(VirtualThreads.factory(name + "-chat"));
        this.maxQueued = maxQueued;
    }

    /** Queues {@code job} behind the chat's earlier jobs; false when that chat already has too many. */
    boolean submit(long chatId, Runnable job) {
        while (true) {
            Lane lane = lanes.computeIfAbsent(chatId, Lane::new);
            synchronized (lane) {
                if (lane.retired) {
                    continue; // its drainer just finished and left the map: take a fresh lane
                }
                if (lane.queue.size() >= maxQueued) {
                    return false;
                }
                lane.queue.addLast(job);
                if (!lane.running) {
                    try {
                        threads.execute(() -> drain(lane));
                    } catch (RejectedExecutionException stopping) {
                        lane.queue.removeLast();
                        return false;
                    }
                    lane.running = true;
                }
                return true;
            }
        }
    }

    private void drain(Lane lane) {
        while (true) {
            Runnable next;
            synchronized (lane) {
                next = lane.queue.pollFirst();
                if (next == null) {
                    lane.running = false;
                    lane.retired = true;
                    lanes.remove(lane.chatId, lane);
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.warn("chat {}: job failed: {}", lane.chatId, e.toString());
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    /** Interrupts running jobs and drops queued ones. */
    @Override
    public void close() {
        threads.shutdownNow();
        lanes.clear();
    }

    /**
     * Lets the jobs already queued run until {@code deadlineNanos} ({@link System#nanoTime()}), then
     * interrupts what is left; blocks until then. Queued jobs are answers to updates Telegram was told
     * were received: dropping them on a planned restart would lose those messages.
     */
    void drainAndClose(long deadlineNanos) {
        threads.shutdown();
        try {
            if (!threads.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                LOG.warn("stopping with answers still queued for {} chats", lanes.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }
}
