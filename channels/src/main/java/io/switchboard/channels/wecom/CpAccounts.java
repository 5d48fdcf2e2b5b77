package io.switchboard.channels.wecom;

import io.switchboard.channels.spi.BoundAccounts;
import io.switchboard.channels.weixin.Blocking;
import io.switchboard.channels.weixin.ClusterTokens;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.ext.web.handler.HttpException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Bound WeCom apps with their WxJava services, built once per binding and dropped on change. */
final class CpAccounts {
    private final BoundAccounts bound;
    private final ClusterTokens tokens;
    private final Blocking blocking;
    private final Map<String, CpAccount> accounts = new ConcurrentHashMap<>();

    CpAccounts(BoundAccounts bound, ClusterTokens tokens, Context home) {
        this.bound = bound;
        this.tokens = tokens;
        this.blocking = new Blocking(home);
    }

    /** The app; fails with 404 for an unknown, disabled or foreign binding. Event loop. */
    Future<CpAccount> find(String bindingId) {
        CpAccount cached = accounts.get(bindingId);
        if (cached != null) {
            return Future.succeededFuture(cached);
        }
        return bound.find(bindingId).map(binding -> {
            if (!WeComBindingType.TYPE.equals(binding.type())) {
                throw new HttpException(404, "no WeCom app is bound as " + bindingId);
            }
            return accounts.computeIfAbsent(bindingId, id -> new CpAccount(binding, tokens, blocking));
        });
    }

    void forget(String bindingId) {
        accounts.remove(bindingId);
    }
}
