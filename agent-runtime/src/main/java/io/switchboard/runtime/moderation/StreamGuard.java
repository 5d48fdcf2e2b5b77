package io.switchboard.runtime.moderation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sits between a streamed answer and the channel: passes text on as soon as no keyword can still end in
 * it, and holds back only the tail a keyword that has begun could still need (the longest suffix that
 * is the start of a keyword, at most {@code longest - 1} normalised characters, with the separators
 * inside it). So a word split across
 * tokens or SSE chunks is caught, and what reaches the channel never holds a keyword: with
 * {@link Action#MASK} it arrives as {@code ***}; with {@link Action#STOP} nothing more is passed on
 * after the first hit (the caller sends the preset reply where the channel can replace the answer).
 * {@link Action#HOLD} passes nothing until {@link #release()} (a whole-answer check decides).
 *
 * <p>Tokens arrive one at a time from the model's thread; the methods are synchronised all the same.
 */
public final class StreamGuard implements Consumer<String> {
    /** What a hit does to the stream. */
    public enum Action {
        MASK,
        STOP,
        HOLD
    }

    private final KeywordMatcher matcher;
    private final Action action;
    private final Consumer<String> downstream;
    private final StringBuilder pending = new StringBuilder();
    private final StringBuilder sent = new StringBuilder();
    /** The last character passed on (before masking): the left neighbour of what is pending. */
    private int previous = KeywordMatcher.NONE;

    private boolean stopped;

    private StreamGuard(KeywordMatcher matcher, Action action, Consumer<String> downstream) {
        this.matcher = matcher;
        this.action = action;
        this.downstream = downstream;
    }

    /** A guard passing what is safe of each token to {@code downstream}. */
    public static StreamGuard create(KeywordMatcher matcher, Action action, Consumer<String> downstream) {
        return new StreamGuard(matcher, action, downstream);
    }

    @Override
    public synchronized void accept(String token) {
        if (stopped || token.isEmpty()) {
            return;
        }
        pending.append(token);
        if (action == Action.HOLD) {
            return;
        }
        KeywordNormalizer.Folded folded = KeywordNormalizer.fold(pending);
        KeywordMatcher.Scan scan = matcher.scan(folded, pending, previous, true);
        List<KeywordHit> hits = scan.hits();
        if (!hits.isEmpty() && action == Action.STOP) {
            stopped = true;
            pending.setLength(0);
            return;
        }
        int keep = matcher.pendingSuffix(folded.text());
        int cut = keep == 0 ? pending.length() : folded.from()[folded.length() - keep];
        // A Latin keyword at the very end waits for the next character: "ass" may become "assets".
        cut = Math.min(cut, scan.undecided());
        // A complete match across the cut stays back whole, never half out.
        for (KeywordHit hit : hits) {
            if (hit.start() < cut && hit.end() > cut) {
                cut = hit.start();
            }
        }
        List<KeywordHit> before = new ArrayList<>();
        for (KeywordHit hit : hits) {
            if (hit.end() <= cut) {
                before.add(hit);
            }
        }
        if (cut > 0) {
            passPending(cut, before);
        }
    }

    /**
     * The end of the stream: passes on what was held back (masked), unless the stream was stopped or is
     * held.
     */
    public synchronized void finish() {
        if (stopped || action == Action.HOLD || pending.isEmpty()) {
            return;
        }
        List<KeywordHit> hits = rest();
        if (!hits.isEmpty() && action == Action.STOP) {
            // A Latin keyword that ended the answer: only its end made it a whole word.
            stopped = true;
            pending.setLength(0);
            return;
        }
        passPending(pending.length(), hits);
    }

    /** For {@link Action#HOLD}: passes on everything held (the whole-answer check passed). */
    public synchronized void release() {
        if (stopped || pending.isEmpty()) {
            return;
        }
        passPending(pending.length(), rest());
    }

    /** True when a hit stopped the stream ({@link Action#STOP}). */
    public synchronized boolean stopped() {
        return stopped;
    }

    /** What reached the channel so far. */
    public synchronized String sent() {
        return sent.toString();
    }

    /** The hits in all that is pending, now that nothing more follows. */
    private List<KeywordHit> rest() {
        return matcher.scan(KeywordNormalizer.fold(pending), pending, previous, false)
                .hits();
    }

    /** Passes on the first {@code cut} characters pending, masked where {@code hits} are. */
    private void passPending(int cut, List<KeywordHit> hits) {
        String out = KeywordMatcher.mask(pending.subSequence(0, cut), hits);
        previous = KeywordMatcher.previous(pending, cut, previous);
        pending.delete(0, cut);
        pass(out);
    }

    private void pass(String text) {
        if (text.isEmpty()) {
            return;
        }
        sent.append(text);
        downstream.accept(text);
    }
}
