package io.switchboard.runtime.offline;

import io.switchboard.runtime.app.QaPair;
import java.util.List;
import java.util.Optional;

/**
 * Finds the Q&A pair whose question means the same as a message, with in-process embeddings (Chinese
 * and English). Blocking and CPU-bound: call from a virtual thread.
 */
public interface QaMatcher {
    /**
     * @param pairs the app's pairs (their embeddings are cached by content)
     * @param threshold cosine similarity in [0, 1] the best pair must reach
     */
    Optional<Match> match(List<QaPair> pairs, String message, double threshold);

    /**
     * The pairs whose questions are nearest to {@code message}, nearest first, at most {@code limit}; the
     * pair asking exactly {@code message} is left out (follow-up suggestions offer other questions).
     */
    List<Match> nearest(List<QaPair> pairs, String message, int limit);

    record Match(QaPair pair, double score) {}
}
