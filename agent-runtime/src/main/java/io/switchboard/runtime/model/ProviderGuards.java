package io.switchboard.runtime.model;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.switchboard.runtime.security.Secret;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The circuit breaker, concurrency limit and key ring of each provider, built from its
 * {@link ProviderLimits} and rebuilt when the provider's limits or keys change.
 */
final class ProviderGuards {
    private final Map<String, Guard> guards = new ConcurrentHashMap<>();
    private final Clock clock;
    private final ModelEvents events;

    ProviderGuards(Clock clock, ModelEvents events) {
        this.clock = clock;
        this.events = events;
    }

    Guard of(ProviderConfig provider) {
        Guard guard = guards.get(provider.id());
        if (guard != null && guard.fits(provider)) {
            return guard;
        }
        return guards.compute(
                provider.id(), (id, old) -> old != null && old.fits(provider) ? old : new Guard(provider));
    }

    /** Forgets a provider's state (it was edited or deleted): the next call starts closed and with every key. */
    void invalidate(String providerId) {
        guards.remove(providerId);
    }

    /** One provider's guard. */
    final class Guard {
        private final ProviderLimits limits;
        private final List<Secret> keyList;
        private final CircuitBreaker breaker;
        private final Bulkhead bulkhead;
        private final KeyRing keys;

        private Guard(ProviderConfig provider) {
            this.limits = provider.limits();
            this.keyList = provider.keys();
            this.keys = new KeyRing(keyList, clock);
            this.breaker = CircuitBreaker.of(
                    provider.id(),
                    CircuitBreakerConfig.custom()
                            .failureRateThreshold(limits.failureRateThreshold())
                            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                            .slidingWindowSize(limits.slidingWindowSize())
                            .minimumNumberOfCalls(limits.minimumCalls())
                            .waitDurationInOpenState(limits.openDuration())
                            .permittedNumberOfCallsInHalfOpenState(Math.min(3, limits.minimumCalls()))
                            .writableStackTraceEnabled(false)
                            .clock(clock)
                            .build());
            this.bulkhead = Bulkhead.of(
                    provider.id(),
                    BulkheadConfig.custom()
                            .maxConcurrentCalls(limits.maxConcurrentCalls())
                            .maxWaitDuration(limits.maxWait())
                            .writableStackTraceEnabled(false)
                            .build());
            String providerId = provider.id();
            breaker.getEventPublisher()
                    .onStateTransition(event -> events.breakerChanged(
                            providerId,
                            stateName(event.getStateTransition().getFromState()),
                            stateName(event.getStateTransition().getToState())));
        }

        private boolean fits(ProviderConfig provider) {
            return limits.equals(provider.limits()) && keyList.equals(provider.keys());
        }

        KeyRing keys() {
            return keys;
        }

        ProviderLimits limits() {
            return limits;
        }

        /** The breaker's state as metrics name it: {@code closed}, {@code open}, {@code half_open}, ... */
        String state() {
            return stateName(breaker.getState());
        }

        /**
         * Runs one attempt under the breaker and the concurrency limit. Failures of the provider (5xx,
         * timeouts, broken connections) count against its breaker; failures of a key or of the input
         * (4xx, 429) do not.
         *
         * @throws ModelFailure when the breaker is open or no slot freed up within the wait, or from
         *     {@code attempt}
         */
        <T> T call(ProviderConfig provider, Supplier<T> attempt) {
            if (!breaker.tryAcquirePermission()) {
                throw new ModelFailure(
                        "provider '" + provider.id() + "' is failing: its circuit breaker is open",
                        true,
                        0,
                        CallNotPermittedException.createCallNotPermittedException(breaker));
            }
            if (!bulkhead.tryAcquirePermission()) {
                breaker.releasePermission();
                throw new ModelFailure(
                        "provider '" + provider.id() + "' is busy: " + limits.maxConcurrentCalls()
                                + " calls in flight for longer than "
                                + limits.maxWait().toMillis() + " ms",
                        true,
                        0,
                        BulkheadFullException.createBulkheadFullException(bulkhead));
            }
            long start = System.nanoTime();
            try {
                T result = attempt.get();
                breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                return result;
            } catch (ModelFailure failure) {
                record(failure, start);
                throw failure;
            } catch (LangChainModelInvoker.AfterFirstToken broken) {
                record(broken.failure(), start);
                throw broken;
            } catch (RuntimeException other) {
                // Not the provider's doing (the token consumer failed): neither success nor failure.
                breaker.releasePermission();
                throw other;
            } finally {
                bulkhead.onComplete();
            }
        }

        private void record(ModelFailure failure, long start) {
            if (countsAgainstProvider(failure)) {
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, failure);
            } else {
                breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** 5xx, timeouts and broken connections: the provider is unwell. A 4xx or 429 is an answer. */
    static boolean countsAgainstProvider(ModelFailure failure) {
        return failure.retriable() && failure.httpStatus() != 429;
    }

    private static String stateName(CircuitBreaker.State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
