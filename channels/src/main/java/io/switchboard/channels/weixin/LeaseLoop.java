package io.switchboard.channels.weixin;

import io.switchboard.channels.spi.ChannelContext;
import io.vertx.core.Context;
import java.time.Duration;

/**
 * The lease loop of one binding on one member, as every lease-holding channel of the WeChat family
 * runs it: the lease is renewed every third of its TTL (the first time at once); while this member
 * holds it the account does the platform's work, and when it loses it the account gives the work up.
 * Every half recovery grace the account may scan for messages other members left unanswered.
 */
public final class LeaseLoop {
    /** What the account does as the lease comes and goes; called on the account's context. */
    public interface Holder {
        /** The lease was renewed by this member (called again on every renewal). */
        void held();

        /** True while the account does the work, i.e. has something to give up when the lease is lost. */
        boolean holding();

        /** The lease is held by another member (or could not be renewed) while {@link #holding()}. */
        void lost();

        /** Every half recovery grace: look for messages nobody is answering, if this member does the work. */
        void scan();
    }

    private final ChannelContext channel;
    private final Context context;
    private final String leaseName;
    private final Duration ttl;
    private final Duration recoveryGrace;
    private final Holder holder;
    private long renewTimer = -1;
    private long scanTimer = -1;
    private volatile boolean stopped;

    public LeaseLoop(
            ChannelContext channel,
            Context context,
            String leaseName,
            Duration ttl,
            Duration recoveryGrace,
            Holder holder) {
        this.channel = channel;
        this.context = context;
        this.leaseName = leaseName;
        this.ttl = ttl;
        this.recoveryGrace = recoveryGrace;
        this.holder = holder;
    }

    public void start() {
        context.runOnContext(v -> {
            if (stopped) {
                return;
            }
            renewTimer = channel.vertx().setPeriodic(0, Math.max(50, ttl.toMillis() / 3), t -> renew());
            scanTimer = channel.vertx().setPeriodic(Math.max(50, recoveryGrace.toMillis() / 2), t -> holder.scan());
        });
    }

    private void renew() {
        channel.shared().holdLease(leaseName, ttl).onComplete(held -> {
            if (stopped) {
                return;
            }
            if (held.succeeded() && held.result()) {
                holder.held();
            } else if (holder.holding()) {
                holder.lost();
            }
        });
    }

    /** No more renewals or scans; the lease runs out after its TTL unless another member takes it. */
    public void stop() {
        stopped = true;
        context.runOnContext(v -> {
            channel.vertx().cancelTimer(renewTimer);
            channel.vertx().cancelTimer(scanTimer);
        });
    }

    public boolean stopped() {
        return stopped;
    }
}
