package io.switchboard.channels.wechat;

import io.vertx.core.Future;

/** How one callback's HTTP request is answered; each method at most once, from any thread. */
interface Responder {
    /** Answers with a passive text reply (at most 2047 bytes). */
    void passive(String text);

    /** Answers {@code success}: WeChat stops retrying and shows nothing. */
    void success();

    /** Does not answer, so that WeChat hangs up at its deadline and tries again. */
    void hold();

    /**
     * Completes once the answer given by {@link #passive} or {@link #success} is written to the
     * connection, or could not be; never fails, and never completes while the callback is held.
     */
    Future<Void> written();
}
