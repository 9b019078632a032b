/* The domain's one error convention: first failure wins, an internal one
 * outranks it, and a store failure rolls back what the function wrote. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/derr.h"
#include "store/store.h"

static void first_failure_wins(void **state)
{
	struct derr e = {0};
	assert_int_equal(derr_set(&e, DERR_NOT_FOUND, "id", "岗位不存在"), -1);
	assert_int_equal(derr_set(&e, DERR_INVALID, "title", "标题太长"), -1);
	assert_int_equal(e.kind, DERR_NOT_FOUND);
	assert_string_equal(e.field, "id");
	assert_string_equal(e.message, "岗位不存在");
	assert_int_equal(derr_status(e.kind), 404);
	assert_string_equal(derr_kind_code(e.kind), "not_found");
	assert_null(e.code);

	struct derr c = {0};
	derr_code(&c, DERR_RULE, "expired", "pass", "入场凭证已过期");
	assert_int_equal(derr_status(c.kind), 422);
	assert_string_equal(c.code, "expired");
}

static void internal_outranks_and_keeps_detail(void **state)
{
	struct derr e = {0};
	derr_set(&e, DERR_INVALID, "name", "名称太短");
	assert_int_equal(derr_internal(&e, "fair insert"), -1);
	assert_int_equal(e.kind, DERR_INTERNAL);
	assert_null(e.field);
	assert_string_equal(e.detail, "fair insert");
	assert_int_equal(derr_status(e.kind), 500);
	/* a later internal failure does not overwrite the first's detail */
	derr_internal(&e, "second");
	assert_string_equal(e.detail, "fair insert");
	assert_int_equal(derr_status((enum derr_kind)99), 500);
}

static void store_failure_rolls_back(void **state)
{
	struct store *db;
	char err[256];
	assert_int_equal(store_open("sqlite::memory:", &db, err, sizeof(err)), 0);
	assert_int_equal(store_exec(db, "CREATE TABLE t (x INTEGER UNIQUE)"), STORE_OK);
	assert_int_equal(store_begin(db), STORE_OK);
	assert_int_equal(store_run(db, "INSERT INTO t VALUES (1)", ""), STORE_OK);
	assert_int_equal(store_run(db, "INSERT INTO nosuch VALUES (1)", ""), STORE_ERROR);
	struct derr e = {0};
	assert_int_equal(derr_store(&e, db, "t insert"), -1);
	assert_int_equal(e.kind, DERR_INTERNAL);
	assert_non_null(strstr(e.detail, "t insert: "));
	assert_non_null(strstr(e.detail, "nosuch"));
	int64_t n = -1;
	assert_int_equal(store_int64(db, &n, "SELECT COUNT(*) FROM t", ""), STORE_ROW);
	assert_int_equal(n, 0); /* the first insert was rolled back */
	store_close(db);
}

static void formatted_refusals_stay_utf8(void **state)
{
	struct derr e = {0};
	assert_int_equal(derr_setf(&e, DERR_INVALID, "position_ids", "第 %d 志愿不是本轮的岗位", 3),
	                 -1);
	assert_string_equal(e.message, "第 3 志愿不是本轮的岗位");
	assert_string_equal(e.field, "position_ids");
	/* the first failure wins here too: its words are not overwritten */
	derr_setf(&e, DERR_RULE, NULL, "%s", "别的");
	assert_string_equal(e.message, "第 3 志愿不是本轮的岗位");

	/* A message longer than the buffer is cut before the character the limit
	 * split, never inside it (3-byte characters against an odd limit). */
	char long_text[400] = "";
	for (int i = 0; i < 120; i++)
		strcat(long_text, "岗");
	struct derr cut = {0};
	derr_setf(&cut, DERR_INVALID, NULL, "xx%s", long_text);
	size_t n = strlen(cut.message);
	assert_true(n < sizeof(cut.text) && n + 3 >= sizeof(cut.text)); /* as much as fits */
	assert_int_equal((n - 2) % 3, 0); /* "xx" then whole characters */
	assert_int_equal(memcmp(cut.message + n - 3, "岗", 3), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(first_failure_wins),
	    cmocka_unit_test(internal_outranks_and_keeps_detail),
	    cmocka_unit_test(store_failure_rolls_back),
	    cmocka_unit_test(formatted_refusals_stay_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
