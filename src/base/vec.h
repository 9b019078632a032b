/*
 * vec: one growable array for every element type (after Git's ALLOC_GROW
 * and h2o's H2O_VECTOR_RESERVE), instead of a realloc doubling written out
 * at each site.
 *
 *     VEC(int64_t) ids = VEC_INIT;
 *     if (VEC_PUSH(&ids, 42))
 *             goto out_of_memory;   // ids is unchanged, nothing was lost
 *     for (size_t i = 0; i < ids.n; i++) ... ids.v[i] ...
 *     VEC_FREE(&ids);
 *
 * An out-of-memory is never silent: VEC_RESERVE and VEC_PUSH return -1 and
 * leave the array as it was, so the caller can report it.
 */
#ifndef SKYWAY_BASE_VEC_H
#define SKYWAY_BASE_VEC_H

#include <stddef.h>
#include <stdlib.h>

#define VEC(type)                                                                                  \
	struct {                                                                                   \
		type *v;                                                                           \
		size_t n, cap;                                                                     \
	}
#define VEC_INIT                                                                                   \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* Makes room for at least `need` elements of `elem` bytes in *v (capacity
 * *cap, doubled, at least 8).  Returns 0, or -1 with *v and *cap unchanged. */
int vec_grow(void **v, size_t *cap, size_t need, size_t elem);

/* Room for n more elements; 0 or -1 (out of memory, nothing changed). */
#define VEC_RESERVE(a, more)                                                                       \
	((a)->n + (more) <= (a)->cap                                                               \
	     ? 0                                                                                   \
	     : vec_grow((void **)&(a)->v, &(a)->cap, (a)->n + (more), sizeof(*(a)->v)))
/* Appends x; 0 or -1 (out of memory, nothing changed). */
#define VEC_PUSH(a, x) (VEC_RESERVE(a, 1) ? -1 : ((a)->v[(a)->n++] = (x), 0))
/* Frees the elements' storage; the array is empty and usable again. */
#define VEC_FREE(a) (free((a)->v), (a)->v = NULL, (a)->n = (a)->cap = 0)
/* Hands the storage to the caller (free() it); the array is left empty. */
#define VEC_DETACH(a, out_n)                                                                       \
	(*(out_n) = (a)->n, (a)->n = (a)->cap = 0, vec_detach_((void **)&(a)->v))

static inline void *vec_detach_(void **v)
{
	void *p = *v;
	*v = NULL;
	return p;
}

#endif
