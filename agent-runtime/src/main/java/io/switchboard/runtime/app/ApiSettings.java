package io.switchboard.runtime.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.switchboard.runtime.WireEnum;

/**
 * How the developer API ({@code /v1/chat/completions}) treats what a client sends beyond its messages.
 *
 * @param systemMessage what becomes of a client's system (or developer) message: {@code ignore}d,
 *     {@code append}ed after the app's prompt (the default), or {@code replace} the app's prompt
 * @param clientTools a client's {@code tools}: {@code refuse} them with a 400 (the default), or
 *     {@code pass_through}: offer them to the model and return its {@code tool_calls} to the client
 * @param maxTokens the most tokens a client may ask for with {@code max_tokens} /
 *     {@code max_completion_tokens} (1-1000000); 0 means no bound of the app's own
 * @param maxTemperature the highest {@code temperature} a client may ask for (0-2); null means 2
 */
public record ApiSettings(SystemMessage systemMessage, ClientTools clientTools, int maxTokens, Double maxTemperature) {
    public static final ApiSettings DEFAULT = new ApiSettings(null, null, 0, null);

    public ApiSettings {
        systemMessage = systemMessage == null ? SystemMessage.APPEND : systemMessage;
        clientTools = clientTools == null ? ClientTools.REFUSE : clientTools;
        if (maxTokens < 0 || maxTokens > 1_000_000) {
            throw new IllegalArgumentException("api.maxTokens must be between 0 and 1000000");
        }
        if (maxTemperature != null && (maxTemperature < 0 || maxTemperature > 2)) {
            throw new IllegalArgumentException("api.maxTemperature must be between 0 and 2");
        }
    }

    /** What becomes of a client's system message. */
    public enum SystemMessage implements WireEnum {
        IGNORE,
        APPEND,
        REPLACE;

        @JsonCreator
        public static SystemMessage of(String text) {
            return WireEnum.parse(SystemMessage.class, text, "api.systemMessage must be ignore, append or replace");
        }
    }

    /** What becomes of a client's tools. */
    public enum ClientTools implements WireEnum {
        REFUSE,
        PASS_THROUGH;

        @JsonCreator
        public static ClientTools of(String text) {
            return WireEnum.parse(ClientTools.class, text, "api.clientTools must be refuse or pass_through");
        }
    }
}
