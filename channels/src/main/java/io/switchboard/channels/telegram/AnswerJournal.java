package io.switchboard.channels.telegram;

/**
 * One update's delivery journal, closing the send-then-crash window: just before the first message
 * that carries the answer, the update's in-flight record is durably marked {@code sending} (awaited),
 * and right after the platform accepted it the record becomes done (nothing else in between). A
 * recovering member that finds a record marked sending does not answer it again: the outcome is
 * unknown, so it settles the record as {@code unconfirmed:} (at most once; see {@link InflightUpdates}).
 * Previews (drafts, a group's growing message) come before the mark: a death while streaming is
 * answered again in full by the next member. Used on the chat's virtual thread only.
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
     * Marks the record sending, once (later calls do nothing); blocks until the database has it.
     *
     * @throws InterruptedException when the member is stopping or crashed: nothing may be sent
     */
    void sending() throws InterruptedException;

    /** Marks the record done, once, without waiting: the answer the user reads has been accepted. */
    void answered();

    /** True once {@link #answered} marked the record done. */
    boolean settled();
}
