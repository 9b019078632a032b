-- Staff two-factor login (MFA): TOTP secrets, recovery codes, login challenges.
-- account_mfa: one row per account that started enrolment; enabled_at is NULL
-- until a first code confirmed it.  The secret (base32) is sealed under the data
-- key (domain/pii.h), never stored in clear.  last_step is the TOTP step last
-- accepted: no code of that step or an earlier one is accepted again.
CREATE TABLE account_mfa (
  account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  secret_sealed TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  enabled_at BIGINT,
  last_step BIGINT NOT NULL DEFAULT 0
);

-- Single-use recovery codes, stored as a keyed hash only (shown once).
CREATE TABLE mfa_recovery_codes (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  used_at BIGINT
);
CREATE INDEX mfa_recovery_codes_account ON mfa_recovery_codes (account_id);

-- Password checked, second factor awaited: a short-lived token (stored hashed)
-- that only POST /auth/mfa takes; it dies after 5 wrong codes.
CREATE TABLE mfa_pending (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0,
  address TEXT
);
CREATE INDEX mfa_pending_account ON mfa_pending (account_id);
