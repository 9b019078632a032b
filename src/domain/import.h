/*
 * import: spreadsheets (.xlsx, .csv) into students, positions and
 * enterprises.
 *
 * One pass over the file does everything: the header row is matched to
 * the kind's columns (by Chinese title or alias, in any order), each row
 * is checked, and — when committing — written.  Every problem is kept as
 * (row, column, reason).  A commit runs in one transaction and is rolled
 * back when any row has a problem: all or nothing.  A preview is the same
 * pass without writing.
 */
#ifndef SKYWAY_DOMAIN_IMPORT_H
#define SKYWAY_DOMAIN_IMPORT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct import_column {
	const char *key;     /* "student_no" */
	const char *title;   /* "学号": the template's header */
	const char *aliases; /* other headers accepted, '|' separated */
	int required;
	const char *example; /* the template's example cell */
	const char *hint;    /* what goes in it */
};

struct import_kind {
	const char *name; /* "students" */
	const char *title; /* "学生" */
	const struct import_column *columns;
};

/* Returns the kind named name, or NULL. */
const struct import_kind *import_kind_find(const char *name);

struct import_scope {
	int64_t college_id;    /* students: the college (0: the file names it) */
	int64_t enterprise_id; /* positions: the enterprise */
	int64_t actor_id;
};

/* Reads data as a spreadsheet of kind and, when commit is set, writes it
 * (all or nothing).  Returns a new object:
 *   {"kind","rows","valid","created","updated","committed":bool,
 *    "errors":[{"row","column","reason"}] (first 500), "errors_total",
 *    "columns":[{"key","title","found"}], "sample":[first 10 rows]}
 * or NULL with a message in err when the file itself cannot be read. */
json_t *import_run(struct store *db, const struct import_kind *kind,
		   const struct import_scope *scope, const void *data, size_t len, int commit,
		   char *err, size_t errlen);

#endif
