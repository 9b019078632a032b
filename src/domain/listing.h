/*
 * listing: how a domain service runs a paged list or an export, so that
 * every list counts and pages the same way and every export hands its rows
 * to the api layer's writer without the api layer touching the store.
 *
 *     struct store_args args = {0};
 *     ... build WHERE into a buf, binding into args ...
 *     if (listing_page(db, count_sql, list_sql, &args, page, size, &items, &total,
 *                      "accounts list", e))
 *             return -1;                        // e says why (a 500)
 *
 * An export prepares its statement here and calls the writer it was given
 * (the api's .xlsx sheet); the statement is finalized here, whatever the
 * writer did.
 */
#ifndef SKYWAY_DOMAIN_LISTING_H
#define SKYWAY_DOMAIN_LISTING_H

#include <jansson.h>
#include <stdint.h>

#include "domain/derr.h"
#include "store/store.h"

/* An export's writer: steps through rows and writes each (the api's
 * .xlsx sheet, export_sheet_rows()).  Returns 0, or -1 when the file could
 * not be written or a row could not be read. */
typedef int (*listing_rows_fn)(void *arg, struct store_stmt *rows);
/* The same for rows that exist only as JSON (objects, one per row). */
typedef int (*listing_json_fn)(void *arg, json_t *rows);

/* One page of a list: runs count_sql, then list_sql (which ends with
 * "LIMIT ? OFFSET ?") with args plus the page's limit and offset (args is
 * extended).  Returns 0 with *items (new array) and *total; -1 with e (a
 * store failure while doing `what`). */
int listing_page(struct store *db, const char *count_sql, const char *list_sql,
                 struct store_args *args, int64_t page, int64_t size, json_t **items,
                 int64_t *total, const char *what, struct derr *e);

/* listing_page() of the usual shape: counts "SELECT COUNT(*) FROM <from>
 * <where>" and pages "<select> <where> ORDER BY <order>" (where starts with
 * " WHERE", select ends with its FROM clause). */
int listing_page_where(struct store *db, const char *from, const char *select, const char *where,
                       const char *order, struct store_args *args, int64_t page, int64_t size,
                       json_t **items, int64_t *total, const char *what, struct derr *e);

/* Runs sql with args and hands the statement to write.  Returns 0, or -1
 * with e (the store, or the writer, failed while doing `what`). */
int listing_export(struct store *db, const char *sql, const struct store_args *args,
                   listing_rows_fn write, void *arg, const char *what, struct derr *e);

/* listing_export() of "<select> <where> ORDER BY <order>". */
int listing_export_where(struct store *db, const char *select, const char *where, const char *order,
                         const struct store_args *args, listing_rows_fn write, void *arg,
                         const char *what, struct derr *e);

#endif
