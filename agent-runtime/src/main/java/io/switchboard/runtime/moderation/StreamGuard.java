package io.switchboard.runtime.moderation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sits between a streamed answer and the channel: passes text on as soon as no keyword can still end in
 * it, and holds back only the tail a keyword that has begun could still need (the last
 * {@code longest - 1} normalised characters, with the separators around them). So a word split across
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
        List<KeywordHit> hits = matcher.hits(folded);
        if (!hits.isEmpty() && action == Action.STOP) {
            stopped = true;
            pending.setLength(0);
            return;
        }
        int keep = matcher.longestKeyword() - 1;
        int cut;
        if (keep <= 0 || folded.length() <= keep) {
            cut = keep <= 0 ? pending.length() : (folded.length() == 0 ? pending.length() : folded.from()[0]);
        } else {
            cut = folded.from()[folded.length() - keep];
        }
        // A complete match across the cut goes out whole (masked), never half.
        List<KeywordHit> before = new ArrayList<>();
        for (KeywordHit hit : hits) {
            if (hit.start() < cut) {
                cut = Math.max(cut, hit.end());
            }
        }
        for (KeywordHit hit : hits) {
            if (hit.end() <= cut) {
                before.add(hit);
            }
        }
        if (cut > 0) {
            String out = KeywordMatcher.mask(pending.subSequence(0, cut), before);
            pending.delete(0, cut);
            pass(out);
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
        String out = KeywordMatcher.mask(pending, matcher.find(pending));
        pending.setLength(0);
        pass(out);
    }

    /** For {@link Action#HOLD}: passes on everything held (the whole-answer check passed). */
    public synchronized void release() {
        if (stopped || pending.isEmpty()) {
            return;
        }
        String out = KeywordMatcher.mask(pending, matcher.find(pending));
        pending.setLength(0);
        pass(out);
    }

    /** True when a hit stopped the stream ({@link Action#STOP}). */
    public synchronized boolean stopped() {
        return stopped;
    }

    /** What reached the channel so far. */
    public synchronized String sent() {
        return sent.toString();
    }

    private void pass(String text) {
        if (text.isEmpty()) {
            return;
        }
        sent.append(text);
        downstream.accept(text);
    }
}
