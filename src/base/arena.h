/*
 * arena: a per-request memory pool (after h2o's and lwan's).
 *
 * Everything a request allocates comes from its arena and is freed at once
 * by arena_release() after the response is sent: handlers never free().
 * Allocation failure aborts the process: a request arena is small, and
 * a server that cannot allocate a few kilobytes cannot answer anyway.
 */
#ifndef SKYWAY_BASE_ARENA_H
#define SKYWAY_BASE_ARENA_H

#include <stddef.h>

struct arena_block;
struct arena_defer;
struct arena {
	struct arena_block *head;
	struct arena_defer *defers; /* run by arena_release, newest first */
	size_t total;               /* bytes handed out, for limits and metrics */
};

void arena_init(struct arena *a);
/* Runs the deferred calls (newest first), then frees every block.  The
 * arena can be used again afterwards. */
void arena_release(struct arena *a);
/* Ties a heap object to the arena (h2o's h2o_mem_alloc_shared): fn(p) runs
 * when the arena is released.  p may be NULL (then nothing runs).  Returns p. */
void *arena_defer(struct arena *a, void (*fn)(void *), void *p);
/* Returns n zeroed bytes aligned for any type, owned by the arena. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* printf into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
