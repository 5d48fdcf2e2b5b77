package io.switchboard.channels.wecom;

import io.switchboard.channels.weixin.CallbackEnvelope;
import io.switchboard.channels.weixin.ReplayGuard;
import io.switchboard.threads.EventLoop;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET|POST /wecom/:bindingId}: the URL check (decrypt and echo {@code echostr}) and message
 * callbacks, acknowledged with an empty 200 as soon as the message is checked and claimed; the answer
 * follows through the message API. WxJava work runs on a virtual thread per callback.
 */
final class CpCallbackHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CpCallbackHandler.class);

    private final Vertx vertx;
    private final CpAccounts accounts;
    private final CpTurns turns;
    private final ReplayGuard replay;
    private final VirtualThreads threads;

    CpCallbackHandler(Vertx vertx, CpAccounts accounts, CpTurns turns, ReplayGuard replay, VirtualThreads threads) {
        this.vertx = vertx;
        this.accounts = accounts;
        this.turns = turns;
        this.replay = replay;
        this.threads = threads;
    }

    void handle(RoutingContext rc) {
        Context loop = vertx.getOrCreateContext();
        accounts.find(rc.pathParam("bindingId")).onFailure(rc::fail).onSuccess(binding -> {
            try {
                threads.execute(() -> {
                    try {
                        CpAccount account = accounts.account(binding);
                        if (rc.request().method() == HttpMethod.GET) {
                            verify(rc, loop, account);
                        } else {
                            callback(rc, loop, account);
                        }
                    } catch (HttpException e) {
                        loop.runOnContext(v -> rc.fail(e));
                    } catch (RuntimeException e) {
                        LOG.error("WeCom callback for binding {} failed", binding.bindingId(), e);
                        loop.runOnContext(v -> rc.fail(e));
                    }
                });
            } catch (RejectedExecutionException e) {
                rc.fail(new HttpException(503, "the channel is stopping"));
            }
        });
    }

    private void verify(RoutingContext rc, Context loop, CpAccount account) {
        MultiMap query = rc.queryParams();
        String echo = query.get("echostr");
        if (echo == null) {
            throw new HttpException(400, "echostr is required for the URL check");
        }
        checkSignature(account, query, echo);
        String plain = decrypt(account, echo);
        loop.runOnContext(v -> rc.response()
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .end(plain));
    }

    private void callback(RoutingContext rc, Context loop, CpAccount account) {
        MultiMap query = rc.queryParams();
        String body = rc.body().asString();
        if (body == null) {
            throw new HttpException(400, "the body is empty; expected the platform's XML message");
        }
        CallbackEnvelope envelope = CallbackEnvelope.parse(body);
        String cipher = envelope.require("Encrypt");
        checkSignature(account, query, cipher);
        String xml = decrypt(account, cipher);
        CallbackEnvelope.parse(xml);
        EventLoop eventLoop = EventLoop.of(loop);
        replay.check(eventLoop, account.binding.bindingId(), query.get("timestamp"), query.get("nonce"), body);
        CpInbound inbound = CpInbound.from(xml, account.settings.agentId());
        boolean mine = turns.claim(eventLoop, account, inbound);
        loop.runOnContext(v -> rc.response().end());
        if (mine) {
            turns.answer(eventLoop, account, inbound);
        }
    }

    private static void checkSignature(CpAccount account, MultiMap query, String encrypted) {
        String timestamp = query.get("timestamp");
        String nonce = query.get("nonce");
        String signature = query.get("msg_signature");
        if (timestamp == null
                || nonce == null
                || signature == null
                || !account.checkMsgSignature(timestamp, nonce, encrypted, signature)) {
            throw new HttpException(403, "msg_signature does not match this binding's token");
        }
    }

    private static String decrypt(CpAccount account, String encrypted) {
        try {
            return account.decrypt(encrypted);
        } catch (IllegalArgumentException e) {
            throw new HttpException(400, e.getMessage());
        }
    }
}
