/*
 * listing: how a domain service runs a long list, either one page of it
 * (its count, then the page's rows) or every row of it for an export,
 * streamed to a writer the caller supplies (the api layer's .xlsx) so that
 * 110,000 rows never sit in memory.  The SQL is the service's; the writer
 * only reads the rows.
 */
#ifndef SKYWAY_DOMAIN_LISTING_H
#define SKYWAY_DOMAIN_LISTING_H

#include <jansson.h>
#include <stdint.h>

#include "store/store.h"

struct derr;

/* An export's writer: steps through rows (it does not finalize them) and
 * writes each.  Returns 0, or -1 when the output could not be written. */
typedef int (*listing_rows_fn)(void *arg, struct store_stmt *rows);

/* One page of a list: runs count_sql, then list_sql (which ends with
 * "LIMIT ? OFFSET ?") with args plus the page's limit and offset (page
 * from 1).  Returns 0 with *items (new reference) and *total, or -1 with
 * e (a store failure, `what`). */
int listing_page(struct store *db, const char *count_sql, const char *list_sql,
                 struct store_args *args, int64_t page, int64_t size, json_t **items,
                 int64_t *total, const char *what, struct derr *e);

/* Every row of sql with args, handed to write(arg, rows).  Returns 0, or
 * -1 with e when the statement or the writer failed (`what`). */
int listing_export(struct store *db, const char *sql, const struct store_args *args,
                   listing_rows_fn write, void *arg, const char *what, struct derr *e);

#endif
