package io.switchboard.runtime.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.switchboard.runtime.WireEnum;
import java.util.List;

/**
 * Content moderation (敏感内容审核): the app's own keyword lists and the shared lists it names are
 * matched against the user's message and the answer, after normalisation (case, full/half width,
 * traditional/simplified Chinese, separators and zero-width characters inside a word).
 *
 * @param input what a hit in the user's message does: {@code block} the turn with the preset reply (the
 *     default; the model is never called), {@code mask} the words before the model sees them, or
 *     {@code off}
 * @param output what a hit in the answer does: {@code mask} the words with {@code ***} (the default),
 *     {@code replace} the whole answer with the preset reply, or {@code off}
 * @param lists ids of shared keyword lists matched besides the app's own lists; never null
 * @param presetReply what the user reads when a turn is blocked or an answer replaced, or null for the
 *     default text in the app's (or the user's) language
 * @param provider a provider's OpenAI-compatible {@code /moderations} check, or null for none
 */
public record ModerationSettings(
        InputAction input, OutputAction output, List<String> lists, String presetReply, ProviderCheck provider) {
    public static final int MAX_LISTS = 50;
    public static final int MAX_PRESET_REPLY = 2000;

    public ModerationSettings {
        input = input == null ? InputAction.BLOCK : input;
        output = output == null ? OutputAction.MASK : output;
        lists = lists == null ? List.of() : List.copyOf(lists);
        if (lists.size() > MAX_LISTS) {
            throw new IllegalArgumentException("moderation.lists may name at most " + MAX_LISTS + " lists");
        }
        if (lists.stream().anyMatch(id -> id == null || id.isBlank())) {
            throw new IllegalArgumentException("moderation.lists must not contain blank ids");
        }
        if (lists.stream().distinct().count() != lists.size()) {
            throw new IllegalArgumentException("moderation.lists must not name a list twice");
        }
        presetReply = presetReply == null || presetReply.isBlank() ? null : presetReply.strip();
        if (presetReply != null && presetReply.codePointCount(0, presetReply.length()) > MAX_PRESET_REPLY) {
            throw new IllegalArgumentException(
                    "moderation.presetReply must be at most " + MAX_PRESET_REPLY + " characters");
        }
    }

    /** What a hit in the user's message does. */
    public enum InputAction implements WireEnum {
        BLOCK,
        MASK,
        OFF;

        @JsonCreator
        public static InputAction of(String text) {
            return WireEnum.parse(InputAction.class, text, "moderation.input must be block, mask or off");
        }
    }

    /** What a hit in the answer does. */
    public enum OutputAction implements WireEnum {
        MASK,
        REPLACE,
        OFF;

        @JsonCreator
        public static OutputAction of(String text) {
            return WireEnum.parse(OutputAction.class, text, "moderation.output must be mask, replace or off");
        }
    }

    /**
     * A provider's moderation endpoint ({@code POST {baseUrl}/moderations}, OpenAI's shape); a flagged
     * message blocks the turn, a flagged answer is replaced by the preset reply. Checking answers holds a
     * streamed answer back until the whole of it passed.
     *
     * @param providerId the provider whose base URL and key are used
     * @param modelName the moderation model, or null for the provider's default
     * @param input check the user's message
     * @param output check the answer
     */
    public record ProviderCheck(String providerId, String modelName, boolean input, boolean output) {
        public ProviderCheck {
            if (providerId == null || providerId.isBlank()) {
                throw new IllegalArgumentException("moderation.provider.providerId is required");
            }
            modelName = modelName == null || modelName.isBlank() ? null : modelName;
            if (!input && !output) {
                throw new IllegalArgumentException(
                        "moderation.provider must check the input, the output or both (input: true / output: true)");
            }
        }
    }
}
