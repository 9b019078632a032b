/*
 * partial_sort: the first k of n elements in order, the rest in any order
 * (C++'s std::partial_sort): a quickselect puts the k smallest first, then
 * qsort orders them.  A search page needs the first 21 of thousands of
 * positions found, not all of them sorted (issue 9: sorting them was
 * ~40% of a search's CPU).
 */
#ifndef SKYWAY_BASE_PARTIAL_SORT_H
#define SKYWAY_BASE_PARTIAL_SORT_H

#include <stddef.h>

/* Rearranges base[0..n) (elements of size bytes, at most 64) so that its
 * first k are the k smallest by cmp, in cmp's order, the rest after them
 * in no order.  With a total order (cmp never 0 for distinct elements)
 * the first k are exactly those a qsort of all n puts first. */
void partial_sort(void *base, size_t n, size_t size, size_t k,
                  int (*cmp)(const void *, const void *));

#endif
