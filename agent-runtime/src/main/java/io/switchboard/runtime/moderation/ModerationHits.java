package io.switchboard.runtime.moderation;

import java.time.Instant;
import java.util.List;

/** Where moderation hits are recorded. Blocking: call from a virtual thread. */
public interface ModerationHits {
    void record(List<ModerationHit> hits);

    /**
     * The app's hits, newest first.
     *
     * @param direction only these, or null for both
     * @param before only hits older than this, or null for the newest
     */
    List<ModerationHit> list(String appId, ModerationHit.Direction direction, Instant before, int limit);
}
