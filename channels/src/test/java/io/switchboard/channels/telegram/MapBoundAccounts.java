package io.switchboard.channels.telegram;

import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.BoundAccounts;
import io.vertx.core.Future;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Bindings held in a map, answering as the gateway's registry does (404 for unknown ones). */
final class MapBoundAccounts implements BoundAccounts {
    private final Map<String, BoundAccount> accounts = new ConcurrentHashMap<>();

    void put(BoundAccount account) {
        accounts.put(account.bindingId(), account);
    }

    void remove(String bindingId) {
        accounts.remove(bindingId);
    }

    @Override
    public Future<BoundAccount> find(String bindingId) {
        BoundAccount account = accounts.get(bindingId);
        return account != null
                ? Future.succeededFuture(account)
                : Future.failedFuture(new HttpException(404, "unknown binding " + bindingId));
    }

    @Override
    public Future<List<BoundAccount>> enabled(String type) {
        return Future.succeededFuture(
                accounts.values().stream().filter(a -> a.type().equals(type)).toList());
    }
}
