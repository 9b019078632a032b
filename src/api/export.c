#include "api/export.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* Times are shown in China Standard Time (UTC+8, no daylight saving):
 * the platform's users are all there. */
#define CST_OFFSET (8 * 3600)

/* A time as the sheet shows it: Beijing time. */
static lxw_datetime cst_datetime(int64_t epoch)
{
	time_t t = (time_t)epoch + CST_OFFSET;
	struct tm tm;
	gmtime_r(&t, &tm);
	lxw_datetime dt = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	                   tm.tm_hour,        tm.tm_min,     (double)tm.tm_sec};
	return dt;
}

/* Epoch seconds as a date-time cell in Beijing time. */
static void write_time(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, int64_t when,
                       lxw_format *fmt)
{
	lxw_datetime dt = cst_datetime(when);
	worksheet_write_datetime(ws, row, col, &dt, fmt);
}

static void write_cell(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                       const struct export_column *ec, struct store_stmt *st, lxw_format *fmt)
{
	if (store_column_type(st, (int)col) == STORE_T_NULL)
		return;
	switch (ec->kind) {
	case EXPORT_INT:
		worksheet_write_number(ws, row, col, (double)store_column_int64(st, (int)col),
		                       NULL);
		break;
	case EXPORT_TIME:
		write_time(ws, row, col, store_column_int64(st, (int)col), fmt);
		break;
	default:
		worksheet_write_string(ws, row, col, store_column_text(st, (int)col), NULL);
	}
}

/* The same from a JSON value (null or the wrong type: an empty cell;
 * EXPORT_INT takes any number). */
static void write_json_cell(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                            const struct export_column *ec, json_t *v, lxw_format *fmt)
{
	if (ec->kind == EXPORT_TEXT && json_is_string(v))
		worksheet_write_string(ws, row, col, json_string_value(v), NULL);
	else if (ec->kind == EXPORT_INT && json_is_number(v)) /* a rating 4.5 too */
		worksheet_write_number(ws, row, col, json_number_value(v), NULL);
	else if (ec->kind == EXPORT_TIME && json_is_integer(v))
		write_time(ws, row, col, json_integer_value(v), fmt);
}

/* Makes a temporary file in $TMPDIR (else the system's); fills path. */
static int temp_file(char *path, size_t n, const char *what)
{
	const char *dir = getenv("TMPDIR");
	snprintf(path, n, "%s/skyway-%s-XXXXXX", dir && *dir ? dir : P_tmpdir, what);
	return mkstemp(path);
}

/* Hands the finished file at path (open as fd) to the http layer. */
static int hand_over(struct api_ctx *c, int fd, const char *path, const char *filename)
{
	struct stat sb;
	if (fstat(fd, &sb)) {
		close(fd);
		unlink(path);
		return -1;
	}
	unlink(path);
	c->raw_fd = fd;
	c->raw_len = (size_t)sb.st_size;
	c->raw_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	c->raw_filename = filename;
	c->status = 200;
	return 0;
}

int export_template(struct api_ctx *c, const char *filename, const char *sheet, int ncols,
                    const char *const *titles, const int *required, const char *const *examples,
                    const char *const *hints)
{
	char path[4096];
	int fd = temp_file(path, sizeof(path), "template");
	if (fd < 0)
		return -1;
	lxw_workbook *wb = workbook_new(path);
	if (!wb) {
		close(fd);
		unlink(path);
		return -1;
	}
	lxw_worksheet *ws = workbook_add_worksheet(wb, sheet);
	lxw_format *bold = workbook_add_format(wb), *text = workbook_add_format(wb);
	format_set_bold(bold);
	format_set_num_format(text, "@"); /* keep 学号 and phone numbers as text */
	for (int i = 0; i < ncols; i++) {
		char head[96];
		snprintf(head, sizeof(head), "%s%s", titles[i], required[i] ? "*" : "");
		worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, 16, text);
		worksheet_write_string(ws, 0, (lxw_col_t)i, head, bold);
		if (examples[i] && *examples[i])
			worksheet_write_string(ws, 1, (lxw_col_t)i, examples[i], text);
		if (hints[i] && *hints[i])
			worksheet_write_comment(ws, 0, (lxw_col_t)i, hints[i]);
	}
	worksheet_freeze_panes(ws, 1, 0);
	if (workbook_close(wb) != LXW_NO_ERROR) {
		close(fd);
		unlink(path);
		return -1;
	}
	return hand_over(c, fd, path, filename);
}

/* A workbook in constant-memory mode at path with one sheet whose bold
 * header row holds cols' titles; *when is the date-time format. */
static lxw_workbook *workbook_start(const char *path, const char *sheet,
                                    const struct export_column *cols, lxw_worksheet **ws,
                                    lxw_format **when, lxw_col_t *ncols)
{
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	if (!wb)
		return NULL;
	*ws = workbook_add_worksheet(wb, sheet);
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	*when = workbook_add_format(wb);
	format_set_num_format(*when, "yyyy-mm-dd hh:mm:ss");
	for (*ncols = 0; cols[*ncols].title; (*ncols)++) {
		worksheet_set_column(*ws, *ncols, *ncols, cols[*ncols].width, NULL);
		worksheet_write_string(*ws, 0, *ncols, cols[*ncols].title, bold);
	}
	worksheet_freeze_panes(*ws, 1, 0);
	return wb;
}

/* Where the rows of an export come from: a statement, or JSON objects
 * with the member each column takes. */
struct rows_source {
	struct store_stmt *st;
	json_t *rows;
	const char *const *keys;
};

/* Writes the rows after the header, below LXW_ROW_MAX; returns 0 or -1
 * when the statement failed. */
static int write_rows(lxw_worksheet *ws, const struct export_column *cols, lxw_col_t ncols,
                      const struct rows_source *src, lxw_format *when)
{
	lxw_row_t row = 1;
	if (src->st) {
		int rc;
		while ((rc = store_step(src->st)) == STORE_ROW && row < LXW_ROW_MAX) {
			for (lxw_col_t col = 0; col < ncols; col++)
				write_cell(ws, row, col, &cols[col], src->st, when);
			row++;
		}
		return rc == STORE_DONE || rc == STORE_ROW ? 0 : -1;
	}
	size_t i;
	json_t *item;
	json_array_foreach(src->rows, i, item)
	{
		if (row >= LXW_ROW_MAX)
			break;
		for (lxw_col_t col = 0; col < ncols; col++)
			write_json_cell(ws, row, col, &cols[col],
			                json_object_get(item, src->keys[col]), when);
		row++;
	}
	return 0;
}

static int export_rows(struct api_ctx *c, const char *filename, const char *sheet,
                       const struct export_column *cols, const struct rows_source *src)
{
	char path[4096];
	int fd = temp_file(path, sizeof(path), "export");
	if (fd < 0)
		return -1;
	lxw_worksheet *ws;
	lxw_format *when;
	lxw_col_t ncols;
	lxw_workbook *wb = workbook_start(path, sheet, cols, &ws, &when, &ncols);
	if (!wb)
		goto fail;
	int rc = write_rows(ws, cols, ncols, src, when);
	if (workbook_close(wb) != LXW_NO_ERROR || rc)
		goto fail;
	return hand_over(c, fd, path, filename);
fail:
	close(fd);
	unlink(path);
	return -1;
}

int export_xlsx(struct api_ctx *c, const char *filename, const char *sheet,
                const struct export_column *cols, struct store_stmt *st)
{
	struct rows_source src = {.st = st};
	return export_rows(c, filename, sheet, cols, &src);
}

int export_sheet_rows(void *sheet, struct store_stmt *rows)
{
	struct export_sheet *s = sheet;
	return export_xlsx(s->c, s->filename, s->sheet, s->cols, rows);
}

int export_xlsx_json(struct api_ctx *c, const char *filename, const char *sheet,
                     const struct export_column *cols, const char *const *keys, json_t *rows)
{
	struct rows_source src = {.rows = rows, .keys = keys};
	return export_rows(c, filename, sheet, cols, &src);
}

int export_json(struct api_ctx *c, const char *filename, const json_t *table)
{
	char path[4096];
	const json_t *cols = json_object_get(table, "columns"),
	             *rows = json_object_get(table, "rows");
	int fd = temp_file(path, sizeof(path), "export");
	if (fd < 0)
		return -1;
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	if (!wb) {
		close(fd);
		unlink(path);
		return -1;
	}
	const char *title = json_string_value(json_object_get(table, "title"));
	lxw_worksheet *ws = workbook_add_worksheet(wb, title ? title : "Sheet1");
	lxw_format *bold = workbook_add_format(wb), *when = workbook_add_format(wb),
	           *real = workbook_add_format(wb);
	format_set_bold(bold);
	format_set_num_format(when, "yyyy-mm-dd hh:mm:ss");
	format_set_num_format(real, "0.0000");
	size_t i, k;
	const json_t *col, *row;
	json_array_foreach(cols, k, col)
	{
		worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, 16, NULL);
		worksheet_write_string(ws, 0, (lxw_col_t)k,
		                       json_string_value(json_object_get(col, "title")), bold);
	}
	worksheet_freeze_panes(ws, 1, 0);
	json_array_foreach(rows, i, row)
	{
		if (i + 1 >= LXW_ROW_MAX)
			break;
		json_array_foreach(cols, k, col)
		{
			const char *kind = json_string_value(json_object_get(col, "kind"));
			const json_t *v =
			    json_object_get(row, json_string_value(json_object_get(col, "key")));
			lxw_row_t r = (lxw_row_t)(i + 1);
			if (!v || json_is_null(v))
				continue;
			if (!strcmp(kind, "time") && json_is_integer(v)) {
				write_time(ws, r, (lxw_col_t)k, json_integer_value(v), when);
			} else if (json_is_number(v)) {
				worksheet_write_number(ws, r, (lxw_col_t)k, json_number_value(v),
				                       strcmp(kind, "real") ? NULL : real);
			} else if (json_is_string(v)) {
				worksheet_write_string(ws, r, (lxw_col_t)k, json_string_value(v),
				                       NULL);
			}
		}
	}
	if (workbook_close(wb) != LXW_NO_ERROR) {
		close(fd);
		unlink(path);
		return -1;
	}
	return hand_over(c, fd, path, filename);
}
