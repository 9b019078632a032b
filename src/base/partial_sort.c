/* The first k elements in order (partial_sort.h). */
#include "base/partial_sort.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define AT(i) (b + (i)*size)

/* Swaps two elements: by 8-byte words when they are made of them (the
 * usual structs of ids and scores), without a call to memcpy per swap. */
static inline void swap(unsigned char *x, unsigned char *y, size_t size)
{
	if (x == y)
		return;
	if (size % 8 == 0) {
		for (size_t i = 0; i < size; i += 8) {
			uint64_t a, b;
			memcpy(&a, x + i, 8);
			memcpy(&b, y + i, 8);
			memcpy(x + i, &b, 8);
			memcpy(y + i, &a, 8);
		}
		return;
	}
	unsigned char t[64];
	memcpy(t, x, size);
	memcpy(x, y, size);
	memcpy(y, t, size);
}

void partial_sort(void *base, size_t n, size_t size, size_t k,
                  int (*cmp)(const void *, const void *))
{
	unsigned char *b = base;
	if (k > n)
		k = n;
	if (!k)
		return;
	if (k >= n / 2 || size > 64) {
		qsort(base, n, size, cmp);
		return;
	}
	/* Quickselect: narrow [lo, hi] until the k smallest are b[0..k). */
	size_t lo = 0, hi = n - 1;
	while (hi > lo) {
		/* Median of three as the pivot, moved to hi. */
		size_t mid = lo + (hi - lo) / 2;
		if (cmp(AT(mid), AT(lo)) < 0)
			swap(AT(mid), AT(lo), size);
		if (cmp(AT(hi), AT(lo)) < 0)
			swap(AT(hi), AT(lo), size);
		if (cmp(AT(mid), AT(hi)) < 0)
			swap(AT(mid), AT(hi), size);
		/* Lomuto partition around b[hi]. */
		size_t store = lo;
		for (size_t i = lo; i < hi; i++)
			if (cmp(AT(i), AT(hi)) < 0)
				swap(AT(i), AT(store++), size);
		swap(AT(store), AT(hi), size);
		/* b[lo..store) < pivot = b[store] <= b(store..hi] */
		if (store == k - 1 || store == k)
			break;
		if (store > k)
			hi = store - 1;
		else
			lo = store + 1;
	}
	qsort(base, k, size, cmp);
}
