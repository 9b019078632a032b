-- Foundation: organisations, accounts, sessions, login failures, audit log.
CREATE TABLE organizations (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('college', 'enterprise')),
  name TEXT NOT NULL,
  code TEXT,
  credit_code TEXT UNIQUE,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'pending', 'rejected')),
  reject_reason TEXT,
  contact_name TEXT,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX organizations_kind_code ON organizations (kind, code);
CREATE INDEX organizations_kind_status ON organizations (kind, status);

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  login TEXT NOT NULL UNIQUE,
  password_hash TEXT,
  role TEXT NOT NULL CHECK (role IN ('operator', 'college', 'enterprise', 'student',
                                     'judge', 'mentor', 'officer')),
  display_name TEXT NOT NULL,
  org_id INTEGER REFERENCES organizations (id),
  student_no TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  last_login_at BIGINT
);
CREATE UNIQUE INDEX accounts_org_student_no ON accounts (org_id, student_no);
CREATE INDEX accounts_org_role ON accounts (org_id, role);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  address TEXT
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE login_failures (
  id INTEGER PRIMARY KEY,
  login TEXT NOT NULL,
  address TEXT,
  at BIGINT NOT NULL
);
CREATE INDEX login_failures_login_at ON login_failures (login, at);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at BIGINT NOT NULL,
  account_id INTEGER,
  login TEXT,
  role TEXT,
  org_id INTEGER,
  action TEXT NOT NULL,
  object_type TEXT,
  object_id TEXT,
  address TEXT,
  outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
  detail TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_action ON audit_log (action, at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
