package io.switchboard.runtime.model;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settings only some provider kinds take. Validated against the kind by {@link #validate(ProviderKind)},
 * which {@link ProviderConfig} calls: an option the kind does not take is refused rather than ignored.
 *
 * @param maxTokens the output limit of an app that sets none; Anthropic requires one on every request
 *     (default {@link #DEFAULT_ANTHROPIC_MAX_TOKENS}), others fall back to the provider's own default
 * @param apiVersion {@code AZURE_OPENAI}: the {@code api-version} query parameter (required, e.g.
 *     {@code 2024-10-21}); {@code ANTHROPIC}: the {@code anthropic-version} header (default {@link
 *     #DEFAULT_ANTHROPIC_VERSION})
 * @param safetySettings {@code GEMINI} only: harm category → block threshold, e.g. {@code
 *     HARM_CATEGORY_HARASSMENT → BLOCK_ONLY_HIGH}; empty leaves Gemini's defaults
 */
public record ProviderOptions(Integer maxTokens, String apiVersion, Map<String, String> safetySettings) {
    public static final ProviderOptions NONE = new ProviderOptions(null, null, null);
    public static final int DEFAULT_ANTHROPIC_MAX_TOKENS = 1024;
    public static final String DEFAULT_ANTHROPIC_VERSION = "2023-06-01";
    /** Gemini's harm categories (its API's {@code HarmCategory} values that may be set). */
    public static final Set<String> GEMINI_HARM_CATEGORIES = Set.of(
            "HARM_CATEGORY_HARASSMENT",
            "HARM_CATEGORY_HATE_SPEECH",
            "HARM_CATEGORY_SEXUALLY_EXPLICIT",
            "HARM_CATEGORY_DANGEROUS_CONTENT",
            "HARM_CATEGORY_CIVIC_INTEGRITY");
    /** Gemini's block thresholds ({@code HarmBlockThreshold}). */
    public static final Set<String> GEMINI_THRESHOLDS =
            Set.of("BLOCK_NONE", "BLOCK_ONLY_HIGH", "BLOCK_MEDIUM_AND_ABOVE", "BLOCK_LOW_AND_ABOVE");

    private static final Pattern AZURE_API_VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?");
    private static final Pattern ANTHROPIC_VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    public ProviderOptions {
        if (maxTokens != null && (maxTokens < 1 || maxTokens > 1_000_000)) {
            throw new IllegalArgumentException("options.maxTokens must be between 1 and 1000000");
        }
        if (apiVersion != null && apiVersion.isBlank()) {
            apiVersion = null;
        }
        if (safetySettings != null
                && safetySettings.entrySet().stream().anyMatch(e -> e.getKey() == null || e.getValue() == null)) {
            throw new IllegalArgumentException("options.safetySettings must map each harm category to a threshold");
        }
        safetySettings = safetySettings == null ? Map.of() : Map.copyOf(safetySettings);
    }

    /**
     * This kind's options with its defaults filled in.
     *
     * @throws IllegalArgumentException naming the option ({@code options.apiVersion}, ...) that is
     *     missing, malformed or not taken by {@code kind}
     */
    ProviderOptions validate(ProviderKind kind) {
        if (!safetySettings.isEmpty() && kind != ProviderKind.GEMINI) {
            throw new IllegalArgumentException("options.safetySettings applies to GEMINI providers only");
        }
        if (apiVersion != null && kind != ProviderKind.AZURE_OPENAI && kind != ProviderKind.ANTHROPIC) {
            throw new IllegalArgumentException(
                    "options.apiVersion applies to AZURE_OPENAI and ANTHROPIC providers only");
        }
        return switch (kind) {
            case AZURE_OPENAI -> {
                if (apiVersion == null) {
                    throw new IllegalArgumentException(
                            "options.apiVersion is required for AZURE_OPENAI providers, e.g. 2024-10-21");
                }
                if (!AZURE_API_VERSION.matcher(apiVersion).matches()) {
                    throw new IllegalArgumentException(
                            "options.apiVersion must look like 2024-10-21 or 2025-04-01-preview, got: " + apiVersion);
                }
                yield this;
            }
            case ANTHROPIC -> {
                if (apiVersion != null && !ANTHROPIC_VERSION.matcher(apiVersion).matches()) {
                    throw new IllegalArgumentException(
                            "options.apiVersion (the anthropic-version header) must look like 2023-06-01, got: "
                                    + apiVersion);
                }
                yield new ProviderOptions(
                        maxTokens == null ? DEFAULT_ANTHROPIC_MAX_TOKENS : maxTokens,
                        apiVersion == null ? DEFAULT_ANTHROPIC_VERSION : apiVersion,
                        safetySettings);
            }
            case GEMINI -> {
                safetySettings.forEach((category, threshold) -> {
                    if (!GEMINI_HARM_CATEGORIES.contains(category)) {
                        throw new IllegalArgumentException("options.safetySettings: unknown harm category '" + category
                                + "'; one of " + sorted(GEMINI_HARM_CATEGORIES));
                    }
                    if (!GEMINI_THRESHOLDS.contains(threshold)) {
                        throw new IllegalArgumentException("options.safetySettings." + category + " must be one of "
                                + sorted(GEMINI_THRESHOLDS) + ", got: " + threshold);
                    }
                });
                yield this;
            }
            case OPENAI_COMPATIBLE, OLLAMA, DASHSCOPE -> this;
        };
    }

    private static String sorted(Set<String> values) {
        return String.join(", ", values.stream().sorted().toList());
    }
}
