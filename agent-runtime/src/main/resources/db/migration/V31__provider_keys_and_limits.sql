-- Provider failover (issue 16): further API keys, used round-robin with api_key_enc, each sealed by
-- SecretBox on its own and joined with newlines (sealed values never contain one); null when none.
alter table providers add column extra_keys_enc varchar;
-- Circuit breaker, concurrency limit and key cool-down as JSON (ProviderLimits); null for the defaults.
alter table providers add column limits_json varchar(1000);
