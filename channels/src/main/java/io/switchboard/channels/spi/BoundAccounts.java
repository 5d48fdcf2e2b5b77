package io.switchboard.channels.spi;

import io.vertx.core.Future;
import java.util.List;

/** Looks up bound accounts for the channels; implemented by the gateway over the store. */
public interface BoundAccounts {
    /**
     * An enabled binding by id. Safe to call on the event loop; cached.
     *
     * @return fails with {@link io.vertx.ext.web.handler.HttpException} 404 when unknown or disabled
     */
    Future<BoundAccount> find(String bindingId);

    /** Every enabled binding of a type (e.g. to start polling or register webhooks at start). */
    Future<List<BoundAccount>> enabled(String type);
}
