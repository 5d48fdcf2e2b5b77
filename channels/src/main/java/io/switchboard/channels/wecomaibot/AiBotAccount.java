package io.switchboard.channels.wecomaibot;

import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.weixin.HeldAccounts;
import io.switchboard.channels.weixin.LeaseLoop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.WebSocketClient;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bound bot on one member. Every member renews the lease {@code wecom-aibot:<bindingId>} every
 * third of its TTL; the holder keeps the bot's one long connection open (WeCom allows one: a newer
 * subscription kicks the older), reconnecting with a doubling backoff, and scans for messages other
 * members left unanswered. A member that loses the lease closes its connection; one that dies stops
 * renewing, and another takes the lease within its TTL.
 */
final class AiBotAccount implements HeldAccounts.Account, LeaseLoop.Holder {
    private static final Logger LOG = LoggerFactory.getLogger(AiBotAccount.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final BoundAccount account;
    private final AiBotSettings settings;
    private final ChannelContext channel;
    private final Context context;
    private final WeComAiBotOptions options;
    private final WebSocketClient client;
    private final AiBotTurns turns;
    private volatile AiBotConnection connection;
    private boolean connecting;
    private long nextAttemptAt;
    private Duration backoff;
    private final LeaseLoop lease;
    private volatile boolean stopped;

    AiBotAccount(
            BoundAccount account,
            AiBotSettings settings,
            ChannelContext channel,
            Context context,
            WeComAiBotOptions options,
            WebSocketClient client,
            HttpClient http,
            String memberId) {
        this.account = account;
        this.settings = settings;
        this.channel = channel;
        this.context = context;
        this.options = options;
        this.client = client;
        this.backoff = options.reconnectBackoff();
        AiBotPusher pusher =
                new AiBotPusher(channel.vertx(), channel.shared(), options, settings.botId(), () -> connection);
        this.turns =
                new AiBotTurns(account, settings, channel, options, memberId, new AiBotMedia(http, options), pusher);
        this.lease = new LeaseLoop(
                channel, context, leaseName(account.bindingId()), options.leaseTtl(), options.recoveryGrace(), this);
    }

    static String leaseName(String bindingId) {
        return "wecom-aibot:" + bindingId;
    }

    @Override
    public BoundAccount binding() {
        return account;
    }

    /** True while this member holds the bot's subscribed connection. */
    boolean connected() {
        AiBotConnection current = connection;
        return current != null && current.isOpen();
    }

    @Override
    public void start() {
        lease.start();
    }

    @Override
    public void held() {
        connect();
    }

    @Override
    public boolean holding() {
        return connection != null;
    }

    @Override
    public void lost() {
        LOG.info("wecom-aibot binding {}: lease lost; another member holds the connection", account.bindingId());
        disconnect(true);
    }

    @Override
    public void scan() {
        if (connected()) {
            turns.scan();
        }
    }

    private void connect() {
        if (connection != null || connecting || System.currentTimeMillis() < nextAttemptAt) {
            return;
        }
        connecting = true;
        // The callback handler needs the connection it belongs to, which exists only after construction.
        AiBotConnection[] self = {null};
        AiBotConnection candidate = new AiBotConnection(
                channel.vertx(),
                client,
                options,
                account.bindingId(),
                settings,
                frame -> turns.callback(self[0], frame));
        self[0] = candidate;
        candidate.open().onComplete(opened -> {
            connecting = false;
            if (opened.failed()) {
                nextAttemptAt = System.currentTimeMillis() + backoff.toMillis();
                LOG.warn(
                        "wecom-aibot binding {}: cannot connect ({}); again in {}",
                        account.bindingId(),
                        opened.cause().getMessage(),
                        backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                return;
            }
            if (stopped) {
                candidate.close();
                return;
            }
            connection = candidate;
            backoff = options.reconnectBackoff();
            LOG.info("wecom-aibot binding {}: this member holds the long connection", account.bindingId());
            candidate.closed().onComplete(reason -> {
                if (connection == candidate) {
                    connection = null;
                    nextAttemptAt = System.currentTimeMillis()
                            + options.reconnectBackoff().toMillis();
                    LOG.info("wecom-aibot binding {}: connection ended ({})", account.bindingId(), reason.result());
                }
            });
            turns.scan();
        });
    }

    /** Gives up the connection: after the acks of frames in flight, or (a crash) at once. */
    private Future<Void> disconnect(boolean afterAcks) {
        AiBotConnection current = connection;
        connection = null;
        if (current == null) {
            return Future.succeededFuture();
        }
        if (afterAcks) {
            return current.closeAfterAcks();
        }
        current.close();
        return Future.succeededFuture();
    }

    /**
     * Stops renewing and closes the connection once the frames in flight are acknowledged; another
     * member takes over after the lease TTL.
     *
     * @return completes when the connection is closed
     */
    @Override
    public Future<Void> stop() {
        stopped = true;
        lease.stop();
        Promise<Void> closed = Promise.promise();
        context.runOnContext(v -> {
            disconnect(true).onComplete(closed);
        });
        return closed.future();
    }

    /** Dies as a killed process would: nothing more is sent or recorded, the socket just goes. */
    @Override
    public void crash() {
        turns.crash();
        stopped = true;
        lease.stop();
        context.runOnContext(v -> {
            disconnect(false);
        });
    }
}
