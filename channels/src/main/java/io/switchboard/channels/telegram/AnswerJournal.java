package io.switchboard.channels.telegram;

/**
 * One update's delivery journal: right after Telegram accepted the last message that carries the
 * answer, the update's in-flight record becomes done (nothing else in between; follow-ups come after),
 * so the window in which a killed member's answer is sent again by recovery is one HTTP response and
 * one durable put. {@link #sending} is called just before each such message leaves (once its pacing
 * slot has come) and refuses to send from a crashed member. Previews (drafts, a group's growing
 * message) come first: a death while streaming is answered again in full. Delivery is at least once
 * (see {@link InflightUpdates} for why not at most once). Used on the chat's virtual thread only.
 */
interface AnswerJournal {
    /** For updates kept without an in-flight record (too large, not for a chat): nothing to journal. */
    AnswerJournal NONE = new AnswerJournal() {
        @Override
        public void sending() {}

        @Override
        public void answered() {}

        @Override
        public boolean settled() {
            return false;
        }
    };

    /**
     * Called just before a message carrying the answer leaves.
     *
     * @throws InterruptedException when the member crashed: nothing may be sent
     */
    void sending() throws InterruptedException;

    /** Marks the record done, once, without waiting: the answer the user reads has been accepted. */
    void answered();

    /** True once {@link #answered} marked the record done. */
    boolean settled();
}
