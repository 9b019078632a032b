/*
 * What the fair services (src/domain/fair*.c) share among themselves and
 * nobody else needs: formatted refusals, the caller's own student record,
 * the fair as pages show it, an enterprise's sign-up status, and lists
 * scoped to the caller.
 */
#ifndef SKYWAY_DOMAIN_FAIR_INTERNAL_H
#define SKYWAY_DOMAIN_FAIR_INTERNAL_H

#include "domain/fair.h"

/* The end of a write that answers with the fair: its audit row (action,
 * detail), the fair id as fair_read() shows it (full: with the caller's
 * own part), the commit, then subscribers told `event` (NULL: none).
 * 0 and *out, or -1 with e (rolled back). */
int fair_finish(struct store *db, const struct actor *a, int64_t id, const char *action,
                const char *detail, int full, const char *event, json_t **out, struct derr *e);

/* Student a's registration at fair id (id, code, walk_in, registered_at,
 * entered_at), json_null() when none.  0 and *reg (new reference), or -1. */
int fair_my_registration(struct store *db, const struct actor *a, int64_t id, json_t **reg,
                         struct derr *e);

/* The caller's own open student record: 0 and *sid (0 when a has none,
 * or is not a student), or -1 when the lookup failed. */
int fair_own_student(struct store *db, const struct actor *a, int64_t *sid, struct derr *e);

/* The sign-up status of enterprise ent at fair ("pending", "approved",
 * ...) into status (empty when it never signed up).  0, or -1 (store). */
int fair_signup_status(struct store *db, int64_t fair, int64_t ent, char status[16],
                       struct derr *e);

/* Fair id as pages show it: its columns, counts, lists and status label;
 * with full, also the caller's own part (my_registration, eligible /
 * my_signup) and the status history.  Reads only, so it may run inside
 * the caller's transaction.  *out is a new reference.  0, or -1 (store;
 * 404 when the row is gone). */
int fair_read(struct store *db, const struct actor *a, int64_t id, int full, json_t **out,
              struct derr *e);

/* Rows of fair id's table in the caller's scope (after fair_load_for()): HR their enterprise's
 * rows, a student their own, organisers all, anyone else 403 with `refusal`. select ends "WHERE
 * i.fair_id = ?" over a table aliased i with enterprise_id and student_id; tail is its ORDER BY ...
 * LIMIT.  *items is a new reference.  0, or -1 with e. */
int fair_scoped_rows(struct store *db, const struct actor *a, int64_t id, const char *select,
                     const char *tail, const char *refusal, json_t **items, struct derr *e);

/* Hands the statement st (NULL: preparing it failed) to write, which
 * steps through its rows; finalizes it.  0, or -1 with e. */
int fair_export_rows(struct store *db, struct store_stmt *st, fair_rows_fn write, void *arg,
                     const char *what, struct derr *e);

#endif
