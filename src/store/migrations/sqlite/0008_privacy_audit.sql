-- Privacy and audit retention (issue 16, items 2 and 8).
--
-- student_blocks: enterprises a student has blocked (屏蔽企业).  A blocked
-- enterprise never finds the student in its talent pool, candidates or
-- exports (domain/visibility.c has the rule).
CREATE TABLE student_blocks (
  student_id INTEGER NOT NULL REFERENCES students (id) ON DELETE CASCADE,
  enterprise_id INTEGER NOT NULL REFERENCES organizations (id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (student_id, enterprise_id)
);
CREATE INDEX student_blocks_enterprise ON student_blocks (enterprise_id, student_id);

-- audit_archives: one row per `skyway audit archive` run.  The audit log
-- stays append-only; the one way rows leave it is a purge inside the
-- archiving transaction, which inserts its archive row with purging = 1,
-- deletes rows first_id..last_id older than cutoff_at, and sets
-- purging back to 0 before it commits (domain/audit_archive.c).  The
-- triggers below hold the floor of 180 days whoever runs the SQL.
CREATE TABLE audit_archives (
  id INTEGER PRIMARY KEY,
  created_at BIGINT NOT NULL,
  created_by TEXT,
  before_at BIGINT NOT NULL,
  cutoff_at BIGINT NOT NULL,
  retention_days INTEGER NOT NULL CHECK (retention_days >= 180),
  first_id BIGINT,
  last_id BIGINT,
  exported_rows BIGINT NOT NULL,
  deleted_rows BIGINT NOT NULL DEFAULT 0,
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  purging INTEGER NOT NULL DEFAULT 0 CHECK (purging IN (0, 1)),
  CHECK (cutoff_at <= before_at)
);

-- Nothing younger than 180 days may ever be released for deletion.
CREATE TRIGGER audit_archives_floor BEFORE INSERT ON audit_archives
WHEN NEW.cutoff_at > CAST(strftime('%s', 'now') AS INTEGER) - 180 * 86400
BEGIN SELECT RAISE(ABORT, 'audit_archives: cutoff within the 180-day minimum retention'); END;
CREATE TRIGGER audit_archives_no_delete BEFORE DELETE ON audit_archives
BEGIN SELECT RAISE(ABORT, 'audit_archives is append-only'); END;
-- What an archive recorded never changes; purging only goes 1 -> 0, and
-- deleted_rows is written only while purging.
CREATE TRIGGER audit_archives_fixed BEFORE UPDATE OF id, created_at, created_by, before_at,
  cutoff_at, retention_days, first_id, last_id, exported_rows, file_name, sha256
  ON audit_archives
BEGIN SELECT RAISE(ABORT, 'audit_archives is append-only'); END;
CREATE TRIGGER audit_archives_purging BEFORE UPDATE OF purging, deleted_rows ON audit_archives
WHEN OLD.purging <> 1 OR NEW.purging NOT IN (0, 1)
BEGIN SELECT RAISE(ABORT, 'audit_archives is append-only'); END;

-- The audit log: UPDATE is always refused (0001's trigger); DELETE only
-- of a row an archive being purged covers.
DROP TRIGGER audit_log_no_delete;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN NOT EXISTS (SELECT 1 FROM audit_archives a WHERE a.purging = 1
                 AND OLD.id BETWEEN a.first_id AND a.last_id AND OLD.at < a.cutoff_at)
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
