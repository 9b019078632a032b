/*
 * service: the zone's service hall (政务服务): departments, service items
 * (事项) and the cases (办件) enterprises bring, each on a working-day clock
 * (domain/service_clock.h) over the calendar (domain/servcal.h).
 *
 * The case's states, and who moves it (officer: any 政务 account; applicant:
 * HR of the applicant enterprise, or the officer assigned as its agent,
 * 帮办代办):
 *
 *            create            submit (applicant)
 *   (none) ─────────▶ draft ─────────────────────▶ received ──accept──────────▶ accepted
 *                                                   │   │  \  (容缺: named       │   ▲
 *                          correction (officer, once,│   │   \  missing ones)    │   │ resume
 *                          by decide_by)            ▼   │    refuse (by         pause │
 *                                            correcting │    decide_by)          ▼   │
 *                          resubmit (applicant)  │    │        ▼               paused
 *                                   received ◀───┘    │     refused          │
 *                                                      │                      │ finish
 *         withdraw (applicant): draft, received,        └─ after decide_by:    ▼
 *         correcting, accepted, paused ──▶ withdrawn       deemed accepted   done (approved|denied)
 *                                                          on receipt (art.32)
 *
 * Rules (each refusal is a 422 naming the rule, or 409 for a state that
 * does not allow the step):
 *  1. 受理, 不予受理 and 补正 are due by decide_by, the 5th working day after
 *     receipt (art. 32).  Later the case is deemed accepted on the receipt:
 *     refusing or asking for corrections is refused, accepting records
 *     the deemed start.
 *  2. 补正 lists every missing point at once (一次性告知): one request per
 *     receipt, with at least one point; the corrected submission is a new
 *     receipt.
 *  3. A plain acceptance needs every required material provided (uploaded
 *     or handed in on paper).  容缺受理 names the required materials still
 *     missing: each must be 容缺-able, together they must be exactly the
 *     missing required ones, and their due date lies between the acceptance
 *     and the committed deadline (service_tolerant_latest).
 *  4. Pauses (art. 45) name a kind: applicant (waiting for the applicant),
 *     expert (专家评审), hearing (听证), testing (检验检测), with a reason.
 *  5. Officers may date a step in the past (补录 of a paper record), never
 *     before the case's last step nor more than SERVICE_BACKDATE_DAYS
 *     calendar days ago; applicants' steps are dated today.
 *  6. Who sees what: officers (and operators, read-only) every case; an
 *     enterprise's HR only their enterprise's cases (another's is 404).
 *     Files are served to the applicant and officers only.
 *  7. Every change writes its event and its audit row in its transaction
 *     and recomputes the case's clock.
 *
 * Applicants: an enterprise today (applicant_kind 'enterprise', org_id).
 * Resident projects (入驻项目, issue 11) will apply as 'project' with
 * project_ref naming the project and org_id the enterprise or college
 * behind it: the hook is service_case_applicant_ok() in service_case.c.
 */
#ifndef SKYWAY_DOMAIN_SERVICE_H
#define SKYWAY_DOMAIN_SERVICE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/workdays.h"
#include "domain/derr.h"
#include "domain/roles.h"
#include "store/store.h"

#define SERVICE_BACKDATE_DAYS 90
#define SERVICE_FILE_MAX      (10 << 20) /* bytes of one uploaded material */
#define SERVICE_RECTIFY_DAYS  5          /* default working days to rectify a bad rating */

/* ---- departments and officers (service_items.c) ---- */

/* [{id, name, members: [{account_id, display_name, login, is_head}], items}]. */
int service_departments(struct store *db, const struct actor *a, json_t **items, struct derr *e);
/* Creates (id 0) or renames a department and replaces its members
 * ([{account_id, is_head}], officers only; NULL keeps them).  *out_id. */
int service_department_save(struct store *db, const struct actor *a, int64_t id, const char *name,
                            json_t *members, int64_t *out_id, struct derr *e);
/* Officer accounts [{id, login, display_name, departments: [{id, name, is_head}]}]. */
int service_officers(struct store *db, const struct actor *a, json_t **items, struct derr *e);

/* ---- items ---- */

struct service_item_input {
	const char *code, *name, *description, *status; /* status: NULL keeps / 'active' */
	int64_t department_id;                          /* the lead department */
	int64_t statutory_days, committed_days;
	int no_application;  /* 免申即享 */
	json_t *departments; /* other departments involved: [id] or NULL */
	json_t *materials;   /* [{id?, name, required, tolerable}] or NULL (keep) */
};

/* Items [{id, code, name, department:{id,name}, statutory_days, committed_days,
 * no_application, status, materials: n, open_cases}], filtered by q (name or
 * code), department, status ("active" unless staff ask "all"). */
int service_items(struct store *db, const struct actor *a, const char *q, int64_t department_id,
                  const char *status, json_t **items, struct derr *e);
/* One item with its materials and departments. */
int service_item(struct store *db, const struct actor *a, int64_t id, json_t **out, struct derr *e);
/* Creates (id 0) or edits an item (officer).  Materials given replace the
 * list: rows with an id are kept and edited, rows without are added, rows
 * left out retire (cases keep pointing at them).  Limits apply to cases
 * received afterwards.  *out_id. */
int service_item_save(struct store *db, const struct actor *a, int64_t id,
                      const struct service_item_input *in, int64_t *out_id, struct derr *e);

/* ---- cases (service_case.c) ---- */

struct service_case_input {
	int64_t item_id;
	int64_t org_id; /* officers: the applicant enterprise; HR: ignored (their own) */
	const char *title, *note;
	int submit; /* submit at once (received today) */
};
/* Creates a case (draft, or received when submit).  *id. */
int service_case_create(struct store *db, const struct actor *a,
                        const struct service_case_input *in, int64_t *id, struct derr *e);

enum service_step {
	STEP_SUBMIT,
	STEP_ACCEPT,
	STEP_REFUSE,
	STEP_CORRECTION,
	STEP_RESUBMIT,
	STEP_PAUSE,
	STEP_RESUME,
	STEP_FINISH,
	STEP_WITHDRAW,
};

struct service_step_input {
	enum service_step step;
	int32_t on;             /* the step's date (rule 5); 0: today */
	const char *reason;     /* refuse, pause, withdraw; finish's note */
	json_t *reasons;        /* refuse: [text] */
	json_t *points;         /* correction: [{material_id?, text}] */
	json_t *missing;        /* accept: [material_id] for 容缺 */
	int32_t tolerant_due;   /* accept with missing: 0 = the committed deadline */
	const char *pause_kind; /* applicant|expert|hearing|testing */
	const char *outcome;    /* finish: approved|denied */
};
/* Moves a case one step (the diagram, rules 1-5, 7). */
int service_case_step(struct store *db, const struct actor *a, int64_t id,
                      const struct service_step_input *in, struct derr *e);
/* Assigns (agent_id) or removes (0) the officer doing the paperwork for the
 * applicant (帮办代办); seen by both. */
int service_case_agent(struct store *db, const struct actor *a, int64_t id, int64_t agent_id,
                       struct derr *e);
/* An officer records a material handed in on paper at the window. */
int service_case_paper(struct store *db, const struct actor *a, int64_t id, int64_t material_id,
                       struct derr *e);

/* The case as its page shows it: item, applicant, agent, the clock (as of
 * today, recomputed from the events), materials and files, 容缺, 补正,
 * events, the rating, and `actions`: the steps the caller may take now. */
int service_case_get(struct store *db, const struct actor *a, int64_t id, json_t **out,
                     struct derr *e);

struct service_case_filter {
	const char *status; /* a case status, or "open" */
	const char *colour; /* green|yellow|red|overdue */
	const char *q;      /* title, applicant or item contains */
	int64_t item_id, department_id, org_id;
	int mine;     /* officer: cases whose agent or handler is the caller */
	int tolerant; /* only 容缺 cases */
};
/* One page of cases in the caller's scope (rule 6), the most urgent first
 * (by deadline), each with its colour and remaining days as of today. */
int service_case_list(struct store *db, const struct actor *a, const struct service_case_filter *f,
                      int64_t page, int64_t size, json_t **items, int64_t *total, struct derr *e);
/* Every case of the filter (at most 50,000), shaped like the list, for
 * the export. */
int service_case_rows(struct store *db, const struct actor *a, const struct service_case_filter *f,
                      json_t **rows, struct derr *e);

/* Overdue open cases (escalation to the department head): a head sees
 * their departments', other officers and operators all.  Each item: the
 * case shaped as in the list, plus {acked, acked_by_name, acked_at, note}.
 * *unread: those not acknowledged. */
int service_escalations(struct store *db, const struct actor *a, int unread_only, json_t **items,
                        int64_t *unread, struct derr *e);
/* The head acknowledges an escalation (已阅督办) with a note. */
int service_escalation_ack(struct store *db, const struct actor *a, int64_t case_id,
                           const char *note, struct derr *e);
/* The menu badge: {open, mine, escalations, followups_due, callbacks}
 * (officer, operator) or {open, correcting, to_rate} (enterprise). */
int service_badge(struct store *db, const struct actor *a, json_t **out, struct derr *e);

/* ---- files (service_files.c) ---- */

/* Stores an uploaded material of a case (the applicant or its agent; PDF,
 * JPEG or PNG by content, at most SERVICE_FILE_MAX bytes), marking the
 * material provided (and a pending 容缺 one fulfilled).  *out: the file row. */
int service_case_upload(struct store *db, const struct actor *a, int64_t case_id,
                        int64_t material_id, const char *filename, const void *data, size_t len,
                        json_t **out, struct derr *e);
/* Opens a stored file for the caller (rule 6; audited): *fd (caller closes),
 * *len, *mime and *filename (malloc'd; caller frees). */
int service_file_open(struct store *db, const struct actor *a, int64_t file_id, int *fd,
                      size_t *len, char **mime, char **filename, struct derr *e);
/* The type of an upload by its first bytes: "application/pdf",
 * "image/jpeg", "image/png", or NULL. */
const char *service_file_type(const void *data, size_t len);
/* Writes a file row (owner_kind 'case' or 'project') for bytes already in
 * the file store; used by uploads of cases and projects.  *out: the row. */
int service_file_record(struct store *db, const struct actor *a, const char *owner_kind,
                        int64_t owner_id, int64_t material_id, int stage, const char *filename,
                        const void *data, size_t len, json_t **out, struct derr *e);

/* ---- clocks of every open case (service_case_clock.c) ---- */

struct service_recomputed {
	int64_t cases, followups;
};
/* Recomputes and stores the clock of every open case and the due dates of
 * every open rating follow-up with cal (inside the caller's transaction). */
int service_recompute_all(struct store *db, const struct workcal *cal, int32_t today,
                          struct service_recomputed *done, struct derr *e);
/* The cases part of it: open cases only, or every case (every = 1: the
 * demo generator, which writes histories directly).  *done: how many. */
int service_recompute_cases(struct store *db, const struct workcal *cal, int32_t today, int every,
                            int64_t *done, struct derr *e);
/* Recomputes and stores one case's clock. */
int service_case_clock_store(struct store *db, const struct workcal *cal, int64_t case_id,
                             int32_t today, struct derr *e);

/* ---- settings ---- */

/* {rectify_days, rate_fairs}. */
int service_settings(struct store *db, json_t **out, struct derr *e);
/* Sets rectify_days (1-30) and rate_fairs (0/1); -1 leaves one as it is. */
int service_settings_set(struct store *db, const struct actor *a, int64_t rectify_days,
                         int rate_fairs, struct derr *e);

#endif
