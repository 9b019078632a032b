/* The audit log's retention and archive (domain/audit_archive.h) over an
 * in-memory SQLite database with every migration: the floor of 180 days,
 * the 184-day cutoff, an archive's file and purge, and the triggers that
 * refuse any other deletion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "domain/audit_archive.h"
#include "store/migrate.h"
#include "store/store.h"

#define DAY 86400

struct fixture {
	struct store *db;
	char dir[64];
	char path[128];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char err[256];
	if (!f || sodium_init() < 0 || store_open("sqlite::memory:", &f->db, err, sizeof(err)) ||
	    migrate_run(f->db, err, sizeof(err)) < 0)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s/skyway-unit-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/a.jsonl", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char side[160];
	snprintf(side, sizeof(side), "%s.sha256", f->path);
	unlink(f->path);
	unlink(side);
	rmdir(f->dir);
	store_close(f->db);
	free(f);
	return 0;
}

static void event(struct store *db, const char *action, int64_t days_ago)
{
	assert_int_equal(
	    store_run(db, "INSERT INTO audit_log (at, action, outcome) VALUES (?, ?, 'ok')", "it",
	              now_seconds() - days_ago * DAY, action),
	    STORE_OK);
}

static int64_t count(struct store *db, const char *action)
{
	int64_t n = -1;
	store_int64(db, &n, "SELECT COUNT(*) FROM audit_log WHERE action = ?", "t", action);
	return n;
}

static void retention_floor(void **state)
{
	struct derr e = {0};
	assert_int_equal(audit_retention_check(179, &e), -1);
	assert_int_equal(e.kind, DERR_INVALID);
	assert_string_equal(e.field, "retention_days");
	assert_int_equal(audit_retention_check(180, &(struct derr){0}), 0);
	assert_int_equal(audit_retention_check(36501, &(struct derr){0}), -1);
	int64_t now = 1800000000;
	/* 180 days still keeps the longest six months (184 days). */
	assert_int_equal(audit_archive_cutoff(now, now, 180), now - 184 * DAY);
	assert_int_equal(audit_archive_cutoff(now, now, 365), now - 365 * DAY);
	assert_int_equal(audit_archive_cutoff(now, now - 500 * DAY, 365), now - 500 * DAY);
}

static void archive_purges_only_old_archived_rows(void **state)
{
	struct fixture *f = *state;
	struct audit_archive_result r;
	struct derr e = {0};
	event(f->db, "old.400", 400);
	event(f->db, "old.200", 200);
	event(f->db, "new.5", 5);
	assert_int_equal(
	    audit_archive(f->db, now_seconds() - 100 * DAY, 250, f->path, "unit", &r, &e), 0);
	assert_int_equal(r.exported, 2);
	assert_int_equal(r.deleted, 1);
	assert_int_equal(count(f->db, "old.400"), 0);
	assert_int_equal(count(f->db, "old.200"), 1);
	assert_int_equal(count(f->db, "new.5"), 1);
	assert_int_equal(count(f->db, "audit.archive"), 1);
	assert_int_equal(strlen(r.sha256), 64);
	/* The purge is over: the archived row left is append-only again. */
	assert_int_not_equal(store_run(f->db, "DELETE FROM audit_log WHERE action = 'old.200'", ""),
	                     STORE_OK);
	/* The file matches its record; a second archive never overwrites it. */
	int64_t rows = 0;
	assert_int_equal(audit_archive_verify(f->db, f->path, &rows, &e), 0);
	assert_int_equal(rows, 2);
	assert_int_equal(
	    audit_archive(f->db, now_seconds() - 100 * DAY, 250, f->path, "unit", &r, &e), -1);
	assert_int_equal(e.kind, DERR_CONFLICT);
}

static void refused_runs_write_nothing(void **state)
{
	struct fixture *f = *state;
	struct audit_archive_result r;
	struct derr e = {0};
	event(f->db, "old.400", 400);
	assert_int_equal(
	    audit_archive(f->db, now_seconds() - 100 * DAY, 179, f->path, "unit", &r, &e), -1);
	e = (struct derr){0};
	assert_int_equal(audit_archive(f->db, now_seconds() + DAY, 365, f->path, "unit", &r, &e),
	                 -1);
	assert_int_equal(e.kind, DERR_INVALID);
	assert_int_equal(access(f->path, F_OK), -1);
	assert_int_equal(count(f->db, "old.400"), 1);
}

static void database_refuses_forged_archives(void **state)
{
	struct fixture *f = *state;
	int64_t now = now_seconds();
	const char *sha = "0000000000000000000000000000000000000000000000000000000000000000";
	event(f->db, "recent", 10);
	/* An archive releasing rows younger than 180 days. */
	assert_int_not_equal(
	    store_run(
	        f->db,
	        "INSERT INTO audit_archives (created_at, before_at, cutoff_at, retention_days,"
	        " first_id, last_id, exported_rows, file_name, sha256, purging)"
	        " VALUES (?, ?, ?, 180, 1, 100, 0, 'x', ?, 1)",
	        "iiit", now, now, now - 10 * DAY, sha),
	    STORE_OK);
	assert_int_not_equal(store_run(f->db, "DELETE FROM audit_log WHERE action = 'recent'", ""),
	                     STORE_OK);
	assert_int_equal(count(f->db, "recent"), 1);
	/* A legitimate-looking one cannot be changed or removed afterwards. */
	assert_int_equal(
	    store_run(
	        f->db,
	        "INSERT INTO audit_archives (created_at, before_at, cutoff_at, retention_days,"
	        " first_id, last_id, exported_rows, file_name, sha256)"
	        " VALUES (?, ?, ?, 365, 1, 1, 0, 'x', ?)",
	        "iiit", now, now - 400 * DAY, now - 400 * DAY, sha),
	    STORE_OK);
	assert_int_not_equal(store_run(f->db, "UPDATE audit_archives SET purging = 1", ""),
	                     STORE_OK);
	assert_int_not_equal(store_run(f->db, "UPDATE audit_archives SET cutoff_at = 0", ""),
	                     STORE_OK);
	assert_int_not_equal(store_run(f->db, "DELETE FROM audit_archives", ""), STORE_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(retention_floor),
	    cmocka_unit_test_setup_teardown(archive_purges_only_old_archived_rows, setup, teardown),
	    cmocka_unit_test_setup_teardown(refused_runs_write_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(database_refuses_forged_archives, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
