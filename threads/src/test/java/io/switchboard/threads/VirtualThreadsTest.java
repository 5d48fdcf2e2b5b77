package io.switchboard.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VirtualThreadsTest {
    private final Vertx vertx = Vertx.vertx();
    private final VirtualThreads threads = VirtualThreads.named("test");

    @AfterEach
    void close() throws Exception {
        threads.close();
        vertx.close().await();
    }

    @Test
    void work_runs_on_a_virtual_thread_and_completes_on_the_callers_context() throws Exception {
        Context loop = vertx.getOrCreateContext();
        CompletableFuture<String> seen = new CompletableFuture<>();
        loop.runOnContext(v -> threads.call(() -> Thread.currentThread().isVirtual() + " "
                        + Thread.currentThread().getName())
                .onComplete(done -> seen.complete(done.result() + " " + (Vertx.currentContext() == loop))));
        assertThat(seen.get(10, TimeUnit.SECONDS)).matches("true test-\\d+ true");
    }

    @Test
    void off_any_context_it_completes_on_the_virtual_thread_itself() throws Exception {
        CompletableFuture<Thread> listener = new CompletableFuture<>();
        CountDownLatch attached = new CountDownLatch(1);
        threads.call(() -> attached.await(10, TimeUnit.SECONDS))
                .onComplete(done -> listener.complete(Thread.currentThread()));
        attached.countDown(); // the work ends only once the listener is attached
        Thread completedOn = listener.get(10, TimeUnit.SECONDS);
        assertThat(completedOn.isVirtual()).as("%s", completedOn).isTrue();
    }

    @Test
    void failures_come_back_as_they_were_thrown() {
        Future<Object> failed = threads.call(() -> {
            throw new IllegalArgumentException("bad");
        });
        assertThatThrownBy(() -> VirtualThreads.await(failed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad");
        Future<Object> checked = threads.call(() -> {
            throw new java.io.IOException("io");
        });
        assertThatThrownBy(() -> VirtualThreads.await(checked))
                .isInstanceOf(IllegalStateException.class)
                .hasCauseInstanceOf(java.io.IOException.class);
    }

    @Test
    void a_bounded_wait_gives_null_when_the_future_is_not_done() {
        assertThat(VirtualThreads.await(Promise.<String>promise().future(), Duration.ofMillis(20)))
                .isNull();
        assertThat(VirtualThreads.await(Future.succeededFuture("done"), Duration.ZERO))
                .isEqualTo("done");
    }

    @Test
    void the_event_loop_runs_vertx_operations_for_a_virtual_thread() throws Exception {
        Context loop = vertx.getOrCreateContext();
        EventLoop eventLoop = EventLoop.of(loop);
        String answer = VirtualThreads.await(threads.call(() -> eventLoop.call(() -> {
            Promise<String> timer = Promise.promise();
            boolean onLoop = Vertx.currentContext() == loop;
            vertx.setTimer(1, id -> timer.complete("on loop: " + onLoop));
            return timer.future();
        })));
        assertThat(answer).isEqualTo("on loop: true");
        assertThatThrownBy(() -> VirtualThreads.await(threads.call(() -> eventLoop.call(() -> {
                    throw new IllegalStateException("refused");
                }))))
                .hasMessage("refused");
    }

    @Test
    void work_offered_after_shutdown_fails_its_future() {
        threads.shutdown();
        assertThat(threads.call(() -> "late").cause())
                .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
    }

    @Test
    void close_waits_for_running_work() {
        CompletableFuture<Boolean> finished = new CompletableFuture<>();
        threads.execute(() -> {
            VirtualThreads.await(Future.<Void>succeededFuture());
            finished.complete(true);
        });
        threads.close();
        assertThat(finished).isCompletedWithValue(true);
    }
}
