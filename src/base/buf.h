/*
 * buf: a growable byte buffer (after Git's strbuf and SQLite's sqlite3_str).
 *
 *  - b->data is never NULL: an empty buffer points at a static "".
 *  - An append that cannot allocate sets the sticky b->oom flag and is
 *    ignored; callers check once, at the end (buf_failed()).
 *  - The bytes are always NUL-terminated, so b->data is a C string when
 *    no NUL was appended.
 *  - buf_detach() is the only way to take the bytes; the caller frees them.
 */
#ifndef SKYWAY_BASE_BUF_H
#define SKYWAY_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
	int oom;
};

#define BUF_INIT                                                                                   \
	{                                                                                          \
		(char *)buf_empty, 0, 0, 0                                                         \
	}
extern const char buf_empty[1];

void buf_init(struct buf *b);
/* Frees the contents and leaves b empty and reusable. */
void buf_release(struct buf *b);
/* Makes room for at least n more bytes; returns 0 or -1 (and sets oom). */
int buf_grow(struct buf *b, size_t n);
/* buf_add and buf_addch when b has no room yet (or failed). */
void buf_add_grow(struct buf *b, const void *p, size_t n);
/* Appends n bytes (the common case, room enough, inline: a JSON answer is
 * written a few bytes at a time). */
static inline void buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->cap - b->len > n && !b->oom) { /* room for n bytes and the NUL; cap 0: none */
		memcpy(b->data + b->len, p, n);
		b->len += n;
		b->data[b->len] = '\0';
	} else {
		buf_add_grow(b, p, n);
	}
}
static inline void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}
static inline void buf_addch(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap);
void buf_reset(struct buf *b);
/* Returns the bytes (malloc'd, NUL-terminated; caller frees) and empties b.
 * Returns NULL when an earlier append failed. */
char *buf_detach(struct buf *b, size_t *len);
static inline int buf_failed(const struct buf *b)
{
	return b->oom;
}

#endif
