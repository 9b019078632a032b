/*
 * round: a centralised match (集中匹配) for internship placement or a
 * fair's offer round.
 *
 * Round states:  open --preview--> previewed --publish--> published
 *                  ^                   |  (preview again after changes)
 *                  +-------------------+        any --cancel--> cancelled
 *
 *  - While open or previewed, students submit ranked choices (志愿) of the
 *    round's positions, at most list_max of them; HR may rank the students
 *    who chose their position.  A position without an HR ranking ranks by
 *    score (src/match, the same score recommendations explain).  A change
 *    to choices or rankings sends a previewed round back to open: the
 *    preview no longer shows them, so it must run again before publishing.
 *  - Preview runs student-proposing deferred acceptance with capacity =
 *    seats left on the position, checks the result is stable, stores it
 *    and its figures.  Publish requires a preview whose stability check
 *    passed; published results are what students and HR see.
 *  - Who sees what: the operator every round; students and HR every round
 *    that is not cancelled (any other is answered 404, as if absent).  HR
 *    sees the students who chose its positions once its enterprise is
 *    approved (domain/visibility.h rule 4), and ranks only those.
 *
 * round.c holds the round and its lists; round_preview.c runs the match.
 * Every change is one transaction with its audit row (match_round.*) and
 * the rows of its answer; the commit is its last database operation.
 */
#ifndef SKYWAY_DOMAIN_ROUND_H
#define SKYWAY_DOMAIN_ROUND_H

#include <jansson.h>
#include <stdint.h>

#include "domain/derr.h"
#include "domain/roles.h"
#include "store/store.h"

#define ROUND_LIST_MAX       100   /* 志愿 a round may allow */
#define ROUND_POSITIONS_MAX  20000 /* positions named at creation, students ranked */
#define ROUND_NAME_MIN_CHARS 2
#define ROUND_NAME_MAX_CHARS 60

/* Creates an open round (operator).  position_ids: an array of the open
 * positions to match (NULL: every open one), each with its headcount as
 * seats.  *out: the round as round_get shows it to the operator (new
 * reference).  400 field position_ids for a position not open or named
 * twice. */
int round_create(struct store *db, const struct actor *a, const char *name, int64_t list_max,
                 const json_t *position_ids, json_t **out, struct derr *e);
/* The rounds the caller may see, newest first (at most 200): a new array. */
int round_list(struct store *db, const struct actor *a, json_t **items, struct derr *e);
/* One round the caller may see ({id, name, status, list_max, created_at,
 * previewed_at, published_at, positions, students}, with "stats" for the
 * operator): a new object, or -1 with 404. */
int round_get(struct store *db, const struct actor *a, int64_t id, json_t **out, struct derr *e);

/* Filters of a round's positions: each blank-separated word of q (at most
 * six) in the title or the enterprise's name, a city code, a kind. */
struct round_position_filter {
	const char *q, *city, *kind;
};
/* One page of the round's positions (for choosing): id, title, kind,
 * enterprise, city, salary, degree, seats.  0 with *items and *total. */
int round_positions(struct store *db, const struct actor *a, int64_t id,
                    const struct round_position_filter *f, int64_t page, int64_t size,
                    json_t **items, int64_t *total, struct derr *e);

/* Replaces the calling student's 志愿 with position_ids (an array, at most
 * the round's list_max, each a position of the round, none twice: 400
 * field position_ids naming which).  422 when the round no longer takes
 * changes or the caller has no student record.  *count: how many. */
int round_choices_set(struct store *db, const struct actor *a, int64_t id,
                      const json_t *position_ids, int64_t *count, struct derr *e);
/* The calling student's 志愿 in order: a new array of {rank, position_id,
 * title, enterprise_name}. */
int round_choices_get(struct store *db, const struct actor *a, int64_t id, json_t **items,
                      struct derr *e);
/* Replaces HR's ranking of position_id (one of its enterprise's positions
 * in the round: else 404 field position_id) with student_ids, each a
 * student who chose it (400 field student_ids otherwise).  422 when the
 * round no longer takes changes. */
int round_ranking_set(struct store *db, const struct actor *a, int64_t id, int64_t position_id,
                      const json_t *student_ids, struct derr *e);
/* HR: who chose its positions in the round, with their choice and HR rank
 * (403 org_not_approved before approval).  A new array. */
int round_applicants(struct store *db, const struct actor *a, int64_t id, json_t **items,
                     struct derr *e);

/* Runs the match of round id (operator; open or previewed), stores results
 * and figures, sets it previewed.  *stats: the figures (new reference).
 * 422 when the round has no positions or no longer takes changes. */
int round_preview(struct store *db, const struct actor *a, int64_t id, json_t **stats,
                  struct derr *e);
/* Ends the round (operator): publish (a preview must have passed its
 * stability check) or cancel.  *out: the round after it.  422 field
 * status when the state forbids it, 409 when it changed meanwhile. */
int round_finish(struct store *db, const struct actor *a, int64_t id, int publish, json_t **out,
                 struct derr *e);
/* Results: the operator all (the first 1000 by student), HR its
 * positions', a student their own with the explanation of the pair; 422
 * for anyone but the operator before publication.  A new array. */
int round_result(struct store *db, const struct actor *a, int64_t id, json_t **items,
                 struct derr *e);

/* Internal to round*.c: reads round id (with its figures when with_stats);
 * 0 with *out (json_null() when absent) or -1 with e. */
int round_read(struct store *db, int64_t id, int with_stats, json_t **out, struct derr *e);

#endif
