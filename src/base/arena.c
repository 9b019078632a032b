#include "base/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 8192
#define ARENA_ALIGN 16

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	_Alignas(ARENA_ALIGN) unsigned char mem[];
};

struct arena_defer {
	struct arena_defer *next;
	void (*fn)(void *);
	void *p;
};

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->defers = NULL;
	a->total = 0;
}

void *arena_defer(struct arena *a, void (*fn)(void *), void *p)
{
	if (p) {
		struct arena_defer *d = arena_alloc(a, sizeof(*d));
		d->fn = fn;
		d->p = p;
		d->next = a->defers;
		a->defers = d;
	}
	return p;
}

void arena_release(struct arena *a)
{
	/* A deferred call may allocate from the arena or defer more: take the
	 * list first and repeat until none is left. */
	while (a->defers) {
		struct arena_defer *d = a->defers;
		a->defers = NULL;
		for (; d; d = d->next)
			d->fn(d->p);
	}
	struct arena_block *b = a->head, *next;
	for (; b; b = next) {
		next = b->next;
		free(b);
	}
	arena_init(a);
}

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);

	if (need < n)
		abort();
	if (!b || b->size - b->used < need) {
		size_t size = need > ARENA_BLOCK / 2 ? need : ARENA_BLOCK;
		b = malloc(sizeof(*b) + size);
		if (!b)
			abort();
		b->used = 0;
		b->size = size;
		/* A big allocation gets its own block behind the current one,
		 * so the current block keeps serving small ones. */
		if (need > ARENA_BLOCK / 2 && a->head) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = b->mem + b->used;
	b->used += need;
	a->total += need;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap, cp;
	va_start(ap, fmt);
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		abort();
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
