/*
 * cli_table: a file of rows with named columns, for the commands that take
 * CSV files (skyway judges assign, skyway scores normalize).
 *
 * The file is read with the project's reader (base/table_read: CSV in UTF-8,
 * GB18030 or UTF-16, or .xlsx), so these commands accept what an organiser
 * saves from Excel.  The first non-blank row is the header; the asked
 * columns may come in any order, other columns are ignored, a column named
 * twice or missing is an error.  Cells are trimmed of spaces and tabs.
 *
 * Errors are "FILE:LINE: reason" (the line the user sees in the file),
 * collected in a struct cli_errors shared by the files of one command and
 * printed by cli_errors_print(): files in the order they were loaded, each
 * file's errors by line, at most CLI_TABLE_MAX_ERRORS in all.  The caller
 * exits 2 when there was any.
 */
#ifndef SKYWAY_CLI_TABLE_H
#define SKYWAY_CLI_TABLE_H

#include <stddef.h>

#include "base/arena.h"

#define CLI_TABLE_MAX_ERRORS 20

struct cli_error;

/* The errors of one command's input files. */
struct cli_errors {
	struct cli_error *v;
	size_t n, cap;
	int files;          /* tables loaded so far: each error's file order */
	struct arena arena; /* the messages */
};

void cli_errors_init(struct cli_errors *e);
/* Prints the errors in order (see above) to stderr; returns how many there were. */
size_t cli_errors_print(struct cli_errors *e);
void cli_errors_release(struct cli_errors *e);

struct cli_table {
	const char *path;
	size_t ncols;       /* the columns asked for */
	size_t header_line; /* where the header is (1 for an empty file) */
	size_t n_rows;      /* data rows */
	size_t *line;       /* per row: its line number */
	char **cell;        /* row r, column c: cell[r * ncols + c]; never NULL */
	struct arena arena; /* the cells' text */
	struct cli_errors *errors;
	int file; /* order of loading, for the order of errors */
};

/*
 * Reads path and keeps the given columns of every data row (at most 8).
 * Returns 0, or -1 after recording why (the file cannot be read, is not a
 * table, lacks a column).  The table is released by cli_table_release() in both cases.
 */
int cli_table_load(struct cli_table *t, const char *path, const char *const *columns, size_t ncols,
                   struct cli_errors *errors);

/* Row r's cell in column c (as asked, 0-based). */
const char *cli_table_cell(const struct cli_table *t, size_t r, size_t c);

/* Records "PATH:LINE: reason" (printed by cli_errors_print()). */
void cli_table_error(const struct cli_table *t, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * The rows ordered by the text of column c (bytewise), equal texts by row:
 * a malloc'd array of n_rows row numbers (the caller frees it), or NULL when
 * out of memory.
 */
size_t *cli_table_sorted(const struct cli_table *t, size_t c);

/* The first row (in sorted) whose column c is s, or -1. */
long cli_table_find(const struct cli_table *t, size_t c, const size_t *sorted, const char *s);

/*
 * Checks an id in column c of every row: not empty, and without a comma,
 * quote or line break (ids are printed back into CSV unquoted); with unique,
 * also that no two rows have the same id (sorted: from cli_table_sorted()).
 * Records each problem; returns the number found.
 */
int cli_table_check_ids(const struct cli_table *t, size_t c, const char *name, int unique,
                        const size_t *sorted);

void cli_table_release(struct cli_table *t);

#endif
