-- Claiming a student record (学籍认领): a student's account is attached to
-- the record a college imported only with a proof (the name and the last 6
-- characters of the ID number as imported, or a one-time activation code).
-- The rules are in src/domain/claim.h.
ALTER TABLE students ADD COLUMN class_name TEXT;
-- HMAC of the imported ID number's last 6 characters (never the digits).
ALTER TABLE students ADD COLUMN id6_mac TEXT;
ALTER TABLE students ADD COLUMN claim_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE students ADD COLUMN claim_locked_at BIGINT;
CREATE INDEX students_college_class ON students (college_id, class_name);
CREATE INDEX students_claim_locked ON students (college_id, claim_locked_at)
  WHERE claim_locked_at IS NOT NULL;

-- 激活码: only a hash is kept; a newer code of the student revokes older ones.
CREATE TABLE claim_codes (
  id INTEGER PRIMARY KEY,
  student_id INTEGER NOT NULL REFERENCES students (id),
  college_id INTEGER NOT NULL REFERENCES organizations (id),
  code_hash TEXT NOT NULL,
  created_by INTEGER REFERENCES accounts (id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX claim_codes_student ON claim_codes (student_id, id);

-- Every claim attempt: when, from where, how it ended; never the values tried.
CREATE TABLE claim_attempts (
  id INTEGER PRIMARY KEY,
  college_id INTEGER NOT NULL REFERENCES organizations (id),
  student_id INTEGER REFERENCES students (id),
  at BIGINT NOT NULL,
  address TEXT,
  method TEXT NOT NULL CHECK (method IN ('id6', 'code')),
  outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'name', 'id6', 'code', 'expired', 'used',
                                           'no_proof', 'locked', 'claimed', 'unknown'))
);
CREATE INDEX claim_attempts_college ON claim_attempts (college_id, id);
CREATE INDEX claim_attempts_student ON claim_attempts (student_id, id);
