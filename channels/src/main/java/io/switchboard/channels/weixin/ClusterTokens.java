package io.switchboard.channels.weixin;

import io.switchboard.channels.spi.SharedState;
import io.switchboard.threads.EventLoop;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One access token per platform account for the whole cluster. The token lives in {@link SharedState};
 * only the member holding the account's refresh lease fetches a new one (fetching invalidates the old
 * token after a while, so members must not race). A forced refresh names the token that failed, so
 * that members seeing the same 40001 refresh once, not once each. Blocking: virtual threads only.
 */
public final class ClusterTokens {
    /** A token and how long the platform said it lives. */
    public record Token(String value, Duration lifetime) {}

    /** Fetches a token from the platform; {@code force} asks for a new one even if the old still works. */
    @FunctionalInterface
    public interface Fetcher {
        Token fetch(boolean force) throws Exception;
    }

    private static final Duration EXPIRY_MARGIN = Duration.ofMinutes(5);
    private static final long POLL_MILLIS = 20;

    private final SharedState shared;
    private final Duration leaseTtl;
    private final Duration patience;
    private final Map<String, ReentrantLock> fetching = new ConcurrentHashMap<>();

    /**
     * @param leaseTtl how long a member may take to fetch before another may try; longer than a slow
     *     first fetch (SDK and HTTP client start-up included), or two members fetch
     * @param patience how long to wait for another member's fetch before giving up
     */
    public ClusterTokens(SharedState shared, Duration leaseTtl, Duration patience) {
        this.shared = shared;
        this.leaseTtl = leaseTtl;
        this.patience = patience;
    }

    /**
     * Replaces the account's current token, which the platform just refused: whichever token the
     * cluster holds now is the stale one, so the next caller gets a fresh one.
     */
    public void replaceCurrent(EventLoop eventLoop, String account, Fetcher fetcher) {
        String stale = token(eventLoop, account, null, fetcher);
        token(eventLoop, account, stale, fetcher);
    }

    /**
     * The account's current token.
     *
     * @param stale the token the platform just refused (40001/40014/42001), or null
     * @throws WeixinApiException (retriable) when no token could be had within the patience
     */
    public String token(EventLoop eventLoop, String account, String stale, Fetcher fetcher) {
        String key = "wx:token:" + account;
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            String current = eventLoop.call(() -> shared.get(key));
            if (current != null && !current.equals(stale)) {
                return current;
            }
            // The lease is per member and a member renews its own: callers on one member also need
            // a local lock, or each of them would fetch.
            ReentrantLock local = fetching.computeIfAbsent(account, a -> new ReentrantLock());
            local.lock();
            try {
                current = eventLoop.call(() -> shared.get(key));
                if (current != null && !current.equals(stale)) {
                    return current;
                }
                if (eventLoop.call(() -> shared.holdLease("wx:token-refresh:" + account, leaseTtl))) {
                    Token token = fetch(fetcher, stale != null);
                    Duration ttl = token.lifetime().minus(EXPIRY_MARGIN);
                    Duration keep =
                            ttl.isNegative() || ttl.isZero() ? token.lifetime().dividedBy(2) : ttl;
                    eventLoop.call(() -> shared.put(key, token.value(), keep.isZero() ? Duration.ofSeconds(1) : keep));
                    return token.value();
                }
            } finally {
                local.unlock();
            }
            if (System.nanoTime() > deadline) {
                throw new WeixinApiException(-1, "no access token: another member is fetching it", true);
            }
            sleep();
        }
    }

    private static Token fetch(Fetcher fetcher, boolean force) {
        try {
            return fetcher.fetch(force);
        } catch (WeixinApiException e) {
            throw e;
        } catch (Exception e) {
            throw WeixinApiException.from(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
