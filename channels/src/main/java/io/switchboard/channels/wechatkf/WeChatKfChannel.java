package io.switchboard.channels.wechatkf;

import io.switchboard.channels.spi.BindingType;
import io.switchboard.channels.spi.ChannelAdapter;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.weixin.CallbackEnvelope;
import io.switchboard.channels.weixin.HeldAccounts;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WeChat customer service (微信客服) accounts of a WeCom corp bound to apps. WeCom calls
 * {@code /wechat-kf/<bindingId>} (URL check: decrypt and echo {@code echostr}; events: an encrypted
 * {@code kf_msg_or_event} carrying a sync token), answered with an empty 200 at once; the member holding
 * the account's lease then pulls the messages with {@code sync_msg} from the committed cursor and
 * answers each customer message exactly once with {@code send_msg} (see {@link KfPoller}, {@link
 * KfTurns}). Without callbacks it still syncs every poll interval.
 *
 * <p>Needs {@link ChannelContext#accounts()}, {@link ChannelContext#shared()} and
 * {@link ChannelContext#durable()}.
 */
public final class WeChatKfChannel implements ChannelAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(WeChatKfChannel.class);

    public static final String TYPE = KfBindingType.TYPE;
    static final String PREFIX = "/wechat-kf/";
    private static final int BODY_LIMIT = 64 * 1024;
    /** WeCom documents the callback's sync token as valid for 10 minutes. */
    private static final Duration CALLBACK_TOKEN_TTL = Duration.ofMinutes(10);

    private final WeChatKfOptions options;
    private final HeldAccounts<KfAccount> accounts;
    private volatile HttpClient http;

    private WeChatKfChannel(WeChatKfOptions options) {
        this.options = options;
        this.accounts = new HeldAccounts<>(
                TYPE,
                options.recoveryGrace(),
                KfTurns::heartbeatKey,
                (binding, channel, context, memberId) -> new KfAccount(
                        binding, KfSettings.from(binding.settings()), channel, context, options, http, memberId));
    }

    public static WeChatKfChannel create(WeChatKfOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("wechat-kf options are required, e.g. WeChatKfOptions.defaults()");
        }
        return new WeChatKfChannel(options);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<BindingType> bindingTypes() {
        return List.of(KfBindingType.INSTANCE);
    }

    @Override
    public void mount(Router router, ChannelContext context) {
        accounts.mount(context);
        this.http = context.vertx()
                .createHttpClient(new HttpClientOptions()
                        .setConnectTimeout((int) options.requestTimeout().toMillis())
                        .setIdleTimeout((int) options.requestTimeout().toSeconds()));
        String path = PREFIX + ":bindingId";
        router.get(path).handler(this::verify);
        router.post(path)
                .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
                .handler(this::callback);
        accounts.start();
    }

    @Override
    public void accountChanged(String bindingId) {
        accounts.accountChanged(bindingId);
    }

    boolean polling(String bindingId) {
        KfAccount account = accounts.get(bindingId);
        return account != null && account.polling();
    }

    private KfAccount account(RoutingContext rc) {
        KfAccount account = accounts.get(rc.pathParam("bindingId"));
        if (account == null) {
            throw new HttpException(404, "no wechat-kf binding " + rc.pathParam("bindingId"));
        }
        return account;
    }

    private void verify(RoutingContext rc) {
        try {
            KfAccount account = account(rc);
            MultiMap query = rc.queryParams();
            String echo = query.get("echostr");
            if (echo == null) {
                throw new HttpException(400, "echostr is required for the URL check");
            }
            checkSignature(account, query, echo);
            rc.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(decrypt(account, echo));
        } catch (HttpException e) {
            rc.fail(e);
        }
    }

    private void callback(RoutingContext rc) {
        try {
            KfAccount account = account(rc);
            String body = rc.body().asString();
            if (body == null || body.isBlank()) {
                throw new HttpException(400, "the body is empty; expected the platform's XML message");
            }
            String cipher;
            CallbackEnvelope event;
            try {
                cipher = CallbackEnvelope.parse(body).require("Encrypt");
                checkSignature(account, rc.queryParams(), cipher);
                event = CallbackEnvelope.parse(decrypt(account, cipher));
            } catch (IllegalArgumentException e) {
                throw new HttpException(400, e.getMessage());
            }
            String token = event.field("Token");
            String bindingId = account.account.bindingId();
            rc.response().end();
            if ("kf_msg_or_event".equals(event.field("Event"))) {
                (token == null || token.isEmpty()
                                ? io.vertx.core.Future.<Void>succeededFuture()
                                : accounts.channel()
                                        .shared()
                                        .put(KfPoller.tokenKey(bindingId), token, CALLBACK_TOKEN_TTL))
                        .compose(v -> accounts.channel()
                                .shared()
                                .put(KfPoller.wakeKey(bindingId), "1", Duration.ofMinutes(1)))
                        .onFailure(e ->
                                LOG.warn("wechat-kf binding {}: callback not passed on: {}", bindingId, e.toString()));
            }
        } catch (HttpException e) {
            rc.fail(e);
        }
    }

    private static void checkSignature(KfAccount account, MultiMap query, String encrypted) {
        String timestamp = query.get("timestamp");
        String nonce = query.get("nonce");
        String signature = query.get("msg_signature");
        if (timestamp == null
                || nonce == null
                || signature == null
                || !account.checkSignature(timestamp, nonce, encrypted, signature)) {
            throw new HttpException(403, "msg_signature does not match this binding's token");
        }
    }

    private static String decrypt(KfAccount account, String encrypted) {
        try {
            return account.decrypt(encrypted);
        } catch (IllegalArgumentException e) {
            throw new HttpException(400, e.getMessage());
        }
    }

    /** Dies as a killed process would, for tests. */
    void crash() {
        accounts.crash();
    }

    @Override
    public void stop() {
        // Sends in flight finish first (no new request starts): a message WeCom took is then marked done,
        // not released for the next holder to send again; then the heartbeat is withdrawn.
        HttpClient client = http;
        accounts.stop(() -> client == null
                ? io.vertx.core.Future.succeededFuture()
                : client.shutdown(options.requestTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
    }
}
