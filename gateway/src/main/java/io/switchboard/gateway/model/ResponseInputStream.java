package io.switchboard.gateway.model;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A streamed HTTP response body as a blocking {@link InputStream}, for a parser running on a virtual
 * thread. Pauses the response while the reader is behind, so a slow reader cannot make memory grow.
 */
final class ResponseInputStream extends InputStream {
    private static final int PAUSE_ABOVE = 64;
    private static final int RESUME_BELOW = 16;
    private static final Buffer END = Buffer.buffer();

    private final HttpClientResponse response;
    private final LinkedBlockingQueue<Buffer> chunks = new LinkedBlockingQueue<>();
    private volatile Throwable failure;
    private volatile boolean paused;
    private Buffer current;
    private int position;
    private boolean ended;

    /** Must be created on the response's event loop, before it delivers any data. */
    ResponseInputStream(HttpClientResponse response) {
        this.response = response;
        response.handler(chunk -> {
            chunks.add(chunk);
            if (!paused && chunks.size() > PAUSE_ABOVE) {
                paused = true;
                response.pause();
            }
        });
        response.exceptionHandler(error -> {
            failure = error;
            chunks.add(END);
        });
        response.endHandler(end -> chunks.add(END));
    }

    HttpClientResponse response() {
        return response;
    }

    /** What broke the stream, or null when it ended normally (or is still open). */
    Throwable failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, current.length() - position);
        current.getBytes(position, position + n, target, offset);
        position += n;
        return n;
    }

    private boolean fill() throws IOException {
        while (current == null || position >= current.length()) {
            if (ended) {
                return false;
            }
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the model's stream", e);
            }
            position = 0;
            if (current == END) {
                ended = true;
                current = null;
                if (failure != null) {
                    throw new IOException("the model's stream broke: " + failure.getMessage(), failure);
                }
                return false;
            }
            if (paused && chunks.size() < RESUME_BELOW) {
                paused = false;
                response.resume();
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (!ended) {
            response.request().reset();
        }
    }
}
