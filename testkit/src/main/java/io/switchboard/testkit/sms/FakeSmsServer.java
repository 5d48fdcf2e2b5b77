package io.switchboard.testkit.sms;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** What the fake SMS providers share: a loopback server, the accepted messages, refused requests counted. */
abstract class FakeSmsServer implements AutoCloseable {
    private final List<SmsMessage> messages = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile String failWith;
    private Vertx vertx;
    private int port;

    final void listen(String name) {
        vertx = Vertx.vertx();
        try {
            port = vertx.createHttpServer()
                    .requestHandler(request -> request.body().onSuccess(body -> handle(request, body)))
                    .listen(0, "127.0.0.1")
                    .await(10, TimeUnit.SECONDS)
                    .actualPort();
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("fake " + name + " could not listen", e);
        }
    }

    abstract void handle(HttpServerRequest request, Buffer body);

    /** {@code http://127.0.0.1:PORT/}, the endpoint to configure. */
    public String endpoint() {
        return "http://127.0.0.1:" + port + "/";
    }

    public List<SmsMessage> messages() {
        return List.copyOf(messages);
    }

    /** Requests refused for a bad signature, a stale timestamp, a reused nonce or a missing field. */
    public int refused() {
        return refused.get();
    }

    /** From now on refuses every well-signed request with this provider error code (null: accept again). */
    public void failWith(String errorCode) {
        this.failWith = errorCode;
    }

    String failure() {
        return failWith;
    }

    void accepted(SmsMessage message) {
        messages.add(message);
    }

    void countRefused() {
        refused.incrementAndGet();
    }

    /** The first template parameter of the last message to {@code phone} (the code). */
    public String lastCodeTo(String phone) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).phone().equals(phone)) {
                return messages.get(i).params().get(0);
            }
        }
        throw new AssertionError("no SMS to " + phone + " among " + messages.size());
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
