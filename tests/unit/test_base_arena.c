#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/arena.h"

static void allocations_are_aligned_and_zeroed(void **state)
{
	struct arena a;
	arena_init(&a);
	for (int i = 1; i < 200; i++) {
		unsigned char *p = arena_alloc(&a, (size_t)i);
		assert_int_equal((uintptr_t)p % 16, 0);
		for (int k = 0; k < i; k++)
			assert_int_equal(p[k], 0);
		memset(p, 0xAB, (size_t)i);
	}
	arena_release(&a);
}

static void big_allocations_keep_small_block(void **state)
{
	struct arena a;
	arena_init(&a);
	char *small1 = arena_strdup(&a, "one");
	char *big = arena_alloc(&a, 100000);
	char *small2 = arena_strdup(&a, "two");
	memset(big, 1, 100000);
	assert_string_equal(small1, "one");
	assert_string_equal(small2, "two");
	/* the second small string came from the same block as the first */
	assert_true(small2 > small1 && small2 - small1 < 8192);
	arena_release(&a);
	assert_null(a.head);
}

static void printf_and_strndup(void **state)
{
	struct arena a;
	arena_init(&a);
	assert_string_equal(arena_printf(&a, "%s-%d", "岗位", 42), "岗位-42");
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	assert_null(arena_strdup(&a, NULL));
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(allocations_are_aligned_and_zeroed),
	    cmocka_unit_test(big_allocations_keep_small_block),
	    cmocka_unit_test(printf_and_strndup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
