#include "base/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char buf_empty[1];

void buf_init(struct buf *b)
{
	b->data = (char *)buf_empty;
	b->len = b->cap = 0;
	b->oom = 0;
}

void buf_release(struct buf *b)
{
	if (b->cap)
		free(b->data);
	buf_init(b);
}

int buf_grow(struct buf *b, size_t n)
{
	if (b->oom)
		return -1;
	if (b->cap && b->cap - b->len > n) /* room for n bytes and the NUL */
		return 0;
	size_t want = b->len + n + 1;
	if (want < b->len) /* overflow */
		goto fail;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < want) {
		if (cap > ((size_t)-1) / 2)
			goto fail;
		cap *= 2;
	}
	char *p = realloc(b->cap ? b->data : NULL, cap);
	if (!p)
		goto fail;
	if (!b->cap)
		p[0] = '\0';
	b->data = p;
	b->cap = cap;
	return 0;
fail:
	b->oom = 1;
	return -1;
}

void buf_add_grow(struct buf *b, const void *p, size_t n)
{
	if (buf_grow(b, n))
		return;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	char small[256];

	va_copy(cp, ap);
	int n = vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n < 0) {
		b->oom = 1;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		buf_add(b, small, (size_t)n);
		return;
	}
	if (buf_grow(b, (size_t)n))
		return;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->cap)
		b->data[0] = '\0';
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p;
	if (b->oom) {
		buf_release(b);
		return NULL;
	}
	p = b->cap ? b->data : strdup("");
	if (len)
		*len = b->len;
	buf_init(b);
	return p;
}
