/* The store interface over SQLite (the PostgreSQL backend is exercised by
 * the API suite against a real server). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "store/migrate.h"
#include "store/store.h"
#include "store/store_internal.h"

static int setup(void **state)
{
	struct store *db;
	char err[256];
	if (store_open("sqlite::memory:", &db, err, sizeof(err)))
		return -1;
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	store_close(*state);
	return 0;
}

static void migrations_apply_once(void **state)
{
	struct store *db = *state;
	char err[256];
	int n = migrate_run(db, err, sizeof(err));
	assert_true(n >= 1);
	assert_int_equal(migrate_run(db, err, sizeof(err)), 0);
	/* Every embedded migration ran; the version is the last one's number
	 * (numbers may skip one that another branch holds). */
	int count = 0, last = 0;
	for (const struct migration *m = migrations_sqlite; m->sql; m++, count++)
		last = m->version;
	assert_int_equal(n, count);
	assert_int_equal(migrate_version(db), last);
}

static void binds_are_data_not_sql(void **state)
{
	struct store *db = *state;
	const char *evil = "x'); DROP TABLE t; --";
	assert_int_equal(store_exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)"),
	                 STORE_OK);
	assert_int_equal(store_run(db, "INSERT INTO t (v) VALUES (?)", "t", evil), STORE_OK);
	json_t *row = store_row(db, "SELECT id, v FROM t WHERE v = ?", "t", evil);
	assert_true(json_is_object(row));
	assert_string_equal(json_string_value(json_object_get(row, "v")), evil);
	assert_int_equal(json_integer_value(json_object_get(row, "id")), 1);
	json_decref(row);
	assert_int_equal(store_run(db, "INSERT INTO t (v) VALUES (?)", "t", evil), STORE_UNIQUE);
	json_t *none = store_row(db, "SELECT id FROM t WHERE v = ?", "t", "nope");
	assert_true(json_is_null(none));
}

static void like_pattern_escapes_wildcards(void **state)
{
	struct store *db = *state;
	char *p = store_like_contains("50%_a\\");
	assert_string_equal(p, "%50\\%\\_a\\\\%");
	assert_int_equal(store_exec(db, "CREATE TABLE w (v TEXT)"), STORE_OK);
	store_run(db, "INSERT INTO w VALUES ('50%_a\\'), ('5000ab'), ('机电50%_a\\班')", "");
	int64_t n = 0;
	assert_int_equal(
	    store_int64(db, &n, "SELECT COUNT(*) FROM w WHERE v LIKE ? ESCAPE '\\'", "t", p),
	    STORE_ROW);
	assert_int_equal(n, 2);
	free(p);
}

static void transaction_rollback_writes_nothing(void **state)
{
	struct store *db = *state;
	int64_t n = -1;
	store_exec(db, "CREATE TABLE r (v INTEGER)");
	assert_int_equal(store_begin(db), STORE_OK);
	store_run(db, "INSERT INTO r VALUES (1)", "");
	assert_int_equal(store_rollback(db), STORE_OK);
	store_int64(db, &n, "SELECT COUNT(*) FROM r", "");
	assert_int_equal(n, 0);
}

static void audit_log_is_append_only(void **state)
{
	struct store *db = *state;
	char err[256];
	assert_true(migrate_run(db, err, sizeof(err)) >= 0);
	assert_int_equal(
	    store_run(db, "INSERT INTO audit_log (at, action, outcome) VALUES (1, 'x', 'ok')", ""),
	    STORE_OK);
	assert_int_not_equal(store_run(db, "UPDATE audit_log SET action = 'y'", ""), STORE_OK);
	assert_int_not_equal(store_run(db, "DELETE FROM audit_log", ""), STORE_OK);
	int64_t n = 0;
	store_int64(db, &n, "SELECT COUNT(*) FROM audit_log WHERE action = 'x'", "");
	assert_int_equal(n, 1);
}

/* The fault-injecting wrapper fails exactly the nth operation, once, and
 * everything before and after it runs for real. */
static void injected_fault_fails_the_nth_operation(void **state)
{
	struct store *db = store_fault_wrap(*state);
	*state = db; /* teardown closes the wrapper, which closes the inner one */
	assert_int_equal(store_kind(db), STORE_SQLITE);
	assert_int_equal(store_exec(db, "CREATE TABLE t (x INTEGER)"), STORE_OK);

	/* Armed with 3: begin (1), insert prepare (2), insert step (3) fails. */
	store_fault_arm(db, 3);
	assert_int_equal(store_begin(db), STORE_OK);
	assert_int_equal(store_in_tx(db), 1);
	assert_int_equal(store_run(db, "INSERT INTO t VALUES (1)", ""), STORE_ERROR);
	assert_string_equal(store_errmsg(db), "injected fault");
	assert_int_equal(store_rollback(db), STORE_OK); /* never refused */
	assert_int_equal(store_in_tx(db), 0);
	assert_int_equal(store_fault_disarm(db), 1);

	int64_t n = -1;
	assert_int_equal(store_int64(db, &n, "SELECT COUNT(*) FROM t", ""), STORE_ROW);
	assert_int_equal(n, 0);

	/* A failed COMMIT leaves nothing behind either. */
	store_fault_arm(db, 4); /* begin, prepare, step, COMMIT */
	assert_int_equal(store_begin(db), STORE_OK);
	assert_int_equal(store_run(db, "INSERT INTO t VALUES (2)", ""), STORE_OK);
	assert_int_equal(store_commit(db), STORE_ERROR);
	assert_int_equal(store_in_tx(db), 0);
	assert_int_equal(store_fault_disarm(db), 1);
	assert_int_equal(store_int64(db, &n, "SELECT COUNT(*) FROM t", ""), STORE_ROW);
	assert_int_equal(n, 0);

	/* Armed beyond what runs: nothing fires. */
	store_fault_arm(db, 50);
	assert_int_equal(store_run(db, "INSERT INTO t VALUES (3)", ""), STORE_OK);
	assert_int_equal(store_fault_disarm(db), 0);
	assert_int_equal(store_int64(db, &n, "SELECT COUNT(*) FROM t", ""), STORE_ROW);
	assert_int_equal(n, 1);
}

/* store_rows_json prints what json_dumps prints of store_rows_args's rows:
 * every column type, reals of every shape, text needing escapes and text
 * that is not UTF-8 (null), a real jansson cannot hold (its key left
 * out), names that repeat, no rows, and more columns than it prints itself. */
static void rows_json_is_store_rows_dumped(void **state)
{
	struct store *db = *state;
	assert_int_equal(store_exec(db, "CREATE TABLE t (i INTEGER, r REAL, s TEXT, n TEXT)"),
	                 STORE_OK);
	assert_int_equal(
	    store_exec(db, "INSERT INTO t VALUES (-9007199254740993, 0.1, 'a\"b\\c', NULL),"
	                   " (0, 1e20, char(1, 8, 9, 10, 12, 13, 31, 127), 'x'),"
	                   " (42, 1e-7, '岗位 ✓', CAST(x'ff41' AS TEXT)),"
	                   " (7, 3.0, '', '/'), (8, -2.5e-300, 'z', 'y'),"
	                   " (9, 123456789012345.0, 'q', 'w'), (10, 1.0 / 3, 'e', 'r'),"
	                   " (11, 9e999, 'inf', 't'), (12, -0.0, 'neg', 'u')"),
	    STORE_OK);
	struct buf many = BUF_INIT;
	buf_adds(&many, "SELECT i");
	for (int c = 0; c < 70; c++)
		buf_addf(&many, ", i + %d AS c%d", c, c);
	buf_adds(&many, " FROM t WHERE i > ?");
	const char *queries[] = {
	    "SELECT * FROM t WHERE i > ? ORDER BY rowid",
	    "SELECT i AS x, s AS y, r AS x, n AS s FROM t WHERE i > ? ORDER BY rowid",
	    "SELECT r AS x, i AS x FROM t WHERE i > ? ORDER BY rowid",
	    "SELECT i, s FROM t WHERE i > ? AND 0",
	    many.data,
	};
	for (size_t q = 0; q < sizeof(queries) / sizeof(queries[0]); q++) {
		struct store_args args = {0};
		store_args_int(&args, INT64_MIN);
		json_t *rows = store_rows_args(db, queries[q], &args);
		assert_non_null(rows);
		char *want = json_dumps(rows, JSON_COMPACT | JSON_REAL_PRECISION(12));
		struct buf got = BUF_INIT;
		buf_adds(&got, "<");
		assert_int_equal(store_rows_json(db, queries[q], &args, &got),
		                 (int64_t)json_array_size(rows));
		assert_string_equal(got.data + 1, want);
		free(want);
		json_decref(rows);
		buf_release(&got);
	}
	buf_release(&many);
	struct buf bad = BUF_INIT;
	struct store_args none = {0};
	assert_int_equal(store_rows_json(db, "SELECT nope FROM t", &none, &bad), -1);
	buf_release(&bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(migrations_apply_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(binds_are_data_not_sql, setup, teardown),
	    cmocka_unit_test_setup_teardown(like_pattern_escapes_wildcards, setup, teardown),
	    cmocka_unit_test_setup_teardown(transaction_rollback_writes_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(audit_log_is_append_only, setup, teardown),
	    cmocka_unit_test_setup_teardown(injected_fault_fails_the_nth_operation, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(rows_json_is_store_rows_dumped, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
