/*
 * csv_read: CSV and tab-separated text for table_read().
 *
 * Encoding, decided once for the whole file:
 *   EF BB BF            UTF-8 with a byte order mark (Excel "CSV UTF-8")
 *   FF FE / FE FF       UTF-16LE / BE with a byte order mark (Excel "Unicode
 *                       text", which is tab separated)
 *   valid UTF-8         UTF-8
 *   mostly UTF-8        refused, naming the line of the first bad byte: a
 *                       UTF-8 file with a damaged byte must not be decoded as
 *                       GB18030 into plausible-looking Chinese nonsense
 *   otherwise           GB18030, the superset of GBK that Chinese Excel saves
 *                       "CSV (逗号分隔)" in; converted with iconv. Text that is
 *                       neither is refused with the line where it went wrong.
 * A NUL byte in the first 4 KiB of a file without a UTF-16 mark means a
 * binary file, not text.
 *
 * Parsing follows what Excel does when it opens the file, not a stricter
 * reading of RFC 4180, because users check their file in Excel:
 *  - a field is quoted only when its first character is '"'; inside, '""' is
 *    a quote and delimiters and line ends are data;
 *  - text after a closing quote is kept ("ab"c -> abc); a quote inside an
 *    unquoted field is an ordinary character;
 *  - records end at CRLF, LF or CR; a blank line is a record too (it has a
 *    row number in Excel) but is not delivered;
 *  - a quote still open at the end of the file is an error naming the row it
 *    opened in (Excel would swallow the rest of the file into one cell).
 * The delimiter is a comma, or a tab when the first record has tabs and no
 * commas.
 *
 * We parse our own instead of using libcsv: the whole file is in memory
 * anyway, and we need the Excel row number of every record, which libcsv
 * does not give (it skips blank lines silently).
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "base/table_read_int.h"
#include "base/utf8.h"

/* Converts in[0..n) from the encoding `from` to UTF-8 into a malloc'd buffer
 * (*out, *outlen; the caller frees *out). Returns 0, or fails t with a message
 * naming the line (counted in what was converted) where conversion stopped. */
static int to_utf8(struct table_ctx *t, const char *from, const char *what, const char *in,
                   size_t n, char **out, size_t *outlen)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return table_fail(t, "无法转换 %s 编码（系统不支持）", what);

	size_t cap = n / 2 * 3 + 16, done = 0;
	char *buf = malloc(cap);
	char *src = (char *)in;
	size_t left = n;
	int rc = 0;
	if (!buf) {
		rc = table_oom(t);
		goto out_close;
	}
	while (left) {
		char *dst = buf + done;
		size_t room = cap - done;
		size_t r = iconv(cd, &src, &left, &dst, &room);
		done = (size_t)(dst - buf);
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			char *bigger = cap > ((size_t)-1) / 2 ? NULL : realloc(buf, cap * 2);
			if (!bigger) {
				rc = table_oom(t);
				goto out_free;
			}
			buf = bigger;
			cap *= 2;
			continue;
		}
		size_t line = 1;
		for (size_t i = 0; i < done; i++)
			line += buf[i] == '\n';
		rc = table_fail(t,
		                "文件编码无法识别：第 %zu 行有既不是 UTF-8 也不是 %s 的字符。请用 "
		                "Excel 另存为 “CSV UTF-8” 或 .xlsx",
		                line, what);
		goto out_free;
	}
	*out = buf;
	*outlen = done;
	goto out_close;
out_free:
	free(buf);
out_close:
	iconv_close(cd);
	return rc;
}

/*
 * Returns 1 when s[0..n), which is not valid UTF-8, still looks like UTF-8:
 * it has at least four times as many well-formed multi-byte sequences as
 * bytes that fit no sequence. GB18030 Chinese text almost never forms UTF-8
 * sequences, so it scores near zero. *bad_line: the line of the first bad
 * byte.
 */
static int mostly_utf8(const char *s, size_t n, size_t *bad_line)
{
	size_t good = 0, bad = 0, line = 1;

	*bad_line = 0;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			line += c == '\n';
			i++;
			continue;
		}
		size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
		if (len > 1 && len <= n - i && utf8_valid(s + i, len)) {
			good++;
			i += len;
		} else {
			if (!bad++)
				*bad_line = line;
			i++;
		}
	}
	return good > 0 && good >= 4 * bad;
}

/* The delimiter: tab when the first record has tabs and no commas. */
static char find_delimiter(const char *s, size_t n)
{
	int quoted = 0, tabs = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (c == ',')
			return ',';
		else if (c == '\t')
			tabs = 1;
		else if (c == '\n' || c == '\r')
			break;
	}
	return tabs ? '\t' : ',';
}

struct parser {
	struct table_ctx *t;
	struct buf field;
	size_t col;
	size_t record; /* row number of the record being read */
};

static int end_field(struct parser *p)
{
	if (buf_failed(&p->field))
		return table_oom(p->t);
	int rc = table_cell_set(p->t, p->col, p->field.data, p->field.len);
	buf_reset(&p->field);
	p->col++;
	return rc;
}

static int end_record(struct parser *p)
{
	int rc = end_field(p);
	if (!rc)
		rc = table_row_end(p->t);
	p->col = 0;
	table_row_begin(p->t, ++p->record);
	return rc;
}

/* Length of the line end at s[0..n): 2 for CRLF, 1 for LF or CR, else 0. */
static size_t line_end(const char *s, size_t n)
{
	if (s[0] == '\n')
		return 1;
	if (s[0] == '\r')
		return n > 1 && s[1] == '\n' ? 2 : 1;
	return 0;
}

static int parse(struct parser *p, const char *s, size_t n)
{
	const char delim = find_delimiter(s, n);
	size_t i = 0;
	int rc;

	table_row_begin(p->t, p->record = 1);
	while (i < n) {
		/* At the start of a field. */
		if (s[i] == '"') {
			size_t opened = p->record;
			i++;
			for (;;) {
				const char *q = memchr(s + i, '"', n - i);
				if (!q)
					return table_fail(
					    p->t,
					    "第 %zu 行：引号没有闭合（从这里到文件末尾都成了"
					    "一个单元格）",
					    opened);
				buf_add(&p->field, s + i, (size_t)(q - s) - i);
				i = (size_t)(q - s) + 1;
				if (i < n && s[i] == '"') {
					buf_addch(&p->field, '"');
					i++;
					continue;
				}
				break;
			}
		}
		/* Unquoted text, or text after a closing quote, up to the end of
		 * the field. */
		size_t start = i;
		while (i < n && s[i] != delim && s[i] != '\n' && s[i] != '\r')
			i++;
		buf_add(&p->field, s + start, i - start);
		if (i == n)
			break;
		if (s[i] == delim) {
			i++;
			if ((rc = end_field(p)))
				return rc;
			if (i == n) /* "a,b," at the very end: one more empty field */
				return end_record(p);
			continue;
		}
		i += line_end(s + i, n - i);
		if ((rc = end_record(p)))
			return rc;
	}
	/* The last record, when the file does not end with a line end. */
	if (p->col || p->field.len)
		return end_record(p);
	return 0;
}

int table_read_csv(struct table_ctx *t, const unsigned char *data, size_t len)
{
	const char *s = (const char *)data;
	char *converted = NULL;
	size_t n = len;

	if (n >= 2 &&
	    ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF))) {
		const char *enc = data[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
		if (to_utf8(t, enc, "UTF-16", s + 2, n - 2, &converted, &n))
			return -1;
		s = converted;
	} else if (memchr(s, '\0', n < 4096 ? n : 4096)) {
		return table_fail(t, "文件不是 .xlsx 或 CSV（看起来是二进制文件）");
	} else if (n >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
		s += 3, n -= 3;
		if (!utf8_valid(s, n))
			return table_fail(t, "文件标明是 UTF-8，但含有无效的 UTF-8 字符");
	} else if (!utf8_valid(s, n)) {
		size_t line;
		if (mostly_utf8(s, n, &line))
			return table_fail(t, "第 %zu 行有无效的 UTF-8 字符（文件可能已损坏）",
			                  line);
		if (to_utf8(t, "GB18030", "GB18030", s, n, &converted, &n))
			return -1;
		s = converted;
	}

	struct parser p = {.t = t};
	buf_init(&p.field);
	int rc = parse(&p, s, n);
	buf_release(&p.field);
	free(converted);
	return rc;
}
