-- Login guard (src/domain/throttle.h): failures counted per (login, source),
-- where the source is the client's address or a device that logged in before,
-- and the devices (hashed cookie tokens) of each account.
ALTER TABLE login_failures ADD COLUMN source TEXT NOT NULL DEFAULT '';
CREATE INDEX login_failures_source ON login_failures (login, source, at);
CREATE INDEX login_failures_at ON login_failures (at);

CREATE TABLE login_devices (
  token_hash TEXT NOT NULL,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT NOT NULL,
  PRIMARY KEY (token_hash, account_id)
);
CREATE INDEX login_devices_account ON login_devices (account_id);
CREATE INDEX login_devices_used ON login_devices (last_used_at);
