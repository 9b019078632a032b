/*
 * internship: 岗位实习 placements by 《职业学校学生实习管理规定》 (2021).
 *
 * An enterprise declares its staff (在岗职工总数) and its internship posts
 * (实习岗位: the post's staff, its probation wage, the majors it fits,
 * whether it is hazardous or has night shifts or overtime).  A college
 * places one of its students on a post; the placement carries the pay
 * terms, the tripartite agreement's dates, the college's instructor (指导
 * 教师, a college account) and the enterprise's mentor (带教师傅, an
 * enterprise account).
 *
 *   draft --start: every rule passes--> active --end--> ended (hired or not)
 *     |  \--start: a rule refuses--> refused --edit--> draft
 *     \--cancel--> cancelled <--cancel-- refused
 *
 * Before a placement can start, intern_rules_check() runs on what the
 * database holds at that moment (intern_rules.h lists the rules).  A start
 * is a write either way: it records the attempt — active, or refused with
 * every rule broken (intern_refusals, kept for the figures) — and answers
 * which.  The student's age comes from the sealed ID number, opened inside
 * this service only; it never leaves it (nor does the birth date).
 *
 * Counting is safe under concurrency: a start first touches the
 * enterprise's row of intern_employers and the student's row (an UPDATE
 * that changes nothing), so two starts at one enterprise, or for one
 * student, run one after the other on PostgreSQL too, and the 10% and 20%
 * counts cannot both read the same "9 of 100".
 *
 * Who does what: the college's staff create, edit, start and cancel
 * placements of their students; the enterprise's HR edit the pay terms and
 * the mentor too (a draft); either party (or the operator) ends one.  The
 * operator sees all; a college its students'; an enterprise its own
 * interns; a student their own placements.
 */
#ifndef SKYWAY_DOMAIN_INTERNSHIP_H
#define SKYWAY_DOMAIN_INTERNSHIP_H

#include "domain/coop.h"

/* ---- the enterprise's side: staff and posts ---- */

/* HR declares the enterprise's staff (≥ 1).  *out: {"staff_total",
 * "updated_at"}.  0, or -1 with e. */
int intern_staff_set(struct store *db, const struct actor *a, int64_t staff, json_t **out,
                     struct derr *e);

struct intern_post_input {
	const char *title, *city_code, *description;
	int64_t position_id; /* 0: none (a position of the enterprise otherwise) */
	int64_t staff, probation_wage;
	const json_t *majors; /* catalogue codes (2, 4 or 6 digits), at least one */
	int hazardous, night_shift, overtime;
};
/* HR creates or edits (id) a post of their enterprise.  *out: the post. */
int intern_post_create(struct store *db, const struct actor *a, const struct intern_post_input *in,
                       json_t **out, struct derr *e);
int intern_post_update(struct store *db, const struct actor *a, int64_t id,
                       const struct intern_post_input *in, json_t **out, struct derr *e);
/* Opens or closes post id (HR). */
int intern_post_set_open(struct store *db, const struct actor *a, int64_t id, int open,
                         json_t **out, struct derr *e);
/* Posts: HR their enterprise's (every status, with "staff_total"); college
 * staff and the operator the open ones (enterprise_id filters).  Each with
 * its interns now and the city's minimum wage.  *out: {"items",
 * "staff_total"}. */
int intern_posts(struct store *db, const struct actor *a, int64_t enterprise_id, json_t **out,
                 struct derr *e);

/* ---- placements ---- */

/* A placement as written.  Dates are 'YYYY-MM-DD' or NULL (agreement and
 * consent not yet signed); 0 ids are none. */
struct intern_input {
	int64_t student_id, post_id, instructor_id, mentor_id;
	const char *starts_on, *ends_on, *pay_cycle, *pay_to, *over_six_reason;
	const char *agreement_signed_on, *guardian_consent_on;
	int64_t monthly_pay, fees_charged, local_min_wage; /* local_min_wage 0: none */
};

/* Creates a draft (college staff for their student; operator).  *out: the
 * placement as intern_get() shows it.  0, or -1 with e. */
int intern_create(struct store *db, const struct actor *a, const struct intern_input *in,
                  json_t **out, struct derr *e);
/* Edits draft or refused id (it becomes a draft again). */
int intern_update(struct store *db, const struct actor *a, int64_t id,
                  const struct intern_input *in, json_t **out, struct derr *e);
/* Attaches the signed tripartite agreement (PDF bytes). */
int intern_agreement_scan(struct store *db, const struct actor *a, int64_t id, const char *data,
                          size_t len, json_t **out, struct derr *e);
/* Checks the rules and starts draft or refused id: *out {"internship",
 * "started": bool, "violations": [{rule, label, field, message}]}; a
 * refusal is recorded and answered, not an error. */
int intern_start(struct store *db, const struct actor *a, int64_t id, json_t **out, struct derr *e);
/* Cancels a draft or refused placement (college staff, operator). */
int intern_cancel(struct store *db, const struct actor *a, int64_t id, json_t **out,
                  struct derr *e);
/* Ends active id on ended_on (NULL: today) for reason (completed, early)
 * and says whether the student was hired; a hire links the student's
 * accepted (or offered) application to the enterprise, when there is one. */
int intern_end(struct store *db, const struct actor *a, int64_t id, const char *ended_on,
               const char *reason, int hired, json_t **out, struct derr *e);

/* Placement id as the caller may see it, with its last refusal's rules,
 * logs, visits, evaluations, incidents and what is overdue. */
int intern_get(struct store *db, const struct actor *a, int64_t id, json_t **out, struct derr *e);

struct intern_query {
	const char *status, *q;
	int64_t college_id, enterprise_id, post_id, page, page_size;
};
/* One page of placements in the caller's scope, newest first; each with
 * overdue_logs and evaluations_overdue. */
int intern_list(struct store *db, const struct actor *a, const struct intern_query *q, json_t **out,
                struct derr *e);

/* The rows of the internships export (the caller's scope) handed to write. */
int intern_export(struct store *db, const struct actor *a, coop_rows_fn write, void *arg,
                  struct derr *e);

/* ---- shared with internship_track.c and coop_stats.c ---- */

/* A placement as the services check it. */
struct intern {
	int64_t id, student, college, enterprise, post, instructor, mentor, student_account;
	char status[12], starts_on[DATE_TEXT], ends_on[DATE_TEXT];
	enum coop_part part;
	int own; /* the caller is the student */
};
/* Placement id as the caller may see it (404 otherwise). */
int intern_load(struct store *db, const struct actor *a, int64_t id, struct intern *p,
                struct derr *e);
/* Adds overdue_logs and evaluations_overdue to a placement row (it has
 * status, starts_on, ends_on, logs_in, mid_evals, final_evals) as of
 * today (a day number). */
void intern_overdue(json_t *row, int32_t today);
/* The end of a write on placement id: audit row, the answer (intern_get's
 * shape), commit. */
int intern_finish(struct store *db, const struct actor *a, int64_t id, const char *action,
                  const char *detail, json_t **out, struct derr *e);

#endif
