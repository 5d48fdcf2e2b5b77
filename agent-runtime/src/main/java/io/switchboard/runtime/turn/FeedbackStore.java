package io.switchboard.runtime.turn;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * End users' feedback on answers, apart from the conversation log (which is written a moment after the
 * turn, so feedback may arrive first). Blocking: call from a virtual thread.
 */
public interface FeedbackStore {
    /** Records {@code feedback}, replacing an earlier verdict on the same turn. */
    void put(Feedback feedback);

    Optional<Feedback> find(String appId, String turnId);

    /** The feedback of those of {@code turnIds} that have some, by turn id. */
    Map<String, Feedback> of(String appId, Collection<String> turnIds);
}
