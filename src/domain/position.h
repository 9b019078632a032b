/*
 * position: positions (岗位) and their life cycle, as the API and imports
 * write them.  The states are drawn in recruit.h; searching and listing
 * are in position_search.h.
 *
 * Who may do what (the checks live here, not in the handlers):
 *   - everyone logged in sees open positions; the owning enterprise's HR
 *     and the operator see a position in any state;
 *   - HR writes only positions of their own enterprise: anything else is
 *     as absent as a missing one (DERR_NOT_FOUND);
 *   - the operator approves, rejects and closes any position.
 *
 * Every write is one transaction holding the change, its audit row and the
 * position as the answer shows it; the recommendation snapshot hears of
 * the change after the commit (recommend.h, invariant 2).
 */
#ifndef SKYWAY_DOMAIN_POSITION_H
#define SKYWAY_DOMAIN_POSITION_H

#include <jansson.h>
#include <stdint.h>

#include "domain/derr.h"
#include "domain/roles.h"
#include "store/store.h"

/* A position as entered; optional numbers have a has_ flag. */
struct position_fields {
	const char *title, *kind, *city, *address, *description;
	int64_t min_degree, headcount, salary_min, salary_max, deadline, gy_min, gy_max;
	int has_salary_min, has_salary_max, has_deadline, has_gy_min, has_gy_max;
	json_t *majors, *required, *preferred; /* arrays of codes / skill ids, or NULL */
};

/* Inserts a position of enterprise (status draft, is_demo as given) with
 * its majors, skills and search text; call inside a transaction.
 * Returns 0 and *id, or -1 (the store's error). */
int position_insert(struct store *db, int64_t enterprise, const struct position_fields *f,
                    int is_demo, int64_t *id);
/* Rewrites every field, majors, skills and search text of position id;
 * call inside a transaction.  Returns 0, or -1 (the store's error). */
int position_update(struct store *db, int64_t id, const struct position_fields *f);

/* Checks f's codes against the dictionaries (city, majors, skills) and
 * that no skill is both required and preferred: DERR_INVALID naming the
 * field.  Returns 0, or -1 with e. */
int position_fields_check(struct store *db, const struct position_fields *f, struct derr *e);

/* Position id as pages show it: its columns, enterprise, city, description,
 * majors and required/preferred skills with names.  Reads only.  Returns
 * 0 and *out (new reference; json_null() when there is no such position),
 * or -1 with e. */
int position_read(struct store *db, int64_t id, json_t **out, struct derr *e);
/* Adds "majors", "required_skills" and "preferred_skills" (with names) to
 * the position object pos (which has its "id").  Returns 0, or -1 with e. */
int position_add_details(struct store *db, json_t *pos, struct derr *e);
/* The same for every position object of the array items, in two queries
 * (position_details.c).  Returns 0, or -1 with e. */
int position_add_details_page(struct store *db, json_t *items, struct derr *e);

/* Position id as a (see the rules above) may see it.  Returns 0 and *out
 * (new reference), or -1 with e (404 when not visible). */
int position_get(struct store *db, const struct actor *a, int64_t id, json_t **out, struct derr *e);

/* HR: a new draft position of a's enterprise.  0 and *out (the position,
 * new reference), or -1 with e. */
int position_create(struct store *db, const struct actor *a, const struct position_fields *f,
                    json_t **out, struct derr *e);
/* HR: rewrites position id of a's enterprise.  An enterprise not yet
 * verified publishes only what the operator reviewed: editing its open
 * position sends it back to review.  0 and *out, or -1 with e. */
int position_edit(struct store *db, const struct actor *a, int64_t id,
                  const struct position_fields *f, json_t **out, struct derr *e);

/* The moves of the life cycle (recruit.h). */
enum position_move {
	POSITION_SUBMIT,  /* HR: draft/rejected -> open, or pending when not verified */
	POSITION_CLOSE,   /* HR or operator: open/pending -> closed */
	POSITION_REOPEN,  /* HR: closed -> open (verified enterprises only) */
	POSITION_APPROVE, /* operator: pending -> open */
	POSITION_REJECT,  /* operator: pending -> rejected, with reason */
};
/* Makes move m on position id (reason: POSITION_REJECT's, else NULL).
 * 0 and *out (the position after it), or -1 with e: 404 not visible, 403
 * not the caller's move, 422 not from this state, 409 changed meanwhile. */
int position_move(struct store *db, const struct actor *a, int64_t id, enum position_move m,
                  const char *reason, json_t **out, struct derr *e);

#endif
