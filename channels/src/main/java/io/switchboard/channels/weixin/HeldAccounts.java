package io.switchboard.channels.weixin;

import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.ChannelContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.ext.web.handler.HttpException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle every lease-holding channel of the WeChat family shares (WeCom AI bot, WeChat customer
 * service, iLink): this member's id and heartbeat (which {@link HolderRecovery} reads to see who died),
 * one running account per enabled binding — started at mount, replaced when its settings change,
 * stopped when its binding goes — and the two ways to end: {@link #stop} (the accounts first, then
 * what the channel drains, and only then the heartbeat, so that the next holder answers what is left
 * without waiting the grace) and {@link #crash} (as a killed process, for tests). Each account holds
 * its binding's lease and does the platform's work.
 *
 * @param <A> the channel's account
 */
public final class HeldAccounts<A extends HeldAccounts.Account> {
    private static final Logger LOG = LoggerFactory.getLogger(HeldAccounts.class);

    /** One binding running on this member. */
    public interface Account {
        /** The binding this account runs. */
        BoundAccount binding();

        /** True when this account already runs {@code other} as it is now (same app, same settings). */
        default boolean serves(BoundAccount other) {
            return binding().appId().equals(other.appId())
                    && binding().settings().equals(other.settings());
        }

        /** Starts renewing the lease and, while held, the platform's work. */
        void start();

        /** Stops; completes once what was in flight is over. */
        Future<Void> stop();

        /** Stops as a killed process would: nothing more is sent or recorded. */
        void crash();
    }

    /** The account of a binding on this member. */
    @FunctionalInterface
    public interface Factory<A> {
        /**
         * @throws IllegalArgumentException when the binding's settings are invalid (logged, not started)
         */
        A create(BoundAccount binding, ChannelContext channel, Context context, String memberId);
    }

    private final String type;
    private final Duration recoveryGrace;
    private final Function<String, String> heartbeatKey;
    private final Factory<A> factory;
    private final Map<String, A> accounts = new ConcurrentHashMap<>();
    /** This channel instance in heartbeats and in-flight records: a restarted process is a new member. */
    private final String memberId = UUID.randomUUID().toString();

    private volatile ChannelContext channel;
    private volatile Context context;
    private volatile long heartbeatTimer = -1;
    private volatile boolean stopped;

    /**
     * @param type the channel type, in logs and errors
     * @param recoveryGrace how long a heartbeat lasts (renewed four times as often)
     * @param heartbeatKey a member's heartbeat key in shared state, by member id
     */
    public HeldAccounts(
            String type, Duration recoveryGrace, Function<String, String> heartbeatKey, Factory<A> factory) {
        this.type = type;
        this.recoveryGrace = recoveryGrace;
        this.heartbeatKey = heartbeatKey;
        this.factory = factory;
    }

    /** Checks what the channel needs in its context and remembers it; call before {@link #start}. */
    public void mount(ChannelContext context) {
        if (context.accounts() == null || context.shared() == null || context.durable() == null) {
            throw new IllegalArgumentException(
                    "the " + type + " channel needs bound accounts, shared state and durable state in its context");
        }
        this.channel = context;
        this.context = context.vertx().getOrCreateContext();
    }

    /** Beats and starts an account per enabled binding, on the channel's context. */
    public void start() {
        ChannelContext current = channel;
        context.runOnContext(v -> {
            beat();
            long every = Math.max(50, recoveryGrace.toMillis() / 4);
            heartbeatTimer = current.vertx().setPeriodic(every, t -> beat());
            current.accounts()
                    .enabled(type)
                    .onSuccess(list -> list.forEach(this::activate))
                    .onFailure(e -> LOG.warn("{} bindings could not be listed: {}", type, e.toString()));
        });
    }

    /** A binding was created, changed or deleted: (re)start or stop its account. */
    public void accountChanged(String bindingId) {
        ChannelContext current = channel;
        if (current == null || stopped) {
            return;
        }
        context.runOnContext(v -> current.accounts().find(bindingId).onComplete(found -> {
            if (found.succeeded()) {
                if (type.equals(found.result().type())) {
                    activate(found.result());
                }
            } else if (found.cause() instanceof HttpException e && e.getStatusCode() == 404) {
                A gone = accounts.remove(bindingId);
                if (gone != null) {
                    gone.stop();
                    LOG.info("{} binding {} stopped", type, bindingId);
                }
            } else {
                LOG.warn(
                        "{} binding {} could not be loaded: {}",
                        type,
                        bindingId,
                        found.cause().toString());
            }
        }));
    }

    /** The account running {@code bindingId} on this member, or null. */
    public A get(String bindingId) {
        return accounts.get(bindingId);
    }

    public ChannelContext channel() {
        return channel;
    }

    /** The event-loop context the accounts run on. */
    public Context context() {
        return context;
    }

    public String memberId() {
        return memberId;
    }

    private void activate(BoundAccount binding) {
        if (stopped) {
            return;
        }
        A running = accounts.get(binding.bindingId());
        if (running != null && running.serves(binding)) {
            return;
        }
        A account;
        try {
            account = factory.create(binding, channel, context, memberId);
        } catch (IllegalArgumentException e) {
            LOG.warn("{} binding {} has invalid settings: {}", type, binding.bindingId(), e.getMessage());
            return;
        }
        A previous = accounts.put(binding.bindingId(), account);
        if (previous != null) {
            previous.stop();
        }
        account.start();
        LOG.info("{} binding {} started", type, binding.bindingId());
    }

    private void beat() {
        channel.shared()
                .put(heartbeatKey.apply(memberId), "1", recoveryGrace)
                .onFailure(e -> LOG.warn("{} heartbeat failed: {}", type, e.toString()));
    }

    /**
     * Stops every account, then waits for {@code drain} (e.g. the HTTP client's graceful shutdown), and
     * only then withdraws the heartbeat: a message the platform took in the meantime is marked done, not
     * released for the next holder to send again.
     *
     * @return completes once the heartbeat is withdrawn
     */
    public Future<Void> stop(Supplier<Future<Void>> drain) {
        stopped = true;
        cancelHeartbeat();
        List<Future<Void>> stopping =
                accounts.values().stream().map(Account::stop).toList();
        accounts.clear();
        ChannelContext current = channel;
        return Future.join(stopping)
                .transform(v -> drain.get())
                .transform(v -> current == null
                        ? Future.succeededFuture()
                        : current.shared().remove(heartbeatKey.apply(memberId)).<Void>mapEmpty())
                .otherwiseEmpty();
    }

    /** Dies as a killed process would: no heartbeats, accounts crashed. */
    public void crash() {
        stopped = true;
        cancelHeartbeat();
        accounts.values().forEach(Account::crash);
        accounts.clear();
    }

    private void cancelHeartbeat() {
        long timer = heartbeatTimer;
        ChannelContext current = channel;
        if (timer >= 0 && current != null) {
            current.vertx().cancelTimer(timer);
        }
    }
}
