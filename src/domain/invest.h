/*
 * invest: the investment-attraction pipeline (招商引资项目).
 *
 *   1 项目研判 ─▶ 2 尽职调查 ─▶ 3 政策洽谈 ─▶ 4 客商回访 ─▶ 5 法务审核 ─▶ 6 合同会签 ─▶ 7 签约 ─▶
 * signed ◀──────── return (one stage back, with a reason) ────────┘ any stage ── drop (with a
 * reason) ──▶ dropped
 *
 *  1. Each stage has a responsible officer and a limit in working days
 *     (invest_stage_limits, editable).  A stage's days are counted like a
 *     case's (service_clock.h note 1): entered on E and left on L it took
 *     the working days E < d <= L; the current stage has used E < d < today.
 *  2. A project is stalled when its current stage has used more than its
 *     limit.  The board groups active projects by stage with their days,
 *     limit and stalled flag; the statistics give median and P90 working
 *     days per stage over the stages left forwards (advanced or signed).
 *  3. Documents may be filed at each stage (PDF, JPEG, PNG: the file store,
 *     as case materials); officers only see and download them.
 *  4. Officers write (every change audited in its transaction); operators
 *     read; nobody else sees projects.
 */
#ifndef SKYWAY_DOMAIN_INVEST_H
#define SKYWAY_DOMAIN_INVEST_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/derr.h"
#include "domain/roles.h"
#include "store/store.h"

#define INVEST_STAGES 7
/* "项目研判" ... "签约"; index 1..7. */
extern const char *const invest_stage_names[INVEST_STAGES + 1];

struct invest_input {
	const char *name, *investor, *industry_code, *summary;
	int64_t amount_wan; /* 万元; -1 keeps */
	int32_t on;         /* create: the day stage 1 began (0: today; rule 5 of service.h) */
};

int invest_create(struct store *db, const struct actor *a, const struct invest_input *in,
                  int64_t *id, struct derr *e);
int invest_update(struct store *db, const struct actor *a, int64_t id,
                  const struct invest_input *in, struct derr *e);
/* One project: stage, days in it, limit, stalled, the officer of each
 * stage, history, documents by stage, and `actions`. */
int invest_get(struct store *db, const struct actor *a, int64_t id, json_t **out, struct derr *e);
/* The board: {stages: [{stage, name, limit_days, projects: [...]}],
 * signed, dropped, stalled}, projects filtered by q (name or investor). */
int invest_board(struct store *db, const struct actor *a, const char *q, json_t **out,
                 struct derr *e);
/* "advance", "return" or "drop" (note in the diagram), dated on (0: today). */
int invest_move(struct store *db, const struct actor *a, int64_t id, const char *move, int32_t on,
                const char *note, struct derr *e);
/* Sets the responsible officer of a stage. */
int invest_officer(struct store *db, const struct actor *a, int64_t id, int64_t stage,
                   int64_t account_id, struct derr *e);
/* Files a document at a stage (0: the current one).  *out: the file row. */
int invest_upload(struct store *db, const struct actor *a, int64_t id, int64_t stage,
                  const char *filename, const void *data, size_t len, json_t **out, struct derr *e);
/* Per stage: {stage, name, limit_days, done, median_days, p90_days,
 * over_limit, current, stalled}. */
int invest_stats(struct store *db, const struct actor *a, json_t **out, struct derr *e);
/* Replaces stage limits: [{stage, limit_days}]. */
int invest_limits_set(struct store *db, const struct actor *a, json_t *limits, struct derr *e);

/* Median and P90 (nearest rank) of n sorted values; 0 when n = 0. */
int64_t invest_percentile(const int64_t *sorted, size_t n, int percent);

#endif
