package io.switchboard.runtime.moderation;

/**
 * A keyword found in a text.
 *
 * @param listId the list the keyword is on
 * @param word the keyword as the list spells it
 * @param start where the match begins in the original text (inclusive)
 * @param end where it ends (exclusive); separators and zero-width characters inside it are included
 */
public record KeywordHit(String listId, String word, int start, int end) {}
