package io.switchboard.runtime.knowledge;

/**
 * A source an answer drew on.
 *
 * @param source what the passage comes from, shown to the user (document name or URL)
 * @param passage the passage text
 * @param score retrieval score in the contributor's own scale (higher is better)
 */
public record Citation(String source, String passage, double score) {}
