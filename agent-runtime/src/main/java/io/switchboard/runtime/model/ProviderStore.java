package io.switchboard.runtime.model;

import io.switchboard.runtime.ConflictException;
import io.switchboard.runtime.NotFoundException;
import java.util.List;
import java.util.Optional;

/**
 * Model providers. Keys are encrypted at rest (AES-GCM) by the implementation and decrypted on read.
 * Blocking: call from a virtual thread.
 */
public interface ProviderStore {
    /** Inserts; throws {@link ConflictException} if the id is taken. */
    ProviderConfig create(ProviderConfig provider);

    /** Replaces; throws {@link NotFoundException} if unknown. */
    ProviderConfig update(ProviderConfig provider);

    Optional<ProviderConfig> find(String id);

    List<ProviderConfig> list();

    /** False when it did not exist; throws {@link ConflictException} while an app draft uses it. */
    boolean delete(String id);
}
