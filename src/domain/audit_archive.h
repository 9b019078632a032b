/*
 * audit_archive: keeping the audit log for its legal time and no longer
 * than asked (Cybersecurity Law art. 21: network logs kept at least six
 * months).
 *
 * The audit log is append-only on both backends (triggers refuse UPDATE
 * and DELETE, and TRUNCATE on PostgreSQL).  The one way rows leave it is
 * an archive run, in this order:
 *  1. every row older than `before` is written to a file (JSON Lines, one
 *     object per row, oldest first) beside its SHA-256 (FILE.sha256, in
 *     sha256sum's format), fsynced;
 *  2. one transaction records the archive (audit_archives, purging = 1),
 *     deletes the archived rows older than the cutoff (the database's
 *     triggers let a DELETE through only for rows such an archive covers,
 *     and only for a cutoff at least 180 days old), checks it deleted
 *     exactly the rows it wrote, clears purging and records the run in
 *     the audit log itself.
 * The cutoff is the earliest of `before`, now minus the retention, and
 * now minus 184 days (the longest six calendar months): however the
 * retention is set, nothing younger than six months is deleted.
 */
#ifndef SKYWAY_DOMAIN_AUDIT_ARCHIVE_H
#define SKYWAY_DOMAIN_AUDIT_ARCHIVE_H

#include <stdint.h>

#include "domain/derr.h"
#include "store/store.h"

#define AUDIT_RETENTION_MIN_DAYS     180
#define AUDIT_RETENTION_DEFAULT_DAYS 365
#define AUDIT_RETENTION_MAX_DAYS     36500
/* The longest six calendar months (July to December). */
#define AUDIT_SIX_MONTHS_DAYS 184

struct audit_archive_result {
	int64_t archive_id;
	int64_t exported;  /* rows written to the file */
	int64_t deleted;   /* rows deleted from the log */
	int64_t cutoff_at; /* rows older than this were deleted */
	char sha256[65];   /* of the file, lowercase hex */
};

/* 0 when days is a retention the law allows (180..36500); else -1 with a
 * 400 naming field "retention_days". */
int audit_retention_check(int64_t days, struct derr *e);

/* The deletion cutoff for an archive of rows before before_at, made at
 * now with a retention of days (see the top of this file). */
int64_t audit_archive_cutoff(int64_t now, int64_t before_at, int64_t days);

/* Archives the rows older than before_at into out_path (which must not
 * exist) and deletes those older than the cutoff, as described above.
 * who names the person or process running it (recorded).  Returns 0 and
 * fills r, or -1 with e set: then nothing was deleted and no file is
 * left behind. */
int audit_archive(struct store *db, int64_t before_at, int64_t retention_days, const char *out_path,
                  const char *who, struct audit_archive_result *r, struct derr *e);

/* Checks an archive file: its SHA-256 against FILE.sha256 and against the
 * archive the database recorded.  Returns 0 and sets *rows (lines in the
 * file), or -1 with e saying what does not match. */
int audit_archive_verify(struct store *db, const char *path, int64_t *rows, struct derr *e);

#endif
