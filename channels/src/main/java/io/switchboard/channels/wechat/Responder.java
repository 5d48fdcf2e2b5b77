package io.switchboard.channels.wechat;

/** How one callback's HTTP request is answered; each method at most once, from any thread. */
interface Responder {
    /** Answers with a passive text reply (at most 2047 bytes). */
    void passive(String text);

    /** Answers {@code success}: WeChat stops retrying and shows nothing. */
    void success();

    /** Does not answer, so that WeChat hangs up at its deadline and tries again. */
    void hold();
}
