-- API tokens per organisation (issue 15): a college's or enterprise's own system
-- calls the API with "Authorization: Bearer sky_…" instead of a person's session.
-- The secret is shown once; only its SHA-256 is stored.  scopes: a space-separated
-- list of "<tag>:read" / "<tag>:write" (domain/api_token.h says which tags each
-- organisation type may grant).  A token acts as the account that created it, within
-- its scopes, and stops with that account (disabled, moved), its expiry or revocation.
CREATE TABLE api_tokens (
  id BIGSERIAL PRIMARY KEY,
  org_id BIGINT NOT NULL REFERENCES organizations (id),
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  scopes TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT,
  revoked_by BIGINT REFERENCES accounts (id)
);
CREATE INDEX api_tokens_org ON api_tokens (org_id, created_at);
