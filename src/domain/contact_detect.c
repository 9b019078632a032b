/* Contact data in a message's text: the rules are listed in contact_detect.h. */
#include "domain/contact_detect.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_GROUPS 24

/* One UTF-8 code point at s (advances *len); invalid bytes are read one
 * at a time as themselves. */
static uint32_t next_cp(const unsigned char *s, size_t *len)
{
	if (s[0] < 0x80 || (s[0] & 0xe0) == 0x80) {
		*len = 1;
		return s[0];
	}
	int n = (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3 : 4;
	uint32_t cp = s[0] & (0x7f >> n);
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*len = 1;
			return s[0];
		}
		cp = cp << 6 | (s[i] & 0x3f);
	}
	*len = (size_t)n;
	return cp;
}

/* Writes text into out (at least 4 * strlen + 1 bytes) with full-width
 * forms as ASCII, dashes as '-', the ideographic space as ' ' and ASCII
 * letters in lower case; other characters are copied. */
static void normalize(const char *text, char *out)
{
	const unsigned char *s = (const unsigned char *)text;
	char *o = out;
	while (*s) {
		size_t len;
		uint32_t cp = next_cp(s, &len);
		if (cp >= 0xff01 && cp <= 0xff5e)
			cp -= 0xfee0;
		else if (cp == 0x3000)
			cp = ' ';
		else if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212)
			cp = '-';
		if (cp < 0x80) {
			*o++ = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
		} else {
			memcpy(o, s, len);
			o += len;
		}
		s += len;
	}
	*o = '\0';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '-' || c == '.' || c == '_' || c == '(' || c == ')';
}

static int is_alpha(char c)
{
	return c >= 'a' && c <= 'z';
}

/* A word that announces a phone number ends within the few bytes before
 * position at (start of the text: t). */
static int phone_word_before(const char *t, const char *at)
{
	static const char *const words[] = {"电话", "座机", "热线",  "致电",
	                                    "拨打", "tel",  "phone", NULL};
	const char *from = at - t > 16 ? at - 16 : t;
	for (const char *const *w = words; *w; w++) {
		size_t n = strlen(*w);
		for (const char *p = from; p + n <= at; p++)
			if (!memcmp(p, *w, n))
				return 1;
	}
	return 0;
}

/* The kind of phone number the n digits d are, or NULL. */
static const char *phone_kind(const char *d, size_t n, int announced)
{
	if (n == 15 && !memcmp(d, "0086", 4))
		d += 4, n -= 4;
	else if (n == 13 && !memcmp(d, "86", 2) && d[2] == '1')
		d += 2, n -= 2;
	if (n == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9')
		return "手机号";
	if (d[0] == '0' && d[1] != '0' && n >= 10 && n <= 12)
		return "固定电话";
	if (announced && d[0] != '0' && n >= 7 && n <= 8)
		return "固定电话";
	return NULL;
}

/* A run of digit groups (split by one or two separators) starting at *p:
 * checks every window of whole groups holding at most one group of five
 * or more digits (two such groups are two numbers: 13000-150000 is a
 * range, not a phone).  Advances *p past the run. */
static const char *digit_run(const char *t, const char **p)
{
	const char *start = *p, *s = *p;
	size_t glen[MAX_GROUPS], goff[MAX_GROUPS], ng = 0, nd = 0;
	char d[MAX_GROUPS * 15]; /* a group of up to 15 digits: 0086 and 11 */
	for (;;) {
		size_t len = 0;
		while (is_digit(s[len]))
			len++;
		if (ng < MAX_GROUPS && nd + len <= sizeof(d) && len <= 15) {
			memcpy(d + nd, s, len);
			goff[ng] = nd;
			glen[ng++] = len;
			nd += len;
		}
		s += len;
		size_t sep = 0;
		while (sep < 2 && is_sep(s[sep]))
			sep++;
		if (!is_digit(s[sep]))
			break;
		s += sep;
	}
	*p = s;
	int announced = phone_word_before(t, start);
	for (size_t a = 0; a < ng; a++) {
		size_t n = 0, long_groups = 0;
		for (size_t b = a; b < ng; b++) {
			n += glen[b];
			long_groups += glen[b] >= 5;
			if (n > 15 || long_groups > 1)
				break;
			const char *kind = phone_kind(d + goff[a], n, announced);
			if (kind)
				return kind;
		}
	}
	return NULL;
}

static int email_local(char c)
{
	return is_alpha(c) || is_digit(c) || c == '.' || c == '_' || c == '%' || c == '+' ||
	       c == '-';
}

/* name@domain.tld around the '@' at at. */
static int email_at(const char *t, const char *at)
{
	if (at == t || !email_local(at[-1]))
		return 0;
	const char *s = at + 1;
	int labels = 0;
	for (;;) {
		size_t n = 0;
		while (is_alpha(s[n]) || is_digit(s[n]) || s[n] == '-')
			n++;
		if (!n)
			return 0;
		size_t letters = 0;
		while (letters < n && is_alpha(s[letters]))
			letters++;
		s += n;
		labels++;
		if (*s != '.' || !(is_alpha(s[1]) || is_digit(s[1])))
			return labels >= 2 && letters == n && n >= 2;
		s++;
	}
}

/* After a WeChat/QQ word at p: skips the fillers people put before an id
 * (: = 号 是 为 id …), then returns 1 when an id follows: 6 or more
 * letters, digits, _ or -, or 5 or more digits. */
static int id_after(const char *p)
{
	static const char *const fillers[] = {
	    " ", ":", "=", "-", "号码", "号", "是", "为", "id", "\xef\xbc\x9a" /* ： unmapped */,
	    NULL};
	for (int rounds = 0; rounds < 8; rounds++) {
		int skipped = 0;
		for (const char *const *f = fillers; *f && !skipped; f++)
			if (!strncmp(p, *f, strlen(*f))) {
				p += strlen(*f);
				skipped = 1;
			}
		if (!skipped)
			break;
	}
	size_t n = 0, digits = 0;
	while (is_alpha(p[n]) || is_digit(p[n]) || p[n] == '_' || p[n] == '-')
		digits += is_digit(p[n++]);
	return n >= 6 || (n >= 5 && digits == n);
}

/* A WeChat or QQ word followed by an id anywhere in t. */
static int im_id(const char *t)
{
	static const char *const words[] = {"微信",   "威信",   "薇信", "v信", "扣扣", "企鹅",
	                                    "weixin", "wechat", "vx",   "wx",  "qq",   NULL};
	for (const char *const *w = words; *w; w++) {
		size_t n = strlen(*w);
		for (const char *p = strstr(t, *w); p; p = strstr(p + 1, *w)) {
			/* An ASCII word must be a word of its own: not inside
			 * "xwxyz", not the start of "wxwidgets" or "qqmail"
			 * (digits may follow at once: "qq12345678"). */
			if (is_alpha(**w) && ((p > t && is_alpha(p[-1])) || is_alpha(p[n])))
				continue;
			if (id_after(p + n))
				return 1;
		}
	}
	return 0;
}

const char *contact_detect(const char *text)
{
	if (!text || !*text)
		return NULL;
	size_t len = strlen(text);
	char small[4096], *t = len * 4 + 1 <= sizeof(small) ? small : malloc(len * 4 + 1);
	if (!t)
		return "手机号"; /* out of memory: refuse rather than let it through */
	normalize(text, t);
	const char *kind = NULL;
	for (const char *p = t; *p && !kind;) {
		if (is_digit(*p))
			kind = digit_run(t, &p);
		else if (*p == '@' && email_at(t, p))
			kind = "电子邮箱";
		else
			p++;
	}
	if (!kind && im_id(t))
		kind = "微信号或QQ号";
	if (t != small)
		free(t);
	return kind;
}
