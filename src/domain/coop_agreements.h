/*
 * coop_agreements: agreements (协议) between an enterprise and a college —
 * co-built bases (校企合作基地, base), industry–university–research projects
 * (产学研, research), order classes (订单班, order_class) and internship
 * bases (实习基地, internship_base): the parties, the term, the obligations
 * of each side, milestones (what, when, which party), the signed scan
 * (PDF), renewals.
 *
 *   draft --sign (scan attached)--> signed --(first day comes)--> active
 *                                      \                           |
 *                                       \--terminate--> terminated <+
 *                                                                   |
 *                                   expired <--(last day passes)----+
 *
 * The database keeps the acts (draft, signed, terminated): active and
 * expired follow from the term and today's date, computed by every read
 * with the same expression (COOP_AGREEMENT_STATE), so an agreement is
 * never shown active after it ended and no job has to wake up to expire
 * it; a GET never writes.  Every act is audited and kept in
 * coop_agreement_events.
 *
 * Either party's staff or the operator creates and edits a draft, attaches
 * the scan, signs (the day it was signed), terminates (a reason), adds
 * milestones; a milestone is done by its owner's staff or the operator.
 * Renewing an active or expired agreement starts a new draft with the same
 * parties, kind and obligations (renewal_of names the old one).  The
 * reminders list what expires within N days and milestones due.
 */
#ifndef SKYWAY_DOMAIN_COOP_AGREEMENTS_H
#define SKYWAY_DOMAIN_COOP_AGREEMENTS_H

#include "domain/coop.h"

/* How far ahead renewal reminders look by default. */
#define COOP_RENEWAL_DAYS 60

/* 1 when kind is an agreement kind; its Chinese label. */
int coop_agreement_kind_valid(const char *kind);
const char *coop_agreement_kind_label(const char *kind);

/* An agreement as written.  obligations is NULL or an array of {party:
 * "enterprise"|"college"|"both", text} (checked here). */
struct coop_agreement_input {
	const char *kind, *title, *summary, *starts_on, *ends_on;
	int64_t enterprise_id, college_id;
	const json_t *obligations;
};

/* Creates a draft (a party's staff or the operator).  *out: the agreement
 * as coop_agreement_get() shows it.  0, or -1 with e. */
int coop_agreement_create(struct store *db, const struct actor *a,
                          const struct coop_agreement_input *in, json_t **out, struct derr *e);
/* Edits draft id (the parties stay). */
int coop_agreement_update(struct store *db, const struct actor *a, int64_t id,
                          const struct coop_agreement_input *in, json_t **out, struct derr *e);
/* Agreement id with its state, days left, milestones, history and scan. */
int coop_agreement_get(struct store *db, const struct actor *a, int64_t id, json_t **out,
                       struct derr *e);

/* A list filter; NULL or 0 members do not filter. */
struct coop_agreement_query {
	const char *kind, *state, *q;
	int64_t org_id, expiring_within, page, page_size;
};
/* One page of agreements in the caller's scope, by end date. */
int coop_agreement_list(struct store *db, const struct actor *a,
                        const struct coop_agreement_query *q, json_t **out, struct derr *e);
/* Renewal reminders: {"expiring": active agreements ending within days,
 * with days_left; "milestones": open milestones due within days or
 * overdue, with their agreement}. */
int coop_agreement_reminders(struct store *db, const struct actor *a, int64_t days, json_t **out,
                             struct derr *e);

/* Attaches the signed scan (PDF bytes) to draft or signed id. */
int coop_agreement_scan(struct store *db, const struct actor *a, int64_t id, const char *data,
                        size_t len, json_t **out, struct derr *e);
/* Signs draft id on day signed_on (today or before; the scan attached). */
int coop_agreement_sign(struct store *db, const struct actor *a, int64_t id, const char *signed_on,
                        json_t **out, struct derr *e);
/* Terminates a signed or active agreement, with a reason. */
int coop_agreement_terminate(struct store *db, const struct actor *a, int64_t id,
                             const char *reason, json_t **out, struct derr *e);
/* A new draft renewing active or expired id: the term starts_on (NULL:
 * the day after the old end) to ends_on.  *out: the new draft. */
int coop_agreement_renew(struct store *db, const struct actor *a, int64_t id, const char *starts_on,
                         const char *ends_on, json_t **out, struct derr *e);
/* Adds a milestone (title, due_on, owner_org_id one of the parties) to an
 * agreement that is not terminated. */
int coop_milestone_add(struct store *db, const struct actor *a, int64_t id, const char *title,
                       const char *due_on, int64_t owner_org_id, json_t **out, struct derr *e);
/* Marks milestone mid of agreement id done, with a note. */
int coop_milestone_done(struct store *db, const struct actor *a, int64_t id, int64_t mid,
                        const char *note, json_t **out, struct derr *e);

/* The rows of the agreements export (the caller's scope) handed to write. */
int coop_agreement_export(struct store *db, const struct actor *a, coop_rows_fn write, void *arg,
                          struct derr *e);

/* The SQL of an agreement's state (alias a), binding today twice. */
#define COOP_AGREEMENT_STATE                                                                       \
	"CASE WHEN a.status = 'signed' AND a.ends_on < ? THEN 'expired' WHEN a.status ="           \
	" 'signed' AND a.starts_on <= ? THEN 'active' ELSE a.status END"

#endif
