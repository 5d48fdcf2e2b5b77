package io.switchboard.runtime.turn;

import io.switchboard.runtime.knowledge.Citation;
import java.util.List;

/**
 * What a {@link PromptContributor} adds to a turn.
 *
 * @param promptText appended to the system prompt; may be empty
 * @param citations the sources behind {@code promptText}, best first; returned with the answer
 */
public record Contribution(String promptText, List<Citation> citations) {
    public static final Contribution NONE = new Contribution("", List.of());

    public Contribution {
        promptText = promptText == null ? "" : promptText;
        citations = citations == null ? List.of() : List.copyOf(citations);
    }
}
