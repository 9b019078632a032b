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

static int order[8], norder;

static void record(void *p)
{
	order[norder++] = *(int *)p;
}

static struct arena *reentrant_arena;
static void defer_again(void *p)
{
	/* A deferred call may allocate and defer more: that runs too. */
	int *x = arena_alloc(reentrant_arena, sizeof(int));
	*x = *(int *)p + 100;
	arena_defer(reentrant_arena, record, x);
	record(p);
}

static void defers_run_newest_first_at_release(void **state)
{
	struct arena a;
	static int one = 1, two = 2, three = 3;
	arena_init(&a);
	norder = 0;
	assert_ptr_equal(arena_defer(&a, record, &one), &one);
	arena_defer(&a, record, &two);
	assert_null(arena_defer(&a, record, NULL)); /* NULL: nothing to run */
	arena_defer(&a, record, &three);
	assert_int_equal(norder, 0);
	arena_release(&a);
	assert_int_equal(norder, 3);
	assert_int_equal(order[0], 3);
	assert_int_equal(order[1], 2);
	assert_int_equal(order[2], 1);
	assert_null(a.defers);

	/* Released again: nothing left to run; a defer from a defer runs. */
	norder = 0;
	reentrant_arena = &a;
	arena_defer(&a, defer_again, &one);
	arena_release(&a);
	assert_int_equal(norder, 2);
	assert_int_equal(order[0], 1);
	assert_int_equal(order[1], 101);
	arena_release(&a);
	assert_int_equal(norder, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(allocations_are_aligned_and_zeroed),
	    cmocka_unit_test(big_allocations_keep_small_block),
	    cmocka_unit_test(printf_and_strndup),
	    cmocka_unit_test(defers_run_newest_first_at_release),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
