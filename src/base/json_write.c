/* JSON text as jansson's compact dump writes it (json_write.h). */
#include "base/json_write.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void json_write_string(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	buf_addch(b, '"');
	const char *run = s;
	for (const unsigned char *p = (const unsigned char *)s;; p++) {
		unsigned char c = *p;
		if (c && c != '"' && c != '\\' && c >= 0x20)
			continue;
		buf_add(b, run, (size_t)((const char *)p - run));
		if (!c)
			break;
		run = (const char *)p + 1;
		switch (c) {
		case '"':
			buf_add(b, "\\\"", 2);
			break;
		case '\\':
			buf_add(b, "\\\\", 2);
			break;
		case '\b':
			buf_add(b, "\\b", 2);
			break;
		case '\f':
			buf_add(b, "\\f", 2);
			break;
		case '\n':
			buf_add(b, "\\n", 2);
			break;
		case '\r':
			buf_add(b, "\\r", 2);
			break;
		case '\t':
			buf_add(b, "\\t", 2);
			break;
		default: {
			char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			buf_add(b, esc, 6);
		}
		}
	}
	buf_addch(b, '"');
}

void json_write_int(struct buf *b, int64_t n)
{
	char text[24], *p = text + sizeof(text);
	uint64_t u = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (n < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(text + sizeof(text) - p));
}

int json_write_real(struct buf *b, double v, int precision)
{
	char text[64];
	if (!isfinite(v))
		return -1;
	int n = snprintf(text, sizeof(text) - 3, "%.*g", precision > 0 ? precision : 17, v);
	if (n < 0 || (size_t)n >= sizeof(text) - 3)
		return -1;
	size_t len = (size_t)n;
	if (!strchr(text, '.') && !strchr(text, 'e')) {
		memcpy(text + len, ".0", 3);
		len += 2;
	}
	char *e = strchr(text, 'e');
	if (e) { /* jansson's jsonp_dtostr: "1e+20" -> "1e20", "1e-07" -> "1e-7" */
		char *start = e + 1, *end = e + 2;
		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start) {
			memmove(start, end, len - (size_t)(end - text) + 1);
			len -= (size_t)(end - start);
		}
	}
	buf_add(b, text, len);
	return 0;
}
