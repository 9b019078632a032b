/*
 * table_read: the rows of an uploaded spreadsheet (.xlsx or .csv), for imports.
 *
 * One call reads a whole file that is already in memory and hands its rows,
 * one at a time and in order, to a callback; the sheet itself never sits in
 * memory as a whole. The format is found from the content, never from a file
 * name:
 *
 *   "PK\3\4"          .xlsx: the first visible worksheet (own reader over
 *                     libzip + expat; xlsx_read.c)
 *   anything else     CSV text (csv_read.c): UTF-8 with or without a byte
 *                     order mark, GB18030 (what Chinese Excel saves as "CSV"),
 *                     or UTF-16 with a byte order mark (Excel "Unicode text",
 *                     tab separated). Comma separated, or tab separated when
 *                     the first line has tabs and no commas.
 *   .xls, .ods, PDF, images and other binaries are refused with a message
 *   that says what to do.
 *
 * What a row looks like (the same for both formats, so that callers need not
 * care which one they got):
 *  - cells[i] is column i (0 = "A"), UTF-8, NUL-terminated, nothing trimmed;
 *    an empty cell is "". ncells is 1 + the index of the last non-empty cell,
 *    so rows differ in length: a caller treats cells at or past ncells as "".
 *  - line is the row number the user sees in Excel: the xlsx row number
 *    (r= attribute), or the 1-based CSV record number (a record with a quoted
 *    newline is one row, as Excel shows it; blank lines count).
 *  - Rows with no non-empty cell are not delivered; their numbers are skipped.
 *  - Line ends inside a cell are "\n" (CRLF and lone CR are converted). A cell
 *    holding any other control character (U+0000-U+001F except tab and line
 *    feed, or U+007F) is an error naming the row and column.
 *  - xlsx values are what Excel shows in its formula bar, not the number
 *    format applied: numbers with up to 15 significant digits ("2023010001",
 *    "13800138000", "3.14", "0.125" for 12.5%, "1.5E-10"); integers below
 *    2^53 exactly; dates and times as "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS" or
 *    "HH:MM:SS" according to the cell's date format (1900 and 1904 systems);
 *    booleans "TRUE"/"FALSE"; formula results as cached in the file (errors
 *    as their text, e.g. "#DIV/0!"); rich text concatenated, phonetic runs
 *    dropped.
 *
 * Thread-safe: no global state.
 */
#ifndef SKYWAY_BASE_TABLE_READ_H
#define SKYWAY_BASE_TABLE_READ_H

#include <stddef.h>

/* What a caller allows. A zero field means the default below. */
struct table_limits {
	size_t max_file_bytes;         /* the uploaded bytes */
	size_t max_uncompressed_bytes; /* xlsx: bytes inflated from all parts read;
	                                  also bounds the shared-string table */
	size_t max_rows;               /* rows delivered, header included */
	size_t max_cols;               /* a non-empty cell in column max_cols+1 is
	                                  an error; empty ones there are ignored */
	size_t max_cell_bytes;         /* UTF-8 bytes of one cell */
};

#define TABLE_LIMITS_DEFAULT                                                                       \
	{                                                                                          \
		.max_file_bytes = (size_t)20 << 20, .max_uncompressed_bytes = (size_t)200 << 20,   \
		.max_rows = 200000, .max_cols = 200, .max_cell_bytes = (size_t)32 << 10,           \
	}

struct table_row {
	size_t line;   /* 1-based row number as the user sees it */
	size_t ncells; /* >= 1 */
	char **cells;  /* ncells strings; see above */
};

/*
 * Called once per non-blank row. row and its strings belong to table_read and
 * are valid only until the callback returns: copy what you keep. The callback
 * may change the bytes of a cell in place (e.g. to trim it) but not free them.
 * Return 0 to go on, anything else to stop.
 */
typedef int table_row_fn(void *arg, const struct table_row *row);

/*
 * Reads data[0..len) as .xlsx or CSV (see above) and calls on_row(arg, row)
 * for each row. lim may be NULL for the defaults.
 *
 * Returns 0 when every row was delivered; -1 on a bad or too big file, with a
 * message for the user in err (zh-CN, e.g. "超过行数上限 200000", "第 12 行
 * C 列含有控制字符 (0x01)"); or, when on_row returned non-zero, that value,
 * with err set to "". A callback should therefore stop with a positive value
 * so that the caller can tell the two apart. Rows delivered before an error
 * were good; an import must still treat the whole file as failed.
 */
int table_read(const void *data, size_t len, const struct table_limits *lim, table_row_fn *on_row,
               void *arg, char *err, size_t errlen);

/* Enough for the name of any column index. */
#define TABLE_COLUMN_NAME_SIZE 16

/* Writes the spreadsheet name of 0-based column col ("A", "Z", "AA", ...) into
 * out, for messages such as "第 3 行 C 列". */
void table_column_name(size_t col, char out[TABLE_COLUMN_NAME_SIZE]);

#endif
