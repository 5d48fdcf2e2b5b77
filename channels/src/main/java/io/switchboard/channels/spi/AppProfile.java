package io.switchboard.channels.spi;

import java.util.List;

/** What a channel shows about an app before the first message. */
public record AppProfile(String appId, String name, String openingStatement, List<String> suggestedQuestions) {
    public AppProfile {
        suggestedQuestions = suggestedQuestions == null ? List.of() : List.copyOf(suggestedQuestions);
    }
}
