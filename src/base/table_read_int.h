/*
 * table_read_int: what table_read.c shares with its two format readers,
 * xlsx_read.c and csv_read.c. Not for use outside those three files.
 *
 * A reader fills one row at a time through table_cell_set() and hands it on
 * with table_row_end(); those two apply every rule that is the same for both
 * formats (limits, line ends, control characters, blank rows), so a reader
 * only turns its format into (line, column, bytes).
 *
 * Every function here returns 0 to go on, or non-zero to stop. The value
 * table_read() finally returns is kept in t->rc: -1 with t->err written by
 * table_fail(), or what the callback returned.
 */
#ifndef SKYWAY_BASE_TABLE_READ_INT_H
#define SKYWAY_BASE_TABLE_READ_INT_H

#include <stddef.h>

#include "base/buf.h"
#include "base/table_read.h"

struct table_ctx {
	struct table_limits lim; /* with defaults filled in */
	table_row_fn *on_row;
	void *arg;
	char *err;
	size_t errlen;
	int rc;

	size_t rows; /* rows delivered so far */

	/* The row being filled. text holds each cell's bytes and a NUL; its
	 * first byte is a NUL that every empty cell points at. */
	size_t line;
	struct buf text;
	size_t *offs;    /* offs[c]: where column c starts in text; 0 = empty */
	size_t offs_cap; /* entries allocated in offs (and cells) */
	size_t used;     /* columns touched in this row: offs[0..used) are valid */
	char **cells;
};

/* Writes a message for the user into t->err, sets t->rc = -1, returns -1. */
int table_fail(struct table_ctx *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* table_fail(t, "内存不足"). */
int table_oom(struct table_ctx *t);

/* Starts row number line (as the user sees it); forgets the previous row. */
void table_row_begin(struct table_ctx *t, size_t line);
/* Sets column col (0-based) of the current row to s[0..n), which must be
 * UTF-8. Checks the cell and column limits and control characters, and turns
 * CRLF and CR into LF. A later call for the same column replaces the value. */
int table_cell_set(struct table_ctx *t, size_t col, const char *s, size_t n);
/* Fails t with "第 <line> 行 <column> 列<what>" for the current row. */
int table_cell_fail(struct table_ctx *t, size_t col, const char *what);
/* Fails t with "... 列的内容超过单元格上限 <max_cell_bytes>". */
int table_cell_too_long(struct table_ctx *t, size_t col);
/* Delivers the current row unless it is blank; checks the row limit. */
int table_row_end(struct table_ctx *t);

/* The two readers: the whole of data, already checked against
 * max_file_bytes. */
int table_read_xlsx(struct table_ctx *t, const unsigned char *data, size_t len);
int table_read_csv(struct table_ctx *t, const unsigned char *data, size_t len);

/* Writes "20 MiB" or "1500 字节" for limits in messages. */
void table_size_text(size_t bytes, char *out, size_t outlen);

#endif
