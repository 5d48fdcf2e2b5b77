package io.switchboard.runtime.model;

/** The wire protocol a provider speaks. */
public enum ProviderKind {
    /** OpenAI's chat completions API: OpenAI, DeepSeek, Qwen, GLM, Moonshot, vLLM, LM Studio, ... */
    OPENAI_COMPATIBLE,
    /** Ollama's native {@code /api/chat}. */
    OLLAMA,
    /** Anthropic's Messages API ({@code POST /v1/messages}, {@code x-api-key}, {@code anthropic-version}). */
    ANTHROPIC,
    /** Google's Gemini API ({@code POST /v1beta/models/{model}:generateContent}, {@code x-goog-api-key}). */
    GEMINI,
    /**
     * Azure OpenAI: OpenAI's body format at {@code /openai/deployments/{deployment}/chat/completions
     * ?api-version=...} with an {@code api-key} header; the app's model name is the deployment name.
     */
    AZURE_OPENAI,
    /**
     * Alibaba Cloud Model Studio (DashScope, Qwen) through its native API ({@code POST
     * /services/aigc/text-generation/generation} and {@code .../multimodal-generation/generation}, bearer
     * key, {@code X-DashScope-SSE: enable}); its OpenAI-compatible mode is {@link #OPENAI_COMPATIBLE}.
     */
    DASHSCOPE;

    /**
     * True for the hosted APIs whose endpoint goes through the SSRF guard: a provider of such a kind never
     * needs a loopback or private address (unlike a local vLLM or Ollama), so reaching one is refused
     * unless the allowlist names it.
     */
    public boolean hosted() {
        return this == ANTHROPIC || this == GEMINI || this == AZURE_OPENAI || this == DASHSCOPE;
    }
}
