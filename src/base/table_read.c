/*
 * table_read: format detection, limits and the row builder shared by the
 * .xlsx reader (xlsx_read.c) and the CSV reader (csv_read.c).
 */
#include "base/table_read.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/table_read_int.h"
#include "base/utf8.h"

void table_column_name(size_t col, char out[TABLE_COLUMN_NAME_SIZE])
{
	char rev[TABLE_COLUMN_NAME_SIZE];
	size_t n = 0;

	/* Bijective base 26: A..Z, AA..ZZ, AAA.. */
	for (size_t c = col;; c = c / 26 - 1) {
		rev[n++] = (char)('A' + c % 26);
		if (c < 26)
			break;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = rev[n - 1 - i];
	out[n] = '\0';
}

void table_size_text(size_t bytes, char *out, size_t outlen)
{
	if (bytes >= (1u << 20) && bytes % (1u << 20) == 0)
		snprintf(out, outlen, "%zu MiB", bytes >> 20);
	else if (bytes >= (1u << 10) && bytes % (1u << 10) == 0)
		snprintf(out, outlen, "%zu KiB", bytes >> 10);
	else
		snprintf(out, outlen, "%zu 字节", bytes);
}

static int continuation_only(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			return 0;
	return 1;
}

/* Makes s valid UTF-8, which a message must be (jansson refuses others):
 * drops a character that truncation cut at the end, and replaces any other
 * byte that starts no well-formed sequence with '?'. */
static void make_utf8(char *s)
{
	for (size_t n = strlen(s); *s; s++, n--) {
		unsigned char c = (unsigned char)*s;
		size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
		if (want > n && continuation_only(s + 1)) {
			*s = '\0';
			return;
		}
		size_t len = 1;
		while (len < 4 && len < n && ((unsigned char)s[len] & 0xC0) == 0x80)
			len++;
		while (len > 1 && !utf8_valid(s, len))
			len--;
		if (len == 1 && !utf8_valid(s, 1))
			*s = '?';
		s += len - 1, n -= len - 1;
	}
}

int table_fail(struct table_ctx *t, const char *fmt, ...)
{
	va_list ap;

	if (t->errlen) {
		va_start(ap, fmt);
		vsnprintf(t->err, t->errlen, fmt, ap);
		va_end(ap);
		make_utf8(t->err);
	}
	t->rc = -1;
	return -1;
}

int table_oom(struct table_ctx *t)
{
	return table_fail(t, "内存不足");
}

void table_row_begin(struct table_ctx *t, size_t line)
{
	t->line = line;
	t->used = 0;
	buf_reset(&t->text);
	buf_addch(&t->text, '\0'); /* offset 0: the empty cell */
}

static int grow_columns(struct table_ctx *t, size_t col)
{
	size_t cap = t->offs_cap ? t->offs_cap : 16;

	while (cap <= col)
		cap *= 2;
	if (cap > t->lim.max_cols)
		cap = t->lim.max_cols;
	size_t *offs = realloc(t->offs, cap * sizeof(*offs));
	if (!offs)
		return table_oom(t);
	t->offs = offs;
	char **cells = realloc(t->cells, cap * sizeof(*cells));
	if (!cells)
		return table_oom(t);
	t->cells = cells;
	t->offs_cap = cap;
	return 0;
}

/* Appends s[0..n) to text with CRLF and CR turned into LF; returns the first
 * control character left (other than tab and LF), or -1. */
static int append_normalised(struct buf *text, const char *s, size_t n)
{
	int bad = -1;
	size_t start = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != 0x7F)
			continue;
		if (c == '\r') {
			buf_add(text, s + start, i - start);
			buf_addch(text, '\n');
			if (i + 1 < n && s[i + 1] == '\n')
				i++;
			start = i + 1;
		} else if (c != '\t' && c != '\n' && bad < 0) {
			bad = c;
		}
	}
	buf_add(text, s + start, n - start);
	return bad;
}

int table_cell_fail(struct table_ctx *t, size_t col, const char *what)
{
	char name[TABLE_COLUMN_NAME_SIZE];
	table_column_name(col, name);
	return table_fail(t, "第 %zu 行 %s 列%s", t->line, name, what);
}

int table_cell_too_long(struct table_ctx *t, size_t col)
{
	char size[32], what[64];
	table_size_text(t->lim.max_cell_bytes, size, sizeof(size));
	snprintf(what, sizeof(what), "的内容超过单元格上限 %s", size);
	return table_cell_fail(t, col, what);
}

int table_cell_set(struct table_ctx *t, size_t col, const char *s, size_t n)
{
	char what[64];

	if (n == 0) {
		if (col < t->used)
			t->offs[col] = 0;
		return 0;
	}
	if (col >= t->lim.max_cols) {
		snprintf(what, sizeof(what), "超出列数上限 %zu", t->lim.max_cols);
		return table_cell_fail(t, col, what);
	}
	if (n > t->lim.max_cell_bytes)
		return table_cell_too_long(t, col);
	if (!utf8_valid(s, n))
		return table_cell_fail(t, col, "不是有效的 UTF-8 文本");
	if (col >= t->offs_cap && grow_columns(t, col))
		return -1;
	while (t->used <= col)
		t->offs[t->used++] = 0;

	size_t off = t->text.len;
	int bad = append_normalised(&t->text, s, n);
	buf_addch(&t->text, '\0');
	if (buf_failed(&t->text))
		return table_oom(t);
	if (bad >= 0) {
		snprintf(what, sizeof(what), "含有不可见的控制字符 (0x%02X)", (unsigned)bad);
		return table_cell_fail(t, col, what);
	}
	t->offs[col] = off;
	return 0;
}

int table_row_end(struct table_ctx *t)
{
	size_t ncells = t->used;

	while (ncells && !t->offs[ncells - 1])
		ncells--;
	if (!ncells)
		return 0;
	if (t->rows == t->lim.max_rows)
		return table_fail(t, "超过行数上限 %zu（第 %zu 行）", t->lim.max_rows, t->line);
	t->rows++;
	for (size_t i = 0; i < ncells; i++)
		t->cells[i] = t->text.data + t->offs[i];

	struct table_row row = {.line = t->line, .ncells = ncells, .cells = t->cells};
	int rc = t->on_row(t->arg, &row);
	if (rc) {
		t->rc = rc;
		if (t->errlen)
			t->err[0] = '\0';
	}
	return rc;
}

/* Formats we can name but not read: what the user should do instead. */
static const struct {
	const char *magic;
	size_t len;
	const char *message;
} refused[] = {
    {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8,
     "不支持 .xls（Excel 97-2003）或带密码的文件：请在 Excel 中另存为 .xlsx（不设密码）或 CSV"},
    {"%PDF-", 5, "这是 PDF 文件，请上传 .xlsx 或 CSV 文件"},
    {"\x89PNG", 4, "这是图片文件，请上传 .xlsx 或 CSV 文件"},
    {"\xFF\xD8\xFF", 3, "这是图片文件，请上传 .xlsx 或 CSV 文件"},
    {"GIF8", 4, "这是图片文件，请上传 .xlsx 或 CSV 文件"},
    {"\x1F\x8B", 2, "这是 gzip 压缩文件，请上传 .xlsx 或 CSV 文件"},
    {"Rar!", 4, "这是 RAR 压缩文件，请上传 .xlsx 或 CSV 文件"},
    {"7z\xBC\xAF\x27\x1C", 6, "这是 7z 压缩文件，请上传 .xlsx 或 CSV 文件"},
};

static int is_zip(const unsigned char *p, size_t len)
{
	return len >= 4 && p[0] == 'P' && p[1] == 'K' &&
	       ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6));
}

/* An OpenDocument file is a zip whose first entry, stored, is "mimetype". */
static int is_ods(const unsigned char *p, size_t len)
{
	static const char want[] = "mimetypeapplication/vnd.oasis.opendocument.spreadsheet";
	return len >= 30 + sizeof(want) - 1 && !memcmp(p + 30, want, sizeof(want) - 1);
}

int table_read(const void *data, size_t len, const struct table_limits *lim, table_row_fn *on_row,
               void *arg, char *err, size_t errlen)
{
	static const struct table_limits defaults = TABLE_LIMITS_DEFAULT;
	struct table_ctx t = {.on_row = on_row, .arg = arg, .err = err, .errlen = errlen};
	const unsigned char *p = data;
	char size[32];

	if (errlen)
		err[0] = '\0';
	t.lim = lim ? *lim : defaults;
	if (!t.lim.max_file_bytes)
		t.lim.max_file_bytes = defaults.max_file_bytes;
	if (!t.lim.max_uncompressed_bytes)
		t.lim.max_uncompressed_bytes = defaults.max_uncompressed_bytes;
	if (!t.lim.max_rows)
		t.lim.max_rows = defaults.max_rows;
	if (!t.lim.max_cols)
		t.lim.max_cols = defaults.max_cols;
	if (!t.lim.max_cell_bytes)
		t.lim.max_cell_bytes = defaults.max_cell_bytes;

	if (len == 0)
		return table_fail(&t, "文件是空的");
	if (len > t.lim.max_file_bytes) {
		table_size_text(t.lim.max_file_bytes, size, sizeof(size));
		return table_fail(&t, "文件超过大小上限 %s", size);
	}
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (len >= refused[i].len && !memcmp(p, refused[i].magic, refused[i].len))
			return table_fail(&t, "%s", refused[i].message);
	if (is_ods(p, len))
		return table_fail(&t, "不支持 .ods 文件：请另存为 .xlsx 或 CSV");

	buf_init(&t.text);
	if (is_zip(p, len))
		table_read_xlsx(&t, p, len);
	else
		table_read_csv(&t, p, len);
	buf_release(&t.text);
	free(t.offs);
	free(t.cells);
	return t.rc;
}
