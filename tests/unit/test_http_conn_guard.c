/* http/conn_guard: the connection limit follows the open-file limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sys/resource.h>

#include "http/conn_guard.h"

/* A soft limit below the hard one is raised to it; the wanted limit stands
 * when the descriptors allow it. */
static void raises_the_soft_limit(void **state)
{
	(void)state;
	struct rlimit rl;
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
	if (rl.rlim_max < 2048)
		skip();
	struct rlimit low = {256, rl.rlim_max};
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
	unsigned limit = conn_guard_connection_limit(1000, 8);
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
	assert_true(rl.rlim_cur == rl.rlim_max);
	assert_int_equal(limit, 1000);
}

/* With few descriptors the limit leaves a reserve for the workers'
 * database connections and files: 64 + 4 per thread. */
static void keeps_a_reserve_below_the_hard_limit(void **state)
{
	(void)state;
	struct rlimit rl;
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
	if (rl.rlim_max < 512)
		skip();
	struct rlimit tight = {512, 512}; /* a hard limit cannot be raised again: last test */
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &tight), 0);
	assert_int_equal(conn_guard_connection_limit(4000, 32), 512 - (64 + 4 * 32));
	assert_int_equal(conn_guard_connection_limit(100, 32), 100);
	/* Never below a handful, even when the reserve takes everything. */
	assert_int_equal(conn_guard_connection_limit(4000, 200), 16);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(raises_the_soft_limit),
	    cmocka_unit_test(keeps_a_reserve_below_the_hard_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
