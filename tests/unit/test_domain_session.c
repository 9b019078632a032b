#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <string.h>

#include "domain/account.h"
#include "domain/session.h"
#include "store/migrate.h"

static const struct session_config cfg = {1800, 43200};

static void idle_timeout_boundary(void **state)
{
	assert_false(session_expired(&cfg, 1000, 1000, 1000 + 1800));
	assert_true(session_expired(&cfg, 1000, 1000, 1000 + 1801));
}

static void absolute_timeout_despite_activity(void **state)
{
	int64_t t0 = 1000000;
	assert_false(session_expired(&cfg, t0, t0 + 43199, t0 + 43200));
	assert_true(session_expired(&cfg, t0, t0 + 43200, t0 + 43201));
}

static void tokens_stored_hashed_and_looked_up(void **state)
{
	struct store *db;
	char err[256], token[65], csrf[65];
	int64_t id;
	struct actor a;
	assert_int_equal(store_open("sqlite::memory:", &db, err, sizeof(err)), 0);
	assert_true(migrate_run(db, err, sizeof(err)) > 0);
	assert_int_equal(account_insert(db, "zhang", NULL, "student", "张三", 0, NULL, 0, &id),
	                 STORE_OK);
	assert_int_equal(session_create(db, id, "127.0.0.1", token, csrf), STORE_OK);
	assert_int_equal(strlen(token), 64);
	assert_string_not_equal(token, csrf);
	/* the raw token is nowhere in the table */
	int64_t n = -1;
	assert_int_equal(
	    store_int64(db, &n, "SELECT COUNT(*) FROM sessions WHERE token_hash = ?", "t", token),
	    STORE_ROW);
	assert_int_equal(n, 0);
	assert_int_equal(session_lookup(db, token, &a), 1);
	assert_int_equal(a.id, id);
	assert_int_equal(a.role, ROLE_STUDENT);
	assert_string_equal(a.csrf, csrf);
	token[0] = token[0] == 'a' ? 'b' : 'a';
	assert_int_equal(session_lookup(db, token, &a), 0);
	assert_int_equal(session_lookup(db, "short", &a), 0);
	token[0] = token[0] == 'a' ? 'b' : 'a';
	/* a disabled account's session no longer counts */
	assert_int_equal(store_run(db, "UPDATE accounts SET status = 'disabled'", ""), STORE_OK);
	assert_int_equal(session_lookup(db, token, &a), 0);
	store_close(db);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(idle_timeout_boundary),
	    cmocka_unit_test(absolute_timeout_despite_activity),
	    cmocka_unit_test(tokens_stored_hashed_and_looked_up),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
