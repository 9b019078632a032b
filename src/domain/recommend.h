/*
 * recommend: the matching engine (src/match) fed from the database.
 *
 * One snapshot of every open student and every position lives in memory,
 * built from the database on first use (about two seconds at 110,000
 * students) and then kept current one edit at a time: a profile saved, an
 * application made, a position published or closed.  Writes that touch
 * many rows at once (imports) mark it stale and the next request rebuilds.
 *
 * Invariants:
 *  1. The snapshot is read under a shared lock and changed under an
 *     exclusive one; the engine's read functions may run concurrently.
 *  2. A change is applied after the transaction that made it committed,
 *     so the snapshot never holds what the database rolled back.
 *  3. Ids are the database's (students.id, positions.id); dictionary codes
 *     are mapped to the engine's integers here and nowhere else.
 */
#ifndef SKYWAY_DOMAIN_RECOMMEND_H
#define SKYWAY_DOMAIN_RECOMMEND_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/derr.h"
#include "domain/roles.h"
#include "store/store.h"

/* 为你推荐: the k best open positions for a student, best first, each
 * {"position_id","score","explanation"}; NULL on error (the student must
 * exist and not be closed: else an empty array). */
json_t *recommend_for_student(struct store *db, int64_t student_id, size_t k);
/* 推荐人选: the k best students for a position among those discoverable or
 * who applied, each {"student_id","score","explanation"}. */
json_t *recommend_for_position(struct store *db, int64_t position_id, size_t k);
/* The explanation of one pair: {"total","eligible","components":[{"key",
 * "label","points","max_points","reason"}],"vetoes":[{"key","label",
 * "reason"}]}; json_null() for an unknown pair, NULL on error. */
json_t *recommend_explain(struct store *db, int64_t student_id, int64_t position_id);

struct match_hit;
struct match_explanation;
/* recommend_for_student() without the JSON: each(arg, hit, why) for the k
 * best hits of student_id, best first, with the pair's explanation (NULL
 * when it cannot be explained), but those skip (when not NULL) says 1 for,
 * which are not explained; under the snapshot's read lock (the callbacks
 * must not call back into recommend_*).  No hits for a student not in the
 * snapshot.  0, or -1 when the snapshot cannot be built, memory ran out or
 * each returned non-zero. */
int recommend_student_hits(struct store *db, int64_t student_id, size_t k,
                           int (*skip)(void *arg, const struct match_hit *hit),
                           int (*each)(void *arg, const struct match_hit *hit,
                                       const struct match_explanation *why),
                           void *arg);

struct match_snapshot;
/* Runs fn(arg, snapshot) with the current snapshot held for reading (built
 * first when needed); returns fn's result, or -1 when there is none. */
int recommend_with_snapshot(struct store *db,
                            int (*fn)(void *arg, const struct match_snapshot *snap), void *arg);

/* Call after the change committed. */
void recommend_student_changed(struct store *db, int64_t student_id);

/* A change to a student read inside the transaction that made it and
 * applied after its commit (invariant 2), so that nothing is read after a
 * commit: a domain service calls recommend_student_read() before
 * store_commit(), then recommend_apply() once it committed, or
 * recommend_discard() when it did not. */
struct recommend_change;
/* Reads student_id as the open transaction sees it.  Returns 0 with *out
 * (NULL when no snapshot is loaded: nothing to keep current), or -1 when
 * the store failed or memory ran out (then fail the transaction). */
int recommend_student_read(struct store *db, int64_t student_id, struct recommend_change **out);
/* Applies c to the snapshot and frees it (NULL: nothing). */
void recommend_apply(struct recommend_change *c);
/* Frees c without applying it (NULL: nothing). */
void recommend_discard(struct recommend_change *c);
void recommend_position_changed(struct store *db, int64_t position_id);
/* Many rows changed: rebuild on next use. */
void recommend_invalidate(void);
/* Frees the snapshot (at shutdown). */
void recommend_release(void);

/*
 * What the pages ask for, with who may see it (recommend_view.c; PIPL Art.
 * 24: automated decisions are explained, and a student may switch
 * personalisation off):
 *   为你推荐  recommend_mine        a student's best positions
 *   推荐人选  recommend_candidates  a position's best students
 *   为什么    recommend_why         one pair, component by component
 */
/* The scores of n positions for student_id as their own list counts them
 * (the interest of an application, applied[i] != 0, taken off; -1 for a
 * vetoed or unknown pair) into scores.  0, or -1 when the snapshot cannot
 * be built. */
int recommend_own_scores(struct store *db, int64_t student_id, const int64_t *position_ids,
                         const unsigned char *applied, size_t n, int32_t *scores);
/* The best score a student's own list can show: every component's
 * maximum but the interest one (9300 with the default weights). */
int recommend_own_scale(void);
/* The calling student's k best open positions, printed (compact JSON,
 * appended to out): {"personalised", "scale", "items": [{position_id,
 * score, explanation, applied, position}]};
 * with personalisation off, the newest open positions and nothing inferred.
 * Positions the student applied to (not withdrawn) leave the list unless
 * show_applied; shown, they carry applied: true.  Having applied is no
 * score on the student's own list (issue 14): the interest component
 * counts 0 there and the total and score drop by what it held, so the
 * explanation still adds up; "scale" is the best score possible on this
 * list.  404 without a student record. */
struct buf;
int recommend_mine(struct store *db, const struct actor *a, size_t k, int show_applied,
                   struct buf *out, struct derr *e);
/* The k best students for position_id as a may see them (the operator, or
 * HR of the position's enterprise once approved: 403 org_not_approved,
 * else 404), each with the student's masked summary.  Audited
 * (position.candidates).  *items: a new array. */
int recommend_candidates(struct store *db, const struct actor *a, int64_t position_id, size_t k,
                         json_t **items, struct derr *e);
/* Why student_id (0: the calling student's own) and position_id score what
 * they do, for those who may see it: the student, the position's HR when
 * the student is visible to them (visibility_explain), college staff for
 * their students, the operator; the position must be open or applied to
 * for the student and college staff.  404 otherwise.  *out: the
 * explanation (recommend_explain()); *student_id is the student's. */
int recommend_why(struct store *db, const struct actor *a, int64_t *student_id, int64_t position_id,
                  json_t **out, struct derr *e);

#endif
