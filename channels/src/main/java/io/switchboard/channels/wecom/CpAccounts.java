package io.switchboard.channels.wecom;

import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.BoundAccounts;
import io.switchboard.channels.weixin.ClusterTokens;
import io.switchboard.threads.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.ext.web.handler.HttpException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Bound WeCom apps with their WxJava services, built once per binding and dropped on change. */
final class CpAccounts {
    private final BoundAccounts bound;
    private final ClusterTokens tokens;
    private final EventLoop eventLoop;
    private final java.time.Duration retryPause;
    private final Map<String, CpAccount> accounts = new ConcurrentHashMap<>();

    CpAccounts(BoundAccounts bound, ClusterTokens tokens, Context home, java.time.Duration retryPause) {
        this.bound = bound;
        this.retryPause = retryPause;
        this.tokens = tokens;
        this.eventLoop = EventLoop.of(home);
    }

    /** The binding, checked to be of this channel's type; 404 otherwise. Event loop. */
    Future<BoundAccount> find(String bindingId) {
        return bound.find(bindingId).map(binding -> {
            if (!WeComBindingType.TYPE.equals(binding.type())) {
                throw new HttpException(404, "no WeCom app is bound as " + bindingId);
            }
            return binding;
        });
    }

    /**
     * The account with its SDK service, built on first use (building one loads the SDK and an HTTP
     * client: virtual threads only). A binding whose settings changed gets a new one.
     */
    CpAccount account(BoundAccount binding) {
        CpAccount cached = accounts.get(binding.bindingId());
        if (cached != null && cached.binding.settings().equals(binding.settings())) {
            return cached;
        }
        CpAccount fresh = new CpAccount(binding, tokens, eventLoop, retryPause);
        accounts.put(binding.bindingId(), fresh);
        return fresh;
    }

    void forget(String bindingId) {
        accounts.remove(bindingId);
    }
}
