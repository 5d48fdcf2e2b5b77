package io.switchboard.runtime.moderation;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where keyword lists and their words are kept. Blocking: call from a virtual thread. */
public interface KeywordLists {
    /**
     * Creates an empty list.
     *
     * @param appId the owning app, or null for a shared list
     * @throws io.switchboard.runtime.ConflictException when {@code id} is taken
     * @throws io.switchboard.runtime.NotFoundException when the app does not exist
     */
    KeywordList create(String id, String appId, String name);

    /** The lists an app owns ({@code appId} non-null), or the shared ones ({@code appId} null), by name. */
    List<KeywordList> list(String appId);

    Optional<KeywordList> find(String id);

    /** @throws io.switchboard.runtime.NotFoundException when the list does not exist */
    KeywordList rename(String id, String name);

    /** @return false when there was no such list */
    boolean delete(String id);

    /**
     * Adds words (already checked and distinct); words the list holds are skipped.
     *
     * @return how many were new
     * @throws io.switchboard.runtime.NotFoundException when the list does not exist
     */
    int addWords(String id, Collection<String> words);

    /**
     * Replaces all the list's words with {@code words} (already checked and distinct), in one transaction.
     *
     * @return how many words the list holds now
     * @throws io.switchboard.runtime.NotFoundException when the list does not exist
     */
    int replaceWords(String id, Collection<String> words);

    /**
     * @return how many of {@code words} the list held
     * @throws io.switchboard.runtime.NotFoundException when the list does not exist
     */
    int removeWords(String id, Collection<String> words);

    /** A page of a list's words in alphabetical order. */
    List<String> words(String id, int offset, int limit);

    /** The lists an app owns and the named shared ones that exist, with their revisions. */
    List<KeywordList> applicable(String appId, Collection<String> sharedIds);

    /** Every word of each of the lists, by list id. */
    Map<String, List<String>> wordsOf(Collection<String> listIds);
}
