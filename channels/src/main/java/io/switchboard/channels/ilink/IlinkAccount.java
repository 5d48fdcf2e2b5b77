package io.switchboard.channels.ilink;

import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.weixin.HeldAccounts;
import io.switchboard.channels.weixin.LeaseLoop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bound personal-WeChat bot on one member. Every member renews the lease {@code
 * wechat-ilink:<bindingId>} every third of its TTL; the holder long-polls {@code getupdates} from the
 * committed {@code get_updates_buf}, claims every user message of the answer durably (see {@link
 * IlinkTurns}) and only then commits the new buf (durable, then shared state), so a holder that dies
 * mid-batch leaves the old buf: the next holder reads the batch again and the claims drop what was
 * taken. A session timeout ({@code -14}) pauses polling and is recorded as the binding's status.
 */
final class IlinkAccount implements HeldAccounts.Account, LeaseLoop.Holder {
    private static final Logger LOG = LoggerFactory.getLogger(IlinkAccount.class);
    private static final Duration CURSOR_TTL = Duration.ofDays(30);
    static final String SESSION_EXPIRED = "session-expired";
    static final String ACTIVE = "active";

    private final BoundAccount account;
    private final ChannelContext channel;
    private final Context context;
    private final WeChatIlinkOptions options;
    private final IlinkApi api;
    private final IlinkTurns turns;
    private final LeaseLoop lease;
    private volatile boolean polling;
    private boolean inFlight;
    private int generation;
    private volatile boolean stopped;

    IlinkAccount(
            BoundAccount account,
            String botToken,
            ChannelContext channel,
            Context context,
            WeChatIlinkOptions options,
            HttpClient http,
            String memberId) {
        this.account = account;
        this.channel = channel;
        this.context = context;
        this.options = options;
        this.api = new IlinkApi(http, options, botToken);
        this.turns = new IlinkTurns(account, channel, options, memberId, api, new IlinkMedia(http, options));
        this.lease = new LeaseLoop(
                channel, context, leaseName(account.bindingId()), options.leaseTtl(), options.recoveryGrace(), this);
    }

    static String leaseName(String bindingId) {
        return "wechat-ilink:" + bindingId;
    }

    static String cursorKey(String bindingId) {
        return "wechat-ilink-buf:" + bindingId;
    }

    /** Durable: {@link #ACTIVE} or {@link #SESSION_EXPIRED}, what the binding's status reports. */
    static String statusKey(String bindingId) {
        return "wechat-ilink-status:" + bindingId;
    }

    @Override
    public BoundAccount binding() {
        return account;
    }

    boolean polling() {
        return polling;
    }

    @Override
    public void start() {
        lease.start();
    }

    @Override
    public void held() {
        if (!polling) {
            polling = true;
            generation++;
            LOG.info("wechat-ilink binding {}: this member polls", account.bindingId());
            turns.scan();
            poll(generation);
        }
    }

    @Override
    public boolean holding() {
        return polling;
    }

    @Override
    public void lost() {
        LOG.info("wechat-ilink binding {}: lease lost; another member polls", account.bindingId());
        polling = false;
        generation++;
    }

    @Override
    public void scan() {
        if (polling) {
            turns.scan();
        }
    }

    private void poll(int current) {
        if (!polling || stopped || generation != current || inFlight) {
            return;
        }
        inFlight = true;
        String key = cursorKey(account.bindingId());
        channel.shared()
                .get(key)
                .compose(buf -> buf != null
                        ? Future.succeededFuture(buf)
                        : channel.durable().get(key))
                .compose(api::getUpdates)
                .compose(this::accept)
                .onComplete(done -> {
                    inFlight = false;
                    if (done.succeeded()) {
                        poll(current);
                        return;
                    }
                    Duration pause = options.retryBackoff();
                    if (done.cause() instanceof IlinkException e && e.sessionExpired()) {
                        pause = options.sessionPause();
                        LOG.warn(
                                "wechat-ilink binding {}: the login session expired; log in again (QR code)",
                                account.bindingId());
                        channel.durable().put(statusKey(account.bindingId()), SESSION_EXPIRED, CURSOR_TTL);
                    } else {
                        LOG.warn(
                                "wechat-ilink binding {}: getupdates failed ({}); again in {}",
                                account.bindingId(),
                                done.cause().getMessage(),
                                pause);
                    }
                    channel.vertx().setTimer(pause.toMillis(), t -> poll(current));
                });
    }

    private Future<Void> accept(JsonObject batch) {
        JsonArray msgs = batch.getJsonArray("msgs", new JsonArray());
        List<JsonObject> messages = new ArrayList<>();
        for (int i = 0; i < msgs.size(); i++) {
            messages.add(msgs.getJsonObject(i));
        }
        String next = batch.getString("get_updates_buf");
        String key = cursorKey(account.bindingId());
        return turns.claimAll(messages)
                .compose(claimed -> (next == null || next.isEmpty()
                                ? Future.<Void>succeededFuture()
                                : channel.durable()
                                        .put(key, next, CURSOR_TTL)
                                        .compose(v -> channel.shared().put(key, next, CURSOR_TTL)))
                        .compose(v -> channel.durable().put(statusKey(account.bindingId()), ACTIVE, CURSOR_TTL))
                        .map(claimed))
                .map(claimed -> {
                    claimed.forEach(turns::answer);
                    return null;
                });
    }

    @Override
    public io.vertx.core.Future<Void> stop() {
        stopped = true;
        lease.stop();
        context.runOnContext(v -> {
            polling = false;
            generation++;
        });
        return io.vertx.core.Future.succeededFuture();
    }

    @Override
    public void crash() {
        turns.crash();
        stop();
    }
}
