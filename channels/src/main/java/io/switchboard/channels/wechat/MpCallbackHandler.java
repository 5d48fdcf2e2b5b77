package io.switchboard.channels.wechat;

import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.spi.FixedTexts;
import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.weixin.CallbackEnvelope;
import io.switchboard.channels.weixin.ReplayGuard;
import io.switchboard.threads.EventLoop;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET|POST /wechat/:bindingId}: the URL check (echo {@code echostr}) and message callbacks. The
 * event loop only looks the binding up; checking, decrypting, parsing (WxJava) and waiting for the
 * turn run on a virtual thread per callback.
 */
final class MpCallbackHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MpCallbackHandler.class);

    private final ChannelContext context;
    private final MpAccounts accounts;
    private final MpTurns turns;
    private final ReplayGuard replay;
    private final VirtualThreads threads;
    private final WeChatOptions options;

    MpCallbackHandler(
            ChannelContext context,
            MpAccounts accounts,
            MpTurns turns,
            ReplayGuard replay,
            VirtualThreads threads,
            WeChatOptions options) {
        this.context = context;
        this.accounts = accounts;
        this.turns = turns;
        this.replay = replay;
        this.threads = threads;
        this.options = options;
    }

    void handle(RoutingContext rc) {
        long arrived = System.nanoTime();
        Context loop = context.vertx().getOrCreateContext();
        accounts.find(rc.pathParam("bindingId")).onFailure(rc::fail).onSuccess(binding -> {
            try {
                threads.execute(() -> {
                    try {
                        MpAccount account = accounts.account(binding);
                        if (rc.request().method() == HttpMethod.GET) {
                            verify(rc, loop, account);
                        } else {
                            callback(rc, loop, account, arrived);
                        }
                    } catch (HttpException e) {
                        loop.runOnContext(v -> rc.fail(e));
                    } catch (RuntimeException e) {
                        LOG.error("WeChat callback for binding {} failed", binding.bindingId(), e);
                        loop.runOnContext(v -> rc.fail(e));
                    }
                });
            } catch (RejectedExecutionException e) {
                rc.fail(new HttpException(503, "the channel is stopping"));
            }
        });
    }

    private void verify(RoutingContext rc, Context loop, MpAccount account) {
        MultiMap query = rc.queryParams();
        String echo = query.get("echostr");
        if (echo == null) {
            throw new HttpException(400, "echostr is required for the URL check");
        }
        checkSignature(account, query);
        loop.runOnContext(v -> rc.response()
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .end(echo));
    }

    private void checkSignature(MpAccount account, MultiMap query) {
        String timestamp = query.get("timestamp");
        String nonce = query.get("nonce");
        String signature = query.get("signature");
        if (timestamp == null
                || nonce == null
                || signature == null
                || !account.checkSignature(timestamp, nonce, signature)) {
            throw new HttpException(403, "signature does not match this binding's token");
        }
    }

    private void callback(RoutingContext rc, Context loop, MpAccount account, long arrived) {
        MultiMap query = rc.queryParams();
        checkSignature(account, query);
        String body = rc.body().asString();
        if (body == null) {
            throw new HttpException(400, "the body is empty; expected the platform's XML message");
        }
        CallbackEnvelope envelope = CallbackEnvelope.parse(body);
        boolean encrypted = "aes".equals(query.get("encrypt_type"));
        String xml = body;
        String timestamp = query.get("timestamp");
        String nonce = query.get("nonce");
        if (encrypted) {
            String cipher = envelope.require("Encrypt");
            String msgSignature = query.get("msg_signature");
            if (msgSignature == null || !account.checkMsgSignature(timestamp, nonce, cipher, msgSignature)) {
                throw new HttpException(403, "msg_signature does not match this binding's token");
            }
            if (!account.canDecrypt()) {
                throw new HttpException(
                        400, "the binding has no encodingAesKey, so encrypted callbacks cannot be read");
            }
            try {
                xml = account.decrypt(cipher);
            } catch (IllegalArgumentException e) {
                throw new HttpException(400, e.getMessage());
            }
            CallbackEnvelope.parse(xml);
        } else if (account.settings.mode() == MpSettings.Mode.SAFE) {
            throw new HttpException(400, "the binding is in safe mode: callbacks must be encrypted (encrypt_type=aes)");
        }
        EventLoop eventLoop = EventLoop.of(loop);
        replay.check(eventLoop, account.binding.bindingId(), timestamp, nonce, body);
        MpInbound inbound = MpInbound.from(xml, account.settings);
        Responder responder = new HttpResponder(rc, loop, account, inbound, encrypted, options);
        switch (inbound.kind()) {
            case NOTHING -> responder.success();
            case FIXED -> responder.passive(account.settings.unsupportedReply(replyLanguage(eventLoop, account)));
            case WELCOME -> responder.passive(welcome(eventLoop, account));
            case TURN -> turns.handle(eventLoop, account, inbound, arrived, responder);
            case MEDIA -> {
                AppProfile profile = eventLoop.call(() -> context.apps().profile(account.binding.appId()));
                boolean accepted = inbound.media().kind() == InboundMessage.Attachment.Kind.IMAGE
                        ? profile.acceptsImages()
                        : profile.acceptsVoice();
                if (accepted) {
                    turns.handle(eventLoop, account, inbound, arrived, responder);
                } else {
                    responder.passive(account.settings.unsupportedReply(profile.replyLanguage()));
                }
            }
        }
    }

    /** The app's reply language, or null (none set, or the app cannot be read). */
    private String replyLanguage(EventLoop eventLoop, MpAccount account) {
        try {
            return eventLoop
                    .call(() -> context.apps().profile(account.binding.appId()))
                    .replyLanguage();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private String welcome(EventLoop eventLoop, MpAccount account) {
        AppProfile profile = eventLoop.call(() -> context.apps().profile(account.binding.appId()));
        // Nothing the user wrote yet: the app's language, else Chinese (the platform's own).
        boolean chinese = profile.replyLanguage() == null || FixedTexts.chinese(profile.replyLanguage(), null);
        String name = profile.name() == null ? "" : profile.name();
        StringBuilder text = new StringBuilder(
                profile.openingStatement() == null || profile.openingStatement().isBlank()
                        ? chinese
                                ? "欢迎关注" + (name.isEmpty() ? "" : "「" + name + "」") + "！"
                                : "Welcome" + (name.isEmpty() ? "" : " to " + name) + "!"
                        : profile.openingStatement());
        if (!profile.suggestedQuestions().isEmpty()) {
            text.append(chinese ? "\n\n你可以问我：" : "\n\nYou can ask me:");
            profile.suggestedQuestions().forEach(q -> text.append("\n· ").append(q));
        }
        return MpDelivery.firstPart(text.toString());
    }
}
