package io.switchboard.admin;

import io.vertx.ext.web.RoutingContext;

/** {@code offset} and {@code limit} query parameters of a list route; other parameters are refused. */
record Paging(int offset, int limit) {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final int MAX_OFFSET = 1_000_000_000;

    /** Reads the paging parameters; query parameters other than them and {@code filters} are a 400. */
    static Paging from(RoutingContext ctx, String... filters) {
        String[] known = new String[filters.length + 2];
        known[0] = "offset";
        known[1] = "limit";
        System.arraycopy(filters, 0, known, 2, filters.length);
        Responses.allowQuery(ctx, known);
        return new Paging(
                Responses.intParam(ctx, "offset", 0, 0, MAX_OFFSET),
                Responses.intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT));
    }
}
