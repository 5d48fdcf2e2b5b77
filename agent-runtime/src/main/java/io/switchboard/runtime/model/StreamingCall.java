package io.switchboard.runtime.model;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One streamed attempt: passes fragments on in order, and lets the calling (virtual) thread wait for
 * the end. Once the caller stopped waiting, no fragment is passed on any more, so a late token of an
 * abandoned attempt can never be shown twice.
 */
final class StreamingCall implements StreamingChatResponseHandler {
    private final Consumer<String> onToken;
    private final CompletableFuture<ChatResponse> outcome = new CompletableFuture<>();
    // A lock rather than synchronized: the consumer may block, and virtual threads must not pin.
    private final ReentrantLock lock = new ReentrantLock();
    private final StringBuilder text = new StringBuilder();
    private boolean delivered;
    private boolean closed;
    private volatile StreamingHandle handle;

    StreamingCall(Consumer<String> onToken) {
        this.onToken = onToken;
    }

    @Override
    public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
        handle = context.streamingHandle();
        deliver(partialResponse.text());
    }

    @Override
    public void onPartialResponse(String partialResponse) {
        deliver(partialResponse);
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
        outcome.complete(completeResponse);
    }

    @Override
    public void onError(Throwable error) {
        outcome.completeExceptionally(error);
    }

    private void deliver(String fragment) {
        if (fragment == null || fragment.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            if (closed) {
                cancel();
                return;
            }
            delivered = true;
            text.append(fragment);
            try {
                onToken.accept(fragment);
            } catch (RuntimeException e) {
                closed = true;
                outcome.completeExceptionally(new ConsumerFailed(e));
                cancel();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the end of the stream.
     *
     * @throws ConsumerFailed when {@code onToken} threw
     * @throws TimeoutException when the stream did not end within {@code timeout}
     * @throws Exception what the stream failed with
     */
    ChatResponse await(Duration timeout) throws Exception {
        try {
            return outcome.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            close();
        }
    }

    /** True when at least one fragment reached the consumer. */
    boolean delivered() {
        lock.lock();
        try {
            return delivered;
        } finally {
            lock.unlock();
        }
    }

    /** Everything delivered, in order. */
    String text() {
        lock.lock();
        try {
            return text.toString();
        } finally {
            lock.unlock();
        }
    }

    private void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
        if (!outcome.isDone()) {
            cancel();
        }
    }

    private void cancel() {
        StreamingHandle current = handle;
        if (current != null && !current.isCancelled()) {
            try {
                current.cancel();
            } catch (RuntimeException e) {
                // Cancelling is an optimisation: the attempt is abandoned either way.
            }
        }
    }

    /** The token consumer failed: the caller's problem, not the provider's. */
    static final class ConsumerFailed extends RuntimeException {
        ConsumerFailed(RuntimeException cause) {
            super(cause);
        }
    }
}
