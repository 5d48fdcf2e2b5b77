package io.switchboard.runtime.app;

import io.switchboard.runtime.ConflictException;
import io.switchboard.runtime.NotFoundException;
import java.util.List;
import java.util.Optional;

/**
 * Apps and their published versions. Blocking (JDBC): call from a virtual thread, never the event loop.
 * Each method is one transaction: it either happens whole or not at all.
 */
public interface AppStore {
    /** Inserts a new app with its draft; throws {@link ConflictException} if the id is taken. */
    App create(String id, AppConfig draft);

    Optional<App> find(String id);

    /** Apps ordered by id, {@code limit} from {@code offset}. */
    List<App> list(int offset, int limit);

    /** Replaces the draft; throws {@link NotFoundException} for an unknown app. */
    App updateDraft(String id, AppConfig draft);

    /**
     * Snapshots the draft as the next numbered version and makes it the published one.
     *
     * @throws NotFoundException for an unknown app
     */
    AppVersion publish(String id, String note);

    /**
     * Makes an earlier version the published one (the draft is left alone).
     *
     * @throws NotFoundException for an unknown app or version
     */
    App rollback(String id, int version);

    /**
     * Annotation: adds {@code pair} to the app's Q&A pairs (replacing the answer of a pair with the same
     * question) in the draft and, when the app is published, in a new version made from the published one
     * (not from the draft, whose other changes stay unpublished), which becomes the published one; the
     * next matching question is answered from it.
     *
     * @return the new published version, or empty when the app was never published (only the draft changed)
     * @throws NotFoundException for an unknown app
     */
    Optional<AppVersion> annotate(String id, QaPair pair, String note);

    Optional<AppVersion> findVersion(String id, int version);

    /** Versions newest first. */
    List<AppVersion> versions(String id);

    /** Deletes the app, its versions, its keys and its logs; false when it did not exist. */
    boolean delete(String id);
}
