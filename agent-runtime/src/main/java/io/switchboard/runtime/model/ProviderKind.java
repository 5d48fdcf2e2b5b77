package io.switchboard.runtime.model;

/** The wire protocol a provider speaks. */
public enum ProviderKind {
    /** OpenAI's chat completions API: OpenAI, DeepSeek, Qwen, GLM, Moonshot, vLLM, LM Studio, ... */
    OPENAI_COMPATIBLE,
    /** Ollama's native {@code /api/chat}. */
    OLLAMA
}
