/*
 * api_competition: the competition's handlers (清远高新杯), thin over
 * domain/competition.h: parse the body, call one domain function, shape
 * the answer.  Three files: editions, rounds' set-up, results and figures
 * (api_competition_editions.c); teams, plans, awards and appeals
 * (api_competition_teams.c); judges, assignment, scores and the roadshow
 * (api_competition_judging.c).  docs/api.md lists every route.
 */
#ifndef SKYWAY_API_COMPETITION_H
#define SKYWAY_API_COMPETITION_H

#include "api/api.h"
#include "domain/competition.h"

/* Answers a domain call: rc 0 → status with out; rc -1 → the error, with
 * out (when the domain gave one) as error.details.  Takes out either way. */
void api_comp_answer(struct api_ctx *c, int rc, const struct derr *e, int status, json_t *out);
/* The array field as int64s in the arena (NULL and *n = 0 when absent);
 * distinct positive integers, at most max. */
const int64_t *api_comp_ids(struct api_ctx *c, const char *field, size_t max, size_t *n);
/* Sends a domain table ({"title","columns","rows"}) as .xlsx. */
void api_comp_send_table(struct api_ctx *c, int rc, const struct derr *e, json_t *table,
                         const char *filename);
/* A route on {id} taking no body fields, answered by one domain call
 * fn(db, actor, id, &out, &e) with 200. */
typedef int (*api_comp_id_fn)(struct store *, const struct actor *, int64_t, json_t **,
                              struct derr *);
void api_comp_on_id(struct api_ctx *c, api_comp_id_fn fn);
/* The same for a change without an answer body: {"ok":true}. */
typedef int (*api_comp_act_fn)(struct store *, const struct actor *, int64_t, struct derr *);
void api_comp_act_id(struct api_ctx *c, api_comp_act_fn fn);
/* Publishes a frame on a round's live stream: {"round_id","what","team_id"}
 * (what changed, for which team; never who scored what). */
void api_comp_notify(int64_t round, const char *event, const char *what, int64_t team);

/* Editions, tracks, rounds' set-up, results, figures. */
void api_comp_editions_list(struct api_ctx *c);
void api_comp_editions_create(struct api_ctx *c);
void api_comp_editions_get(struct api_ctx *c);
void api_comp_editions_update(struct api_ctx *c);
void api_comp_editions_status(struct api_ctx *c);
void api_comp_tracks_create(struct api_ctx *c);
void api_comp_tracks_update(struct api_ctx *c);
void api_comp_rounds_create(struct api_ctx *c);
void api_comp_rounds_get(struct api_ctx *c);
void api_comp_rounds_update(struct api_ctx *c);
void api_comp_rounds_sheet(struct api_ctx *c);
void api_comp_rounds_quotas(struct api_ctx *c);
void api_comp_editions_check(struct api_ctx *c);
void api_comp_editions_entries(struct api_ctx *c);
void api_comp_editions_results(struct api_ctx *c);
void api_comp_editions_stats(struct api_ctx *c);
void api_comp_editions_stats_export(struct api_ctx *c);
void api_comp_editions_appeals(struct api_ctx *c);
void api_comp_rounds_results(struct api_ctx *c);
void api_comp_rounds_results_export(struct api_ctx *c);
void api_comp_rounds_promote(struct api_ctx *c);
void api_comp_rounds_publish(struct api_ctx *c);

/* Teams, plans, endorsement, awards, appeals. */
void api_comp_teams_list(struct api_ctx *c);
void api_comp_teams_export(struct api_ctx *c);
void api_comp_teams_create(struct api_ctx *c);
void api_comp_teams_mine(struct api_ctx *c);
void api_comp_teams_get(struct api_ctx *c);
void api_comp_teams_update(struct api_ctx *c);
void api_comp_teams_invite(struct api_ctx *c);
void api_comp_teams_remove(struct api_ctx *c);
void api_comp_teams_accept(struct api_ctx *c);
void api_comp_teams_decline(struct api_ctx *c);
void api_comp_teams_advisors(struct api_ctx *c);
void api_comp_teams_mentors(struct api_ctx *c);
void api_comp_teams_plan_upload(struct api_ctx *c);
void api_comp_teams_plan_get(struct api_ctx *c);
void api_comp_teams_submit(struct api_ctx *c);
void api_comp_teams_recall(struct api_ctx *c);
void api_comp_teams_withdraw(struct api_ctx *c);
void api_comp_teams_endorse(struct api_ctx *c);
void api_comp_teams_check(struct api_ctx *c);
void api_comp_teams_appeal(struct api_ctx *c);
void api_comp_appeals_answer(struct api_ctx *c);
void api_comp_awards_certificate(struct api_ctx *c);
void api_comp_awards_seat(struct api_ctx *c);
void api_comp_awards_seat_answer(struct api_ctx *c);
void api_comp_certificate_verify(struct api_ctx *c);

/* Judges, conflicts, assignment, scores, the roadshow. */
void api_comp_judging_mine(struct api_ctx *c);
void api_comp_judges_list(struct api_ctx *c);
void api_comp_judges_invite(struct api_ctx *c);
void api_comp_judges_get(struct api_ctx *c);
void api_comp_judges_update(struct api_ctx *c);
void api_comp_judges_respond(struct api_ctx *c);
void api_comp_conflicts_declare(struct api_ctx *c);
void api_comp_conflicts_delete(struct api_ctx *c);
void api_comp_rounds_assign(struct api_ctx *c);
void api_comp_rounds_assignments(struct api_ctx *c);
void api_comp_rounds_swap(struct api_ctx *c);
void api_comp_rounds_extra(struct api_ctx *c);
void api_comp_rounds_review(struct api_ctx *c);
void api_comp_rounds_score(struct api_ctx *c);
void api_comp_rounds_scores(struct api_ctx *c);
void api_comp_rounds_scores_export(struct api_ctx *c);
void api_comp_scores_amend(struct api_ctx *c);
void api_comp_rounds_order(struct api_ctx *c);
void api_comp_rounds_stage(struct api_ctx *c);
void api_comp_rounds_stage_get(struct api_ctx *c);
void api_comp_rounds_live(struct api_ctx *c);

#endif
