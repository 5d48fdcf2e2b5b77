package io.switchboard.channels.wechat;

import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.BoundAccounts;
import io.switchboard.channels.weixin.ClusterTokens;
import io.switchboard.threads.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.ext.web.handler.HttpException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Bound official accounts with their WxJava services, built once per binding and dropped on change. */
final class MpAccounts {
    private final BoundAccounts bound;
    private final ClusterTokens tokens;
    private final EventLoop eventLoop;
    private final Map<String, MpAccount> accounts = new ConcurrentHashMap<>();

    MpAccounts(BoundAccounts bound, ClusterTokens tokens, Context home) {
        this.bound = bound;
        this.tokens = tokens;
        this.eventLoop = EventLoop.of(home);
    }

    /** The binding, checked to be of this channel's type; 404 otherwise. Event loop. */
    Future<BoundAccount> find(String bindingId) {
        return bound.find(bindingId).map(binding -> {
            if (!MpBindingType.TYPE.equals(binding.type())) {
                throw new HttpException(404, "no WeChat official account is bound as " + bindingId);
            }
            return binding;
        });
    }

    /**
     * The account with its SDK service, built on first use (building one loads the SDK and an HTTP
     * client: virtual threads only). A binding whose settings changed gets a new one.
     */
    MpAccount account(BoundAccount binding) {
        MpAccount cached = accounts.get(binding.bindingId());
        if (cached != null && cached.binding.settings().equals(binding.settings())) {
            return cached;
        }
        MpAccount fresh = new MpAccount(binding, tokens, eventLoop);
        accounts.put(binding.bindingId(), fresh);
        return fresh;
    }

    void forget(String bindingId) {
        accounts.remove(bindingId);
    }
}
