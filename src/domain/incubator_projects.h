/*
 * incubator_projects: resident projects (入驻项目), from the application to
 * leaving (the state machine is drawn in incubator.h).
 *
 *  - A student applies for a team (source "team"), for a competition
 *    prize ("prize", with prize_ref: the award's id in the competition
 *    area) or for a graduate's company ("company", with its name and
 *    optionally its unified social credit code).  The applicant is the
 *    project's leader; the leader adds members by login and name (a
 *    mismatch is the same 404 as an unknown login).  Members keep their
 *    student accounts after graduating.
 *  - The business plan is a PDF (at most the settings' plan_max_bytes)
 *    kept outside the database by its SHA-256 (base/filestore.h), served only
 *    to the project's members, its mentors and operators, every view
 *    audited.
 *  - The operator reviews with a reason (required to reject): approval
 *    makes the project resident with an agreement start and end.  Seats
 *    are assigned in incubator_sites.h.
 *  - Leaving: graduation (毕业) when the settings' criteria are met (any
 *    or all of: revenue over the last 12 reported months, financing,
 *    months in residence), or exit (退出) with a reason; both free the
 *    project's seats and cancel its future bookings.
 *
 * Competition prizes (hook): the competition area is being built beside
 * this one.  incubator_prize_check() is where an application's prize_ref
 * will be verified against the awards (and a prize seat reserved); until
 * then it accepts any positive id and the reference is kept as given.
 */
#ifndef SKYWAY_DOMAIN_INCUBATOR_PROJECTS_H
#define SKYWAY_DOMAIN_INCUBATOR_PROJECTS_H

#include "domain/incubator.h"

struct incubator_application {
	const char *name, *summary, *industry;
	const char *source; /* team, prize, company */
	int64_t prize_ref;  /* source prize: the award */
	const char *company_name, *credit_code;
	int64_t site_id;             /* the base wished for, or 0 */
	const json_t *mentor_wishes; /* mentor account ids, or NULL */
};

/* The hook for prizes (see above): 0 when prize_ref may be used, or -1
 * with e (field prize_ref). */
int incubator_prize_check(struct store *db, int64_t prize_ref, struct derr *e);

/* A student applies; the project is `applied`, the caller its leader.
 * *out: the project as its page shows it. */
int incubator_project_apply(struct store *db, const struct actor *a,
                            const struct incubator_application *in, json_t **out, struct derr *e);
/* Edits the description (members; the operator also links the
 * registered enterprise, enterprise_id, which hiring needs post under). */
int incubator_project_update(struct store *db, const struct actor *a, int64_t id,
                             const struct incubator_application *in, int64_t enterprise_id,
                             json_t **out, struct derr *e);
/* The applicant withdraws an application not reviewed yet. */
int incubator_project_withdraw(struct store *db, const struct actor *a, int64_t id, json_t **out,
                               struct derr *e);
/* The operator's review: approve (agreement start and end, a site) or
 * reject (reason required). */
int incubator_project_review(struct store *db, const struct actor *a, int64_t id, int approve,
                             const char *reason, int64_t agreement_start, int64_t agreement_end,
                             int64_t site_id, json_t **out, struct derr *e);
/* Graduation or exit (kind "graduated" / "exited") by the operator.  A
 * graduation that does not meet the criteria is 422 `criteria` naming
 * them, unless `override` (the reason then says why). */
int incubator_project_leave(struct store *db, const struct actor *a, int64_t id, const char *kind,
                            const char *reason, int override, json_t **out, struct derr *e);
/* The graduation figures and which criteria are met (members, mentors,
 * the operator). */
int incubator_project_graduation(struct store *db, const struct actor *a, int64_t id, json_t **out,
                                 struct derr *e);

/* Members: the leader or the operator adds (login + name must match) and
 * removes (not the leader). */
int incubator_member_add(struct store *db, const struct actor *a, int64_t id, const char *login,
                         const char *name, json_t **out, struct derr *e);
int incubator_member_remove(struct store *db, const struct actor *a, int64_t id, int64_t account_id,
                            json_t **out, struct derr *e);

/* Stores the business plan (a PDF) of project id (members). */
int incubator_plan_upload(struct store *db, const struct actor *a, int64_t id, const void *data,
                          size_t len, const char *filename, json_t **out, struct derr *e);
/* Opens the business plan for reading (members, mentors, operators;
 * audited): *fd (the caller closes it), *len, *name (a new reference to
 * the original file name). */
int incubator_plan_open(struct store *db, const struct actor *a, int64_t id, int *fd, size_t *len,
                        json_t **name, struct derr *e);

/* Project id as its page shows it to a: the project, its members (with
 * their masked phone), mentors, seats, milestones, its history. */
int incubator_project_get(struct store *db, const struct actor *a, int64_t id, json_t **out,
                          struct derr *e);
/* The projects a sees (f->status, site_id, college_id, q). */
int incubator_projects_list(struct store *db, const struct actor *a,
                            const struct incubator_filter *f, json_t **items, struct derr *e);

#endif
