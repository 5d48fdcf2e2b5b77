package io.switchboard.admin;

import io.vertx.ext.web.RoutingContext;

/** {@code offset} and {@code limit} query parameters of a list route. */
record Paging(int offset, int limit) {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final int MAX_OFFSET = 1_000_000_000;

    static Paging from(RoutingContext ctx) {
        return new Paging(
                Responses.intParam(ctx, "offset", 0, 0, MAX_OFFSET),
                Responses.intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT));
    }
}
