package io.switchboard.runtime.model;

import io.switchboard.runtime.security.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A model provider an app can point at.
 *
 * @param id url-safe identifier
 * @param name display name
 * @param kind wire protocol
 * @param baseUrl e.g. {@code https://api.deepseek.com/v1} or {@code http://localhost:11434}; for {@code
 *     AZURE_OPENAI} the resource endpoint {@code https://NAME.openai.azure.com}; for {@code DASHSCOPE}
 *     {@code https://dashscope.aliyuncs.com/api/v1} (or the international {@code dashscope-intl})
 * @param apiKey the key, or null when the provider needs none (Ollama, local vLLM)
 * @param timeout the whole-request timeout
 * @param maxRetries retries of 429 and 5xx answers, with exponential backoff
 * @param extraKeys further keys of the same account or of other accounts, used round-robin with
 *     {@code apiKey}; empty when there is one key (or none)
 * @param limits circuit breaker, concurrency cap and key cool-down; null for {@link ProviderLimits#DEFAULT}
 * @param options settings only some kinds take, validated against {@code kind} with its defaults filled
 *     in; null for none
 */
public record ProviderConfig(
        String id,
        String name,
        ProviderKind kind,
        String baseUrl,
        Secret apiKey,
        Duration timeout,
        int maxRetries,
        List<Secret> extraKeys,
        ProviderLimits limits,
        ProviderOptions options) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_RETRIES = 2;
    public static final int MAX_KEYS = 20;
    private static final Pattern AZURE_DEPLOYMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public ProviderConfig {
        if (id == null || !id.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException(
                    "provider id must be 1-63 characters of lower-case letters, digits and '-'");
        }
        if (name == null || name.isBlank()) {
            name = id;
        }
        if (kind == null) {
            throw new IllegalArgumentException(
                    "kind must be one of OPENAI_COMPATIBLE, OLLAMA, ANTHROPIC, GEMINI, AZURE_OPENAI, DASHSCOPE");
        }
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("baseUrl must not be blank");
        }
        URI uri;
        try {
            uri = URI.create(baseUrl);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL, got: " + baseUrl);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL, got: " + baseUrl);
        }
        if (kind == ProviderKind.AZURE_OPENAI
                && uri.getPath() != null
                && !uri.getPath().matches("/*")) {
            throw new IllegalArgumentException("baseUrl of an AZURE_OPENAI provider is the resource endpoint without"
                    + " a path, e.g. https://NAME.openai.azure.com (the app's model name is the deployment), got: "
                    + baseUrl);
        }
        if (kind.hosted() && uri.getQuery() != null) {
            throw new IllegalArgumentException("baseUrl must not carry a query string, got: " + baseUrl);
        }
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("timeout must be between 1 ms and 10 minutes");
        }
        if (maxRetries < 0 || maxRetries > 10) {
            throw new IllegalArgumentException("maxRetries must be between 0 and 10");
        }
        extraKeys = extraKeys == null ? List.of() : List.copyOf(extraKeys);
        if (!extraKeys.isEmpty() && apiKey == null) {
            throw new IllegalArgumentException("extraApiKeys need an apiKey: set apiKey first");
        }
        if (extraKeys.size() + 1 > MAX_KEYS) {
            throw new IllegalArgumentException("extraApiKeys may hold at most " + (MAX_KEYS - 1) + " keys");
        }
        Set<Secret> distinct = new HashSet<>(extraKeys);
        distinct.add(apiKey);
        if (apiKey != null && distinct.size() != extraKeys.size() + 1) {
            throw new IllegalArgumentException("extraApiKeys must not repeat a key (or apiKey)");
        }
        limits = limits == null ? ProviderLimits.DEFAULT : limits;
        options = (options == null ? ProviderOptions.NONE : options).validate(kind);
    }

    /** A provider with failover keys and limits but no kind-specific options. */
    public ProviderConfig(
            String id,
            String name,
            ProviderKind kind,
            String baseUrl,
            Secret apiKey,
            Duration timeout,
            int maxRetries,
            List<Secret> extraKeys,
            ProviderLimits limits) {
        this(id, name, kind, baseUrl, apiKey, timeout, maxRetries, extraKeys, limits, null);
    }

    /** A provider with one key (or none), the default limits and kind-specific options. */
    public ProviderConfig(
            String id,
            String name,
            ProviderKind kind,
            String baseUrl,
            Secret apiKey,
            Duration timeout,
            int maxRetries,
            ProviderOptions options) {
        this(id, name, kind, baseUrl, apiKey, timeout, maxRetries, List.of(), null, options);
    }

    /**
     * Checks that {@code modelName} can name a model of this provider: for {@code AZURE_OPENAI} it is the
     * deployment name (letters, digits, '-', '_', '.', up to 64), which becomes part of the URL path.
     *
     * @throws IllegalArgumentException naming {@code model.modelName}
     */
    public void requireModelName(String modelName) {
        if (kind == ProviderKind.AZURE_OPENAI
                && (modelName == null || !AZURE_DEPLOYMENT.matcher(modelName).matches())) {
            throw new IllegalArgumentException("model.modelName '" + modelName + "' is not an Azure deployment name"
                    + " (letters, digits, '-', '_', '.', up to 64): provider '" + id + "' is AZURE_OPENAI");
        }
    }

    /** A provider without kind-specific options, with one key (or none) and the default limits. */
    public ProviderConfig(
            String id,
            String name,
            ProviderKind kind,
            String baseUrl,
            Secret apiKey,
            Duration timeout,
            int maxRetries) {
        this(id, name, kind, baseUrl, apiKey, timeout, maxRetries, List.of(), null, null);
    }

    /** A provider with one key (or none) and the default limits. */
    public static ProviderConfig of(
            String id,
            String name,
            ProviderKind kind,
            String baseUrl,
            Secret apiKey,
            Duration timeout,
            int maxRetries) {
        return new ProviderConfig(id, name, kind, baseUrl, apiKey, timeout, maxRetries, List.of(), null, null);
    }

    /** Every key, {@code apiKey} first; empty when the provider needs none. */
    public List<Secret> keys() {
        if (apiKey == null) {
            return List.of();
        }
        List<Secret> keys = new ArrayList<>(1 + extraKeys.size());
        keys.add(apiKey);
        keys.addAll(extraKeys);
        return keys;
    }
}
