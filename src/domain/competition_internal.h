/*
 * competition_internal.h: what the competition*.c files share and nobody
 * else needs: transactions, loading the rows a rule looks at, who the
 * caller is to a team, and the normalisation of a round.
 */
#ifndef SKYWAY_DOMAIN_COMPETITION_INTERNAL_H
#define SKYWAY_DOMAIN_COMPETITION_INTERNAL_H

#include "domain/competition.h"
#include "match/normalize.h"

/*
 * Transactions.  A domain function opens its own; when the caller already
 * holds one (the demo fills everything in one) it joins it.  Any failure
 * rolls back whatever is open, so a failed call has written nothing.
 */
int comp_begin(struct store *db, int *own, struct derr *e);
int comp_commit(struct store *db, int own, struct derr *e);
/* Rolls back and returns -1 (after a derr_set that did not roll back). */
int comp_abort(struct store *db);

/* A formatted audit detail (arena-free: a static-size buffer is enough). */
int comp_audit(struct store *db, const struct actor *a, const char *action, const char *type,
               int64_t id, struct derr *e, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

struct comp_edition_row {
	int64_t id, year, submit_deadline, endorse_deadline, min_members, max_members, appeal_days;
	char status[16];
	char name[200];
};
struct comp_round_row {
	int64_t id, edition_id, seq, per_team, is_final, seed, replicates, slot_seconds;
	int64_t stage_team_id, timer_started_at, timer_elapsed, done_at;
	char status[16], kind[16], edition_status[16];
	char name[64];
};
struct comp_team_row {
	int64_t id, edition_id, track_id, leader_id, college_id, sponsor_id, round_seq;
	int64_t submit_deadline, endorse_deadline;
	char status[16], edition_status[16];
	char plan_sha256[65];
};
/* Load one row; 404 (field NULL) when there is none or, for non-operators,
 * when its edition is still a draft. */
int comp_edition_load(struct store *db, const struct actor *a, int64_t id,
                      struct comp_edition_row *r, struct derr *e);
int comp_round_load(struct store *db, const struct actor *a, int64_t id, struct comp_round_row *r,
                    struct derr *e);
int comp_team_load(struct store *db, const struct actor *a, int64_t id, struct comp_team_row *r,
                   struct derr *e);

/* Who the caller is to a team, strongest first. */
enum comp_access {
	COMP_SEE_NONE = 0,
	COMP_SEE_OPERATOR,
	COMP_SEE_LEADER,
	COMP_SEE_MEMBER,
	COMP_SEE_ADVISOR,
	COMP_SEE_JUDGE, /* assigned in some round, no conflict */
	COMP_SEE_COLLEGE,
	COMP_SEE_INVITEE,
};
int comp_team_access(struct store *db, const struct actor *a, const struct comp_team_row *t,
                     enum comp_access *out, struct derr *e);
/* Loads team and requires the caller to lead it: 404 to those who may
 * not see it, 403 with `refusal` to those who see it but do not lead. */
int comp_team_leader(struct store *db, const struct actor *a, int64_t team, struct comp_team_row *t,
                     const char *refusal, struct derr *e);
/* Adds "name" (the judge's display name) to the object o; returns 0, or -1
 * when the store failed. */
int comp_judge_named(struct store *db, int64_t judge, json_t *o);
/* Steps a statement that gives at most one row: STORE_ROW, STORE_DONE, or
 * STORE_ERROR (also for st NULL, a failed prepare).  Does not finalize. */
int comp_one(struct store_stmt *st);
/* The index of id in ids (ascending), or -1. */
long comp_find_id(const int64_t *ids, size_t n, int64_t id);
/* Refuses (403) unless the caller is an operator: the operator's services
 * check it themselves, whoever calls them (the route table checks too). */
int comp_operator(const struct actor *a, struct derr *e);
/* The caller's student record (404 when none). */
int comp_actor_student(struct store *db, const struct actor *a, int64_t *sid, struct derr *e);
/* The caller's judge record in an edition; active = 1 requires it accepted.
 * 403 when the caller is no judge of the edition. */
int comp_actor_judge(struct store *db, const struct actor *a, int64_t edition, int active,
                     int64_t *judge, struct derr *e);
/* Refuses (422 field "status") unless status is one of the NULL-ended list. */
int comp_require(const char *status, const char *const *allowed, const char *message,
                 struct derr *e);
/* A team's status change, checked against the diagram (409 otherwise), in
 * the open transaction. */
int comp_team_set_status(struct store *db, int64_t team, const char *from, const char *to,
                         struct derr *e);
/* Refreshes the conflicts the platform knows for an edition (in the open
 * transaction): rows with a source other than "declared". */
int comp_conflicts_refresh(struct store *db, int64_t edition, struct derr *e);

/* ---- normalisation of a round, per track (competition_results.c) ---- */
struct comp_track_norm {
	int64_t track_id;
	char track[64];
	int64_t quota, first, second, third, merit;
	size_t n_teams;
	int64_t *team_ids; /* team index -> id, ascending */
	json_t *team_rows; /* team index -> {team_id, name, college, outcome, prize} */
	size_t n_judges;
	int64_t *judge_ids; /* judge index -> id, ascending */
	struct norm_result nr;
	struct norm_interval *iv; /* NULL without the bootstrap */
	uint32_t *straddle;       /* team indexes, best rank first */
	size_t n_straddle;
	size_t missing; /* assigned pairs without a submitted score */
};
struct comp_norm {
	struct comp_track_norm *tracks;
	size_t n;
};
/* Normalises every track of the round from the submitted scores;
 * bootstrap = 1 adds the intervals (the round's seed and replicates) and
 * the teams the track's cut-off straddles.  Release with comp_norm_release. */
int comp_normalize(struct store *db, const struct comp_round_row *r, int bootstrap,
                   struct comp_norm *out, struct derr *e);
void comp_norm_release(struct comp_norm *n);
/* x rounded to 4 decimals, as results are shown. */
double comp_round4(double x);

#endif
