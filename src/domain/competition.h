/*
 * competition: the entrepreneurship competition (清远高新杯大学生创新创业大赛).
 *
 * An edition (届) has tracks (赛道), rounds (初赛, 复赛, 决赛: online review of
 * the business plan or a live roadshow 路演), a score sheet per round, teams
 * of students with faculty advisors, and judges (评委) who score the teams
 * they are assigned.  The two pieces of mathematics are pure engines in
 * src/match/ (assign.h: min-max judge assignment; normalize.h: z-scores and
 * the rank bootstrap); this module holds the data, the rules and the
 * permissions around them.  docs/competition.md is the reader's version.
 *
 * STATE MACHINES (every change is audited inside its own transaction)
 *
 *   Edition (operator):   draft --open--> open --judging--> judging --finish--> finished
 *     draft: invisible to everyone but operators.  open: teams form, submit
 *     (until submit_deadline) and are endorsed (until endorse_deadline).
 *     judging: rounds run.  finished: set by publishing the final round.
 *
 *   Team:
 *     draft --submit--> submitted --endorse--> endorsed --check--> eligible --round 1-->
 * in_round(1) ^  <--recall (leader)--'  |                  |      ^  |          assigned
 *       '--------return (college, with a reason)----'       |  v
 *                                               ineligible <--> (re-check, reasons kept)
 *     in_round(N) --promote, in the track's quota--> promoted(N+1) --round N+1 assigned-->
 * in_round(N+1) in_round(N) --promote, outside the quota----> eliminated in_round(final)
 * --publish--> awarded (with a prize) | eliminated eliminated --appeal upheld, reinstated-->
 * promoted(N+1)  (while round N+1 is in setup) draft, submitted, endorsed, eligible, ineligible
 * --withdraw (leader)--> withdrawn Only the leader edits, and only in draft: members (invited ->
 * accepted | declined; removed -> left), advisors (1-2), the business plan, the fields.
 *
 *   Round (operator):   setup --assign--> judging --promote (or publish, final)--> done
 *     setup: sheet, quotas, K.  assign runs assign_solve over the round's
 *     teams (round 1: every eligible team) and the active judges; it may run
 *     again while no score is submitted.  judging: judges score (draft ->
 *     submitted, locked); the operator swaps judges (re-checked by
 *     assign_check), adds extra judges (assign_extra) where the promotion
 *     cut-off is inside the noise, amends locked scores with a reason.
 *     promote: needs every assigned score submitted; the top `quota` of each
 *     track by normalised score enter round N+1 (which must exist, in setup).
 *     publish (final round): prizes by rank per track, awards with
 *     certificate codes; the edition becomes finished.
 *
 *   Score:   (none) --save--> draft --save--> draft --submit--> submitted (locked)
 *     A submitted score changes only by an operator's amendment with a
 *     reason (audited with the old and new totals).
 *
 * WHO SEES WHAT
 *   operator  everything.
 *   college   the teams of their college (the leader's college): list, read,
 *             endorse or return; not the business plan unless named advisor.
 *   student   teams they lead, belong to or are invited to; the results.
 *   judge     (judge or mentor accounts invited to the edition) the teams
 *             assigned to them and not conflicted, with the plan; their own
 *             scores; the entries list (project, track, college) to declare
 *             conflicts.  Never another judge's scores.
 *   teams     never see a judge's name or another team's plan or scores.
 *   HR        nothing (the routes refuse the role).
 *   public    certificate verification by code.
 *
 * CONFLICTS (回避).  A judge may not review a team when the team's track is
 * not among the judge's tracks, or the judge's college is the team's (both
 * in assign.h), or a conflict row exists: declared by the judge (kind:
 * own_college, advised, employer, investor, personal, other) or known to
 * the platform and refreshed before every assignment: `college` (the
 * judge's college is a member's), `advisor` (an advisor's college, or the
 * judge is an advisor), `mentor` (the judge mentors the team), `sponsor`
 * (the judge's enterprise sponsors the team).
 */
#ifndef SKYWAY_DOMAIN_COMPETITION_H
#define SKYWAY_DOMAIN_COMPETITION_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/derr.h"
#include "domain/roles.h"
#include "store/store.h"

/* ---- pure rules (competition_rules.c; unit tests: test_domain_competition) ---- */

/* 1 when the operator may move an edition (round) from one status to the other. */
int comp_edition_transition_ok(const char *from, const char *to);
/* 1 when a team may move from one status to another (the diagram above). */
int comp_team_transition_ok(const char *from, const char *to);
/* Chinese labels ("报名中", "已推荐", "一等奖", ...); "" for an unknown name. */
const char *comp_edition_status_label(const char *status);
const char *comp_team_status_label(const char *status);
const char *comp_round_status_label(const char *status);
const char *comp_prize_label(const char *prize);
/* 1 when kind is a conflict a judge may declare ("advised", ...). */
int comp_conflict_kind_valid(const char *kind);

/* Business plans: PDF only, at most COMP_PLAN_MAX bytes. */
#define COMP_PLAN_MAX (10 * 1024 * 1024)
/* 1 when the bytes start like a PDF ("%PDF-"). */
int comp_plan_is_pdf(const void *data, size_t len);

/* One criterion of a score sheet; anchors describe what a mark means. */
struct comp_anchor {
	int tenths; /* 0..100: the mark 0.0-10.0 the text describes */
	const char *text;
};
struct comp_criterion {
	const char *name;
	int weight; /* 1..100; a sheet's weights add to 100 */
	const struct comp_anchor *anchors;
	size_t n_anchors;
};
#define COMP_MAX_CRITERIA 12
#define COMP_MAX_ANCHORS  6
/* Checks a sheet: 1..COMP_MAX_CRITERIA criteria with names of 1-20
 * characters, distinct; weights 1..100 adding to 100; at most
 * COMP_MAX_ANCHORS anchors each, marks distinct, texts 1-60 characters.
 * Returns NULL, or the reason (zh-CN, static) with *index the criterion at
 * fault (-1: the sheet as a whole). */
const char *comp_sheet_problem(const struct comp_criterion *c, size_t n, int *index);

/* A mark as sent (0 to 10 with at most one decimal) in tenths: returns 0
 * and *tenths, or -1 when out of range or finer than 0.1. */
int comp_mark_tenths(double mark, int *tenths);
/* A total on the 0-100 scale in hundredths: sum of weight x tenths.  Exact
 * in integers, so every judge's total is the same number everywhere. */
int64_t comp_total_x100(const int *weights, const int *tenths, size_t n);

/* What the eligibility check knows about a team (资格审查). */
struct comp_member_fact {
	const char *name;
	int enrolled;   /* an open student record, graduating in the edition's year or later */
	int other_team; /* an accepted member of another team of the edition */
};
struct comp_elig_facts {
	int endorsed; /* endorsed by the college (or further along) */
	const struct comp_member_fact *members;
	size_t n_members; /* accepted members, the leader included */
	int min_members, max_members;
	size_t pending_invites;
	size_t advisors;
	int has_plan;
	int has_summary;
	int track_full; /* the track already has max_teams eligible teams without this one */
};
struct comp_reason {
	const char *code; /* "members", "enrolled", "one_team", "advisors", "plan", ... */
	char message[200];
};
/* The reasons a team may not submit (submit = 1: the leader's own checks:
 * members, invitations, advisors, plan, summary) or is not eligible
 * (submit = 0: all of those plus endorsed, enrolled, one team per
 * student, the track's limit).  Writes at most max reasons; returns how
 * many there are (0: fine). */
size_t comp_team_problems(const struct comp_elig_facts *f, int submit, struct comp_reason *out,
                          size_t max);

/* The prize of rank r (1 = best) in a track with these counts, or NULL. */
const char *comp_prize_for_rank(uint32_t rank, int first, int second, int third, int merit);

/* Certificate codes: 12 characters of an alphabet without 0/O, 1/I. */
#define COMP_CODE_LEN 12
void comp_cert_code(char out[COMP_CODE_LEN + 1]);
/* Copies code upper-cased into out and returns 1 when it is a well-formed
 * code, else 0 (a lookup is then pointless). */
int comp_cert_code_norm(const char *code, char out[COMP_CODE_LEN + 1]);

/* The roadshow timer: seconds used, counting the current run. */
int64_t comp_timer_used(int64_t elapsed, int64_t started_at, int64_t now);
/* 1 when an appeal on a round done at done_at is still in time. */
int comp_appeal_in_window(int64_t done_at, int appeal_days, int64_t now);

/*
 * The services below take the caller (a: role, organisation, for permissions
 * and audit rows) and return 0, or -1 with e filled and nothing written.
 * Every json_t **out receives a new reference the caller releases; on -1
 * it is NULL, except where a function says it explains the failure (the
 * api layer puts that under error.details).  A service joins a transaction
 * its caller already holds (the demo), else runs in its own.
 */

/* ---- editions, tracks, rounds, score sheets (competition_edition.c) ---- */

struct comp_edition_in {
	const char *name; /* 2-60 characters */
	int64_t year;
	int64_t submit_deadline, endorse_deadline;
	int64_t min_members, max_members, appeal_days;
	const char *description;
	const char *const *tracks; /* create only: the tracks' names, in order */
	size_t n_tracks;
};
/* Operator.  Creates an edition in draft with its tracks.  *id: the new one. */
int comp_edition_create(struct store *db, const struct actor *a, const struct comp_edition_in *in,
                        int64_t *id, struct derr *e);
/* Operator.  Edits the settings (not the tracks) until the edition finishes. */
int comp_edition_update(struct store *db, const struct actor *a, int64_t id,
                        const struct comp_edition_in *in, struct derr *e);
/* Operator.  Moves the edition along its diagram. */
int comp_edition_status(struct store *db, const struct actor *a, int64_t id, const char *to,
                        struct derr *e);
/* Editions the caller may see, newest first: *out = {"items":[...]}. */
int comp_edition_list(struct store *db, const struct actor *a, json_t **out, struct derr *e);
/* One edition with its tracks, rounds and counts: *out = {"edition":{...}}. */
int comp_edition_get(struct store *db, const struct actor *a, int64_t id, json_t **out,
                     struct derr *e);
/* Operator.  Adds a track (before judging); max_teams 0: no limit. */
int comp_track_add(struct store *db, const struct actor *a, int64_t edition, const char *name,
                   int64_t max_teams, int64_t *id, struct derr *e);
/* Operator.  Renames a track or changes its limit. */
int comp_track_update(struct store *db, const struct actor *a, int64_t track, const char *name,
                      int64_t max_teams, struct derr *e);

struct comp_round_in {
	const char *name; /* 初赛, 复赛, 决赛 */
	const char *kind; /* "online" | "roadshow" */
	int64_t starts_at, ends_at;
	int64_t per_team;     /* K: judges per team */
	int64_t slot_seconds; /* roadshow: minutes on stage per team, in seconds */
	int64_t replicates;   /* bootstrap replicates (100-10000) */
	int is_final;
};
/* Operator.  Appends a round (seq = last + 1) in setup; the one after a
 * final round is refused. */
int comp_round_create(struct store *db, const struct actor *a, int64_t edition,
                      const struct comp_round_in *in, int64_t *id, struct derr *e);
/* Operator.  Edits a round in setup (dates also later). */
int comp_round_update(struct store *db, const struct actor *a, int64_t round,
                      const struct comp_round_in *in, struct derr *e);
/* One round with its sheet and per-track quotas (operator; judges of the
 * edition; students and college staff once the edition is visible). */
int comp_round_get(struct store *db, const struct actor *a, int64_t round, json_t **out,
                   struct derr *e);
/* Operator.  Replaces the score sheet while no score of the round exists. */
int comp_round_sheet_set(struct store *db, const struct actor *a, int64_t round,
                         const struct comp_criterion *c, const char *const *descriptions, size_t n,
                         struct derr *e);
struct comp_quota_in {
	int64_t track_id;
	int64_t quota; /* promoted to the next round (final: the cut-off shown for confidence) */
	int64_t first, second, third, merit; /* prizes (final round) */
};
/* Operator.  Sets quotas and prize counts of tracks of the round until it is done. */
int comp_round_quotas_set(struct store *db, const struct actor *a, int64_t round,
                          const struct comp_quota_in *q, size_t n, struct derr *e);

/* ---- teams (competition_team.c, competition_review.c, competition_plan.c) ---- */

struct comp_team_in {
	int64_t track_id;
	const char *name;    /* the project (项目名称), 2-60 characters, unique per edition */
	const char *summary; /* up to 2,000 characters */
	const char *video_url;
	int64_t sponsor_id; /* an enterprise supporting the project, 0: none */
};
/* Student.  Forms a team in an open edition with the caller as leader. */
int comp_team_create(struct store *db, const struct actor *a, int64_t edition,
                     const struct comp_team_in *in, int64_t *id, struct derr *e);
/* Leader, draft.  Replaces the editable fields. */
int comp_team_update(struct store *db, const struct actor *a, int64_t team,
                     const struct comp_team_in *in, struct derr *e);
/* The team as the caller may see it: *out = {"team":{...}}. */
int comp_team_get(struct store *db, const struct actor *a, int64_t team, json_t **out,
                  struct derr *e);
struct comp_team_filter {
	int64_t track_id, college_id;
	const char *status, *q;
	int64_t page, page_size;
};
/* Operator: every team; college staff: their college's.  Paged. */
int comp_team_list(struct store *db, const struct actor *a, int64_t edition,
                   const struct comp_team_filter *f, json_t **out, struct derr *e);
/* Student: the teams they lead, belong to or are invited to, every edition. */
int comp_team_mine(struct store *db, const struct actor *a, json_t **out, struct derr *e);
/* Leader, draft.  Invites a student named by college and student number;
 * the name must match (else 404, as an unknown number). */
int comp_team_invite(struct store *db, const struct actor *a, int64_t team, int64_t college_id,
                     const char *student_no, const char *name, struct derr *e);
/* Leader, draft.  Removes a member or withdraws an invitation. */
int comp_team_remove(struct store *db, const struct actor *a, int64_t team, int64_t student,
                     struct derr *e);
/* Invited student, team in draft.  Accepts (one team per edition) or declines. */
int comp_team_answer(struct store *db, const struct actor *a, int64_t team, int accept,
                     struct derr *e);
struct comp_advisor_in {
	int64_t account_id; /* a college staff account, or 0 for a named advisor */
	const char *name;
	int64_t college_id;
	const char *title; /* 职称 */
};
/* Leader, draft.  Replaces the advisors (1-2). */
int comp_team_advisors(struct store *db, const struct actor *a, int64_t team,
                       const struct comp_advisor_in *in, size_t n, struct derr *e);
/* Operator.  Replaces the team's mentors (mentor accounts; known conflicts). */
int comp_team_mentors(struct store *db, const struct actor *a, int64_t team, const int64_t *ids,
                      size_t n, struct derr *e);
/* Leader: submit (draft -> submitted; the problems as 422 reasons), recall
 * (submitted -> draft), withdraw (any state before the rounds). */
int comp_team_submit(struct store *db, const struct actor *a, int64_t team, json_t **problems,
                     struct derr *e);
int comp_team_recall(struct store *db, const struct actor *a, int64_t team, struct derr *e);
int comp_team_withdraw(struct store *db, const struct actor *a, int64_t team, struct derr *e);
/* College staff of the team's college, before the endorsement deadline:
 * endorse (推荐) or return to draft with a reason. */
int comp_team_endorse(struct store *db, const struct actor *a, int64_t team, int ok,
                      const char *reason, struct derr *e);
/* Operator.  Checks eligibility of one team (endorsed, eligible or
 * ineligible), or of every such team of an edition; *out lists each
 * checked team with its status and reasons. */
int comp_team_check(struct store *db, const struct actor *a, int64_t team, json_t **out,
                    struct derr *e);
int comp_edition_check(struct store *db, const struct actor *a, int64_t edition, json_t **out,
                       struct derr *e);
/* Leader, draft.  Stores the business plan (PDF, at most COMP_PLAN_MAX). */
int comp_plan_upload(struct store *db, const struct actor *a, int64_t team, const void *data,
                     size_t len, struct derr *e);
/* Opens the plan for the team, its advisors, its judges and operators:
 * *fd (caller closes), *len, *filename (static ASCII name).  Audited. */
int comp_plan_open(struct store *db, const struct actor *a, int64_t team, int *fd, size_t *len,
                   const char **filename, struct derr *e);
/* Operator and judges of the edition: the entries (project, track,
 * college) to declare conflicts against. */
int comp_entries(struct store *db, const struct actor *a, int64_t edition, json_t **out,
                 struct derr *e);

/* ---- judges and conflicts (competition_judge.c) ---- */

struct comp_judge_in {
	int64_t account_id; /* invite only: a judge or mentor account */
	int64_t college_id; /* 0: none (an outside judge) */
	int64_t enterprise_id;
	const char *title;
	const int64_t *tracks;
	size_t n_tracks;
	const char *status; /* update only: "active", "declined", or NULL */
};
/* Operator.  Invites a judge to an edition with tracks. */
int comp_judge_invite(struct store *db, const struct actor *a, int64_t edition,
                      const struct comp_judge_in *in, int64_t *id, struct derr *e);
/* Operator.  Changes a judge's tracks, college, employer, title, status. */
int comp_judge_update(struct store *db, const struct actor *a, int64_t judge,
                      const struct comp_judge_in *in, struct derr *e);
/* The judge: accepts (with the tracks they take, or the invited ones
 * when n_tracks is 0) or declines. */
int comp_judge_respond(struct store *db, const struct actor *a, int64_t judge, int accept,
                       const int64_t *tracks, size_t n_tracks, struct derr *e);
/* Operator or the judge: one judge with tracks, conflicts and loads. */
int comp_judge_get(struct store *db, const struct actor *a, int64_t judge, json_t **out,
                   struct derr *e);
/* Operator: the judges of an edition with tracks, conflicts and loads. */
int comp_judge_list(struct store *db, const struct actor *a, int64_t edition, json_t **out,
                    struct derr *e);
/* Judge or mentor: their judge records with each round's counts. */
int comp_judging_mine(struct store *db, const struct actor *a, json_t **out, struct derr *e);
/* The judge (own record) or an operator declares a conflict. */
int comp_conflict_declare(struct store *db, const struct actor *a, int64_t judge, int64_t team,
                          const char *kind, const char *note, int64_t *id, struct derr *e);
/* The judge (own declared conflict, no score given) or an operator removes one. */
int comp_conflict_delete(struct store *db, const struct actor *a, int64_t conflict, struct derr *e);

/* ---- assignment (competition_assign.c) ---- */

/* Operator.  Assigns K judges to every team of the round (assign_solve);
 * round 1 in setup first enters every eligible team.  *out: the figures,
 * or with e = 422 "infeasible", {"short_teams":[...]} saying why. */
int comp_round_assign(struct store *db, const struct actor *a, int64_t round, json_t **out,
                      struct derr *e);
/* Operator: the round's teams with their judges, loads and rule problems. */
int comp_round_assignments(struct store *db, const struct actor *a, int64_t round, json_t **out,
                           struct derr *e);
/* Operator.  Replaces judge `from` on team by `to`; the whole round is
 * re-checked with assign_check; a draft score of `from` is dropped, a
 * submitted one refuses. */
int comp_round_swap(struct store *db, const struct actor *a, int64_t round, int64_t team,
                    int64_t from, int64_t to, struct derr *e);
/* Operator.  One more judge for each team (assign_extra); n = 0: the teams
 * the confidence feature flags.  *out: the new pairs. */
int comp_round_extra(struct store *db, const struct actor *a, int64_t round, const int64_t *teams,
                     size_t n, json_t **out, struct derr *e);

/* ---- scores (competition_score.c) ---- */

struct comp_score_in {
	int64_t team_id;
	const int64_t *criteria; /* criterion ids */
	const int *tenths;       /* their marks */
	size_t n;
	const char *comment;
	int submit;
	const char *reason; /* amendments */
};
/* Judge: their teams of the round (assigned, not conflicted) with their
 * own scores: *out = {"round":{...},"criteria":[...],"items":[...]}. */
int comp_review_list(struct store *db, const struct actor *a, int64_t round, json_t **out,
                     struct derr *e);
/* Judge: saves a draft or submits (every criterion marked).  *out: the score. */
int comp_score_save(struct store *db, const struct actor *a, int64_t round,
                    const struct comp_score_in *in, json_t **out, struct derr *e);
/* Operator: changes a submitted score with a reason (audited). */
int comp_score_amend(struct store *db, const struct actor *a, int64_t score,
                     const struct comp_score_in *in, struct derr *e);
/* Operator: the scores of a round (with judges' names), ?team_id, ?judge_id. */
int comp_scores_list(struct store *db, const struct actor *a, int64_t round, int64_t team,
                     int64_t judge, json_t **out, struct derr *e);

/* ---- results, promotion, awards, appeals (competition_results.c, competition_award.c) ---- */

/* Operator: normalised results of the round per track, with the judges'
 * leniency and the confidence intervals (seeded bootstrap). */
int comp_round_results(struct store *db, const struct actor *a, int64_t round, json_t **out,
                       struct derr *e);
/* Operator: promotes the top `quota` of each track into the next round. */
int comp_round_promote(struct store *db, const struct actor *a, int64_t round, json_t **out,
                       struct derr *e);
/* Operator: the final round's prizes, awards and certificates. */
int comp_round_publish(struct store *db, const struct actor *a, int64_t round, json_t **out,
                       struct derr *e);
/* Anyone logged in who may see the edition: rounds done, per track, the
 * teams with rank, outcome and prize (no scores). */
int comp_edition_results(struct store *db, const struct actor *a, int64_t edition, json_t **out,
                         struct derr *e);
/* The certificate of an award (team, advisors with an account, operator). */
int comp_award_certificate(struct store *db, const struct actor *a, int64_t award, json_t **out,
                           struct derr *e);
/* Public: what a certificate code certifies (names on it, no other data). */
int comp_certificate_verify(struct store *db, const char *code, json_t **out, struct derr *e);
/* Operator: records an incubator seat offer (入驻孵化) on an award. */
int comp_award_seat_offer(struct store *db, const struct actor *a, int64_t award, const char *offer,
                          struct derr *e);
/* The team's leader accepts or declines the offer. */
int comp_award_seat_answer(struct store *db, const struct actor *a, int64_t award, int accept,
                           struct derr *e);
/* A member of the team appeals (申诉) a done round within the window. */
int comp_appeal_file(struct store *db, const struct actor *a, int64_t team, int64_t round,
                     const char *text, int64_t *id, struct derr *e);
/* Operator answers; upheld + reinstate promotes an eliminated team into
 * the next round while it is in setup. */
int comp_appeal_answer(struct store *db, const struct actor *a, int64_t appeal, int upheld,
                       const char *reply, int reinstate, struct derr *e);
/* Operator: the appeals of an edition (?status). */
int comp_appeal_list(struct store *db, const struct actor *a, int64_t edition, const char *status,
                     json_t **out, struct derr *e);

/* ---- the roadshow (competition_stage.c) ---- */

/* Operator: the running order (a permutation of the round's teams). */
int comp_stage_order(struct store *db, const struct actor *a, int64_t round, const int64_t *teams,
                     size_t n, struct derr *e);
/* Operator: "call" (team, or the next in order), "start", "pause",
 * "reset", "reveal" (the on-stage team's current result), "clear".
 * *what names what changed, for the live frame. */
int comp_stage_action(struct store *db, const struct actor *a, int64_t round, const char *action,
                      int64_t team, const char **what, struct derr *e);
/* Anyone who may see the round: the 大屏 state (on stage, timer, order,
 * revealed results). */
int comp_stage_get(struct store *db, const struct actor *a, int64_t round, json_t **out,
                   struct derr *e);
/* Hub topic of a round's live stream: negative, so it never meets a fair's. */
static inline int64_t comp_live_topic(int64_t round)
{
	return -round;
}

/* ---- figures and exports (competition_stats.c) ---- */

/* Operator: teams per college and track, students, judges' workload and
 * leniency, promotion rates. */
int comp_edition_stats(struct store *db, const struct actor *a, int64_t edition, json_t **out,
                       struct derr *e);
/* Operator: a table for .xlsx: *out = {"title","columns":[{"key","title",
 * "kind":"text"|"int"|"real"|"time"}],"rows":[{...}]}.  table: "teams",
 * "colleges", "tracks", "judges", "rounds" (edition), or "results",
 * "scores" (round: id is a round). */
int comp_export_table(struct store *db, const struct actor *a, int64_t id, const char *table,
                      json_t **out, struct derr *e);

#endif
