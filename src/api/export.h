/*
 * export: lists as .xlsx downloads (libxlsxwriter).
 *
 * Rows are written in libxlsxwriter's constant-memory mode, one at a
 * time straight from the statement, to an unlinked temporary file that
 * the http layer then streams: 110,000 rows never sit in memory at once.
 * The rows come from a statement a domain service prepared (its SQL is
 * the service's, domain/listing.h); this file only reads them.
 */
#ifndef SKYWAY_API_EXPORT_H
#define SKYWAY_API_EXPORT_H

#include "api/api.h"

enum export_kind {
	EXPORT_TEXT,
	EXPORT_INT, /* a number (from JSON also a real) */
	EXPORT_TIME /* epoch seconds, shown local */
};

struct export_column {
	const char *title; /* header cell */
	enum export_kind kind;
	int width; /* characters */
};

/* Writes every row of st (columns in the order of cols, which ends with a
 * NULL title) as sheet `sheet` and sets the download on c.  Returns 0, or
 * -1 when the file could not be written. */
int export_xlsx(struct api_ctx *c, const char *filename, const char *sheet,
                const struct export_column *cols, struct store_stmt *st);

/* Where a domain service's export goes (domain/listing.h): the request, the
 * file's name, the sheet's title and its columns. */
struct export_sheet {
	struct api_ctx *c;
	const char *filename, *sheet;
	const struct export_column *cols;
};
/* The listing_rows_fn that writes the rows as sheet's .xlsx download
 * (export_xlsx()).  Returns 0, or -1 when the file could not be made. */
int export_sheet_rows(void *sheet, struct store_stmt *rows);

/* The same from JSON: one row per object of rows, the cell of column i
 * from member keys[i] (a missing or null member leaves it empty). */
int export_xlsx_json(struct api_ctx *c, const char *filename, const char *sheet,
                     const struct export_column *cols, const char *const *keys, json_t *rows);
/* Writes a table computed by a domain service as sheet `title` and sets the
 * download on c.  table: {"title","columns":[{"key","title","kind"}],
 * "rows":[{key: value}]}; kind "text", "int", "real" (2 decimals kept as
 * numbers) or "time" (epoch seconds, shown in Beijing time).  Returns 0,
 * or -1 when the file could not be written. */
int export_json(struct api_ctx *c, const char *filename, const json_t *table);

/* An import template: a bold header row (required columns marked with
 * '*'), one example row, and each column's hint as a cell comment. */
int export_template(struct api_ctx *c, const char *filename, const char *sheet, int ncols,
                    const char *const *titles, const int *required, const char *const *examples,
                    const char *const *hints);

#endif
