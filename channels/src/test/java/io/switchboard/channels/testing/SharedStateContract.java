package io.switchboard.channels.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.channels.spi.SharedState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SharedState} must do, written once and run against the gateway's Hazelcast
 * implementation and the tests' {@link InMemorySharedState}: two members of one cluster, each call made
 * on a Vert.x context and completed on that same context.
 */
public abstract class SharedStateContract {
    /** Member {@code index} (0 or 1) of one cluster; the same instance for the same index. */
    protected abstract SharedState member(int index);

    /** The Vert.x whose contexts the calls are made on. */
    protected abstract Vertx vertx();

    private final String prefix = "contract-" + UUID.randomUUID() + ":";

    private String key(String name) {
        return prefix + name;
    }

    /** Makes the call on a context of its own and waits for its result, checking where it completed. */
    private <T> T call(Supplier<Future<T>> call) throws Exception {
        Context context = vertx().getOrCreateContext();
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> started(context, call.get(), result));
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static <T> void started(Context context, Future<T> future, CompletableFuture<T> result) {
        future.onComplete(done -> {
            if (Vertx.currentContext() != context) {
                result.completeExceptionally(new AssertionError("completed off the caller's context"));
            } else if (done.failed()) {
                result.completeExceptionally(done.cause());
            } else {
                result.complete(done.result());
            }
        });
    }

    @Test
    void should_store_a_key_only_for_the_first_caller_of_any_member() throws Exception {
        String key = key("first");

        boolean first = call(() -> member(0).putIfAbsent(key, "a", Duration.ofMinutes(1)));
        boolean second = call(() -> member(1).putIfAbsent(key, "b", Duration.ofMinutes(1)));

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(call(() -> member(1).get(key))).isEqualTo("a");
    }

    @Test
    void should_replace_read_and_remove_values() throws Exception {
        String key = key("value");

        call(() -> member(0).put(key, "1", Duration.ofMinutes(1)));
        call(() -> member(1).put(key, "2", Duration.ofMinutes(1)));

        assertThat(call(() -> member(0).get(key))).isEqualTo("2");
        call(() -> member(1).remove(key));
        assertThat(call(() -> member(0).get(key))).isNull();
        call(() -> member(0).remove(key)); // absent: still completes
        assertThat(call(() -> member(1).get(key("never-stored")))).isNull();
    }

    @Test
    void should_forget_a_value_once_its_ttl_has_passed() throws Exception {
        String key = key("expiring");
        call(() -> member(0).putIfAbsent(key, "soon gone", Duration.ofMillis(1500)));
        assertThat(call(() -> member(1).get(key))).isEqualTo("soon gone");

        await().atMost(Duration.ofSeconds(10)).until(() -> call(() -> member(1).get(key)) == null);

        assertThat(call(() -> member(1).putIfAbsent(key, "again", Duration.ofMinutes(1))))
                .isTrue();
    }

    @Test
    void should_hand_a_waiter_the_value_another_member_stores_later() throws Exception {
        String key = key("awaited");
        Context context = vertx().getOrCreateContext();
        CompletableFuture<String> awaited = new CompletableFuture<>();
        CompletableFuture<Void> waiting = new CompletableFuture<>();
        context.runOnContext(v -> {
            started(context, member(0).await(key, Duration.ofSeconds(10)), awaited);
            waiting.complete(null);
        });
        waiting.get(10, TimeUnit.SECONDS);

        call(() -> member(1).put(key, "here", Duration.ofMinutes(1)));

        assertThat(awaited.get(10, TimeUnit.SECONDS)).isEqualTo("here");
    }

    @Test
    void should_hand_a_waiter_a_value_stored_before_it_waited() throws Exception {
        String key = key("stored-first");
        call(() -> member(1).putIfAbsent(key, "already", Duration.ofMinutes(1)));

        assertThat(call(() -> member(0).await(key, Duration.ofSeconds(10)))).isEqualTo("already");
    }

    @Test
    void should_give_a_waiter_null_when_nothing_is_stored_in_time() throws Exception {
        long started = System.nanoTime();

        String value = call(() -> member(0).await(key("nothing"), Duration.ofMillis(300)));

        assertThat(value).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void should_grant_a_lease_to_one_member_until_it_stops_renewing() throws Exception {
        String lease = key("poller");
        Duration ttl = Duration.ofMillis(1500);

        assertThat(call(() -> member(0).holdLease(lease, ttl))).isTrue();
        assertThat(call(() -> member(0).holdLease(lease, ttl))).as("renewed").isTrue();
        assertThat(call(() -> member(1).holdLease(lease, ttl)))
                .as("held by the other")
                .isFalse();

        // Member 0 stops renewing: member 1 takes over once the lease ran out, and keeps it.
        await().atMost(Duration.ofSeconds(10)).until(() -> call(() -> member(1).holdLease(lease, ttl)));
        assertThat(call(() -> member(0).holdLease(lease, ttl))).isFalse();
    }

    @Test
    void should_book_slots_a_lane_interval_apart_across_members() throws Exception {
        String schedule = key("bot");
        long now = System.currentTimeMillis();
        Map<String, Long> chat = Map.of("chat:1", 1_000L);

        long first = call(() -> member(0).book(schedule, chat, 50, now));
        long second = call(() -> member(1).book(schedule, chat, 50, now));
        long otherChat = call(() -> member(1).book(schedule, Map.of("chat:2", 1_000L), 50, now));

        assertThat(first).isEqualTo(now);
        assertThat(second).as("the chat's interval").isEqualTo(now + 1_000);
        assertThat(otherChat).as("the bot's interval after the first slot").isEqualTo(now + 50);
    }

    @Test
    void should_book_every_slot_once_when_members_book_at_the_same_time() throws Exception {
        String schedule = key("busy-bot");
        long now = System.currentTimeMillis();
        List<CompletableFuture<Long>> slots = new ArrayList<>();
        Context context = vertx().getOrCreateContext();

        IntStream.range(0, 20).forEach(i -> {
            CompletableFuture<Long> slot = new CompletableFuture<>();
            slots.add(slot);
            context.runOnContext(v ->
                    started(context, member(i % 2).book(schedule, Map.of("chat:" + i, 1_000L), 10, now), slot));
        });

        List<Long> booked = new ArrayList<>();
        for (CompletableFuture<Long> slot : slots) {
            booked.add(slot.get(10, TimeUnit.SECONDS));
        }
        assertThat(booked.stream().sorted().toList())
                .as("one slot every 10 ms, none taken twice")
                .isEqualTo(IntStream.range(0, 20).mapToObj(i -> now + 10L * i).toList());
    }
}
