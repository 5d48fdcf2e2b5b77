package io.switchboard.channels.wechat;

import io.switchboard.channels.spi.BoundAccounts;
import io.switchboard.channels.weixin.Blocking;
import io.switchboard.channels.weixin.ClusterTokens;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.ext.web.handler.HttpException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Bound official accounts with their WxJava services, built once per binding and dropped on change. */
final class MpAccounts {
    private final BoundAccounts bound;
    private final ClusterTokens tokens;
    private final Blocking blocking;
    private final Map<String, MpAccount> accounts = new ConcurrentHashMap<>();

    MpAccounts(BoundAccounts bound, ClusterTokens tokens, Context home) {
        this.bound = bound;
        this.tokens = tokens;
        this.blocking = new Blocking(home);
    }

    /** The account; fails with 404 for an unknown, disabled or foreign binding. Event loop. */
    Future<MpAccount> find(String bindingId) {
        MpAccount cached = accounts.get(bindingId);
        if (cached != null) {
            return Future.succeededFuture(cached);
        }
        return bound.find(bindingId).map(binding -> {
            if (!MpBindingType.TYPE.equals(binding.type())) {
                throw new HttpException(404, "no WeChat official account is bound as " + bindingId);
            }
            return accounts.computeIfAbsent(bindingId, id -> new MpAccount(binding, tokens, blocking));
        });
    }

    void forget(String bindingId) {
        accounts.remove(bindingId);
    }
}
