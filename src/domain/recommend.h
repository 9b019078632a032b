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

struct match_snapshot;
/* Runs fn(arg, snapshot) with the current snapshot held for reading (built
 * first when needed); returns fn's result, or -1 when there is none. */
int recommend_with_snapshot(struct store *db,
			    int (*fn)(void *arg, const struct match_snapshot *snap), void *arg);

/* Call after the change committed. */
void recommend_student_changed(struct store *db, int64_t student_id);
void recommend_position_changed(struct store *db, int64_t position_id);
/* Many rows changed: rebuild on next use. */
void recommend_invalidate(void);
/* Frees the snapshot (at shutdown). */
void recommend_release(void);

#endif
