package io.switchboard.channels.wechat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.ext.web.RoutingContext;

/** Answers a callback on its event loop; the XML (and its encryption) is made on the calling thread. */
final class HttpResponder implements Responder {
    private final RoutingContext rc;
    private final Context loop;
    private final MpAccount account;
    private final MpInbound inbound;
    private final boolean encrypted;
    private final WeChatOptions options;
    private final Promise<Void> written = Promise.promise();

    HttpResponder(
            RoutingContext rc,
            Context loop,
            MpAccount account,
            MpInbound inbound,
            boolean encrypted,
            WeChatOptions options) {
        this.rc = rc;
        this.loop = loop;
        this.account = account;
        this.inbound = inbound;
        this.encrypted = encrypted;
        this.options = options;
    }

    @Override
    public void passive(String text) {
        String xml = account.passiveReply(inbound.user(), inbound.account(), text, encrypted);
        end("application/xml; charset=utf-8", xml);
    }

    @Override
    public void success() {
        end("text/plain; charset=utf-8", "success");
    }

    @Override
    public void hold() {
        // WeChat hangs up at its deadline; drop the connection a little later in case it did not.
        long after = options.platformDeadline().toMillis() + 1000;
        loop.runOnContext(v -> loop.owner().setTimer(after, t -> {
            if (!rc.response().ended() && !rc.response().closed()) {
                rc.response().reset();
            }
        }));
    }

    @Override
    public Future<Void> written() {
        return written.future();
    }

    private void end(String contentType, String body) {
        loop.runOnContext(v -> {
            if (!rc.response().ended() && !rc.response().closed()) {
                rc.response()
                        .putHeader("Content-Type", contentType)
                        .end(body)
                        .onComplete(result -> written.tryComplete());
            } else {
                written.tryComplete();
            }
        });
    }
}
