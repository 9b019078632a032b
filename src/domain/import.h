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

#include "domain/derr.h"
#include "domain/roles.h"
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
	const char *name;  /* "students" */
	const char *title; /* "学生" */
	const struct import_column *columns;
};

/* Returns the kind named name, or NULL. */
const struct import_kind *import_kind_find(const char *name);

/* The template of kind `name` as a may import it: the kind and how many of
 * its columns the template has (a college's students have no college
 * column).  0, or -1 with e (404 no such kind, 403 not the caller's, 422
 * an enterprise refused review). */
int import_template_for(struct store *db, const struct actor *a, const char *name,
                        const struct import_kind **kind, int *ncols, struct derr *e);

/* Reads data (len bytes) as a spreadsheet of kind `name` for a and, when
 * commit is set, writes it, all or nothing, with its audit row
 * ("import.commit"; a refused commit is audited as failed).  Returns 0 and
 * *out, a new object:
 *   {"kind","rows","valid","created","updated","committed":bool,
 *    "errors":[{"row","column","reason"}] (first 500), "errors_total",
 *    "columns":[{"key","title","found"}], "sample":[first 10 rows]}
 * (a commit with errors_total > 0 wrote nothing), or -1 with e: 404/403/
 * 422 as import_template_for(), 400 naming "file" when there is none or
 * it cannot be read, 500 when the store failed. */
int import_file(struct store *db, const struct actor *a, const char *name, const void *data,
                size_t len, int commit, json_t **out, struct derr *e);

#endif
