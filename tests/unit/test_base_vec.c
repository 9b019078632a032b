#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/partial_sort.h"
#include "base/vec.h"

struct pair {
	int64_t a;
	char b[3];
};

static void push_grows_and_keeps_values(void **state)
{
	VEC(int64_t) v = VEC_INIT;
	for (int64_t i = 0; i < 10000; i++)
		assert_int_equal(VEC_PUSH(&v, i * 3), 0);
	assert_int_equal(v.n, 10000);
	assert_true(v.cap >= v.n);
	for (size_t i = 0; i < v.n; i++)
		assert_int_equal(v.v[i], (int64_t)i * 3);
	VEC_FREE(&v);
	assert_null(v.v);
	assert_int_equal(v.n, 0);
	assert_int_equal(VEC_PUSH(&v, 7), 0); /* usable again */
	assert_int_equal(v.v[0], 7);
	VEC_FREE(&v);
}

static void structs_reserve_and_detach(void **state)
{
	VEC(struct pair) v = VEC_INIT;
	assert_int_equal(VEC_RESERVE(&v, 100), 0);
	assert_true(v.cap >= 100);
	assert_int_equal(v.n, 0);
	struct pair p = {.a = 5, .b = "ok"};
	assert_int_equal(VEC_PUSH(&v, p), 0);
	size_t n;
	struct pair *out = VEC_DETACH(&v, &n);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].a, 5);
	assert_string_equal(out[0].b, "ok");
	assert_null(v.v);
	assert_int_equal(v.n, 0);
	free(out);
}

static void overflow_fails_and_changes_nothing(void **state)
{
	VEC(int64_t) v = VEC_INIT;
	assert_int_equal(VEC_PUSH(&v, 1), 0);
	int64_t *before = v.v;
	size_t cap = v.cap;
	assert_int_equal(VEC_RESERVE(&v, SIZE_MAX / 4), -1);
	assert_ptr_equal(v.v, before);
	assert_int_equal(v.cap, cap);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.v[0], 1);
	VEC_FREE(&v);
}

static int int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return x < y ? -1 : x > y;
}

/* partial_sort's first k are qsort's first k, the rest the same elements. */
static void partial_sort_puts_the_first_k_in_order(void **state)
{
	enum { N = 500 };
	int v[N], w[N];
	srand(7);
	for (int round = 0; round < 40; round++) {
		for (int i = 0; i < N; i++)
			v[i] = i;
		for (int i = N - 1; i > 0; i--) { /* shuffled distinct values */
			int j = rand() % (i + 1), t = v[i];
			v[i] = v[j];
			v[j] = t;
		}
		size_t n = (size_t)(round < 20 ? N : rand() % N), k = (size_t)(rand() % 60);
		if (round % 3 == 0)
			k = n;
		memcpy(w, v, sizeof(v));
		partial_sort(w, n, sizeof(int), k, int_cmp);
		int sorted[N];
		memcpy(sorted, v, n * sizeof(int));
		qsort(sorted, n, sizeof(int), int_cmp);
		assert_memory_equal(w, sorted, (k < n ? k : n) * sizeof(int));
		qsort(w, n, sizeof(int), int_cmp);
		assert_memory_equal(w, sorted, n * sizeof(int));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(push_grows_and_keeps_values),
	    cmocka_unit_test(structs_reserve_and_detach),
	    cmocka_unit_test(overflow_fails_and_changes_nothing),
	    cmocka_unit_test(partial_sort_puts_the_first_k_in_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
