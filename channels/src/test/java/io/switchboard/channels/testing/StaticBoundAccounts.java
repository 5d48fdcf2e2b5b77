package io.switchboard.channels.testing;

import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.BoundAccounts;
import io.vertx.core.Future;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Bindings held in memory; an unknown id is a 404, as the gateway's implementation answers. */
public final class StaticBoundAccounts implements BoundAccounts {
    private final Map<String, BoundAccount> accounts = new ConcurrentHashMap<>();

    public StaticBoundAccounts bind(BoundAccount account) {
        accounts.put(account.bindingId(), account);
        return this;
    }

    @Override
    public Future<BoundAccount> find(String bindingId) {
        BoundAccount account = accounts.get(bindingId);
        return account != null
                ? Future.succeededFuture(account)
                : Future.failedFuture(new HttpException(404, "no binding " + bindingId));
    }

    @Override
    public Future<List<BoundAccount>> enabled(String type) {
        return Future.succeededFuture(
                accounts.values().stream().filter(a -> a.type().equals(type)).toList());
    }
}
