-- Kind-specific provider settings (issue 16): Anthropic's default max_tokens and anthropic-version,
-- Azure OpenAI's api-version, Gemini's safety settings. JSON text of ProviderOptions; no secrets in it.
alter table providers add column options varchar;
