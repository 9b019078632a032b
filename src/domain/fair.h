/*
 * fair: the rules of job fairs (招聘洽谈会/双选会) and recruitment sessions
 * (专场宣讲), and the fair itself: loading it as a caller may see it, its
 * lifecycle, live notifications.
 *
 * Lifecycle, each step by the operator and kept in fair_events:
 *
 *   draft -> signup -> signup_closed -> live -> finished
 *     \________\___________\____________\-----> cancelled
 *
 *  - Enterprises (verified only) sign up while the fair is `signup`,
 *    bringing some of their open positions and saying how many interview
 *    tables they need; the operator approves or rejects with a reason.
 *  - Students register from `signup` until the fair finishes (walk-ins
 *    register at the gate while it is live), when eligible: the fair may
 *    restrict colleges, majors (a category, class or major code: prefix
 *    match) and graduation years.  Each gets a short code and a signed
 *    entry pass (below).
 *  - While live: gate check-in, booth queues, intentions to hire.
 *
 * Entry passes are "SKY1.<fair>.<registration>.<expires>.<mac>": the mac
 * is HMAC-SHA-256 (truncated to 128 bits, base64url) under a key derived
 * from the data key, so the gate trusts a pass without a lookup; the fair
 * id inside stops a pass from one fair opening another.
 *
 * The services (one file per part, each with its header):
 *   fair.c            this header: rules, loading, lifecycle (create, edit,
 *                     status), notifications
 *   fair_view.c       the fair as pages show it (lists, one fair, the
 *                     caller's own part), the live stream
 *   fair_signup.c     enterprise sign-up and review
 *   fair_booths.c     booth allocation, moves, the booth list
 *   fair_entry.c      student registration, passes, the gate (check-in by
 *                     pass or code through gate.c's group commit, walk-ins)
 *   fair_queue.c      booth queues (virtual tickets)
 *   fair_intents.c    intentions to hire (意向签约)
 *   fair_interviews.c invitations and the timetable
 *   fair_stats.c      figures and their tables
 *
 * Invariants every service keeps:
 *  1. It takes a store, the caller (struct actor) and typed arguments, and
 *     returns 0, or -1 with the reason in a struct derr (derr.h).
 *  2. A write runs in one transaction with its audit row (audit_write())
 *     and the rows of its answer: the commit is its last database
 *     operation, so a failure anywhere has written nothing, and a success
 *     is never answered as a failure after the fact.
 *  3. Live subscribers are told (fair_notify()) only after the commit.
 *  4. JSON handed back (json_t **out) is a new reference the caller owns
 *     (the api ties it to the request: api_keep(), or a json_pack "o").
 */
#ifndef SKYWAY_DOMAIN_FAIR_H
#define SKYWAY_DOMAIN_FAIR_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/derr.h"
#include "domain/pass.h"
#include "domain/roles.h"
#include "store/store.h"

/* 1 when status is a fair status. */
int fair_status_valid(const char *status);
/* 1 when the operator may move a fair from one status to the other. */
int fair_transition_ok(const char *from, const char *to);
/* Chinese label of a status ("报名中", ...). */
const char *fair_status_label(const char *status);

/* NULL when a student (college id, major code, graduation year) may take
 * part; else the reason, with *field naming the rule.  The lists are JSON
 * arrays; an empty list does not restrict. */
const char *fair_ineligible(const json_t *colleges, const json_t *majors, const json_t *years,
                            int64_t college, const char *major, int64_t grad_year,
                            const char **field);

/* Entry passes are domain/pass.h passes of the kind "SKY1"; the results
 * are pass.h's, named for fairs. */
#define FAIR_PASS_MAX PASS_MAX
enum fair_pass_result {
	FAIR_PASS_OK = PASS_OK,
	FAIR_PASS_MALFORMED = PASS_MALFORMED,
	FAIR_PASS_FORGED = PASS_FORGED,
	FAIR_PASS_OTHER_FAIR = PASS_OTHER_SCOPE,
	FAIR_PASS_EXPIRED = PASS_EXPIRED,
};
/* Writes the pass of registration reg at fair, valid until expires.
 * Returns 0, or -1 when no data key is set. */
int fair_pass_make(int64_t fair, int64_t reg, int64_t expires, char out[FAIR_PASS_MAX]);
/* Checks a pass for fair at time now; on FAIR_PASS_OK sets *reg. */
enum fair_pass_result fair_pass_check(const char *pass, int64_t fair, int64_t now, int64_t *reg);
/* The reason code and Chinese message of a check result. */
const char *fair_pass_reason(enum fair_pass_result r);
const char *fair_pass_message(enum fair_pass_result r);
/* A random 8-character code for typing at the gate (no 0/O, 1/I). */
void fair_short_code(char out[9]);

/*
 * Booth allocation: enterprises grouped by industry section (GB/T 4754
 * letter; "" for unknown, placed last), the groups in order of section,
 * each group on consecutive booths, within a group by enterprise id.
 * Writes booth numbers 1..n into booth[] (index as in the input).
 * Returns 0, or -1 when there are more enterprises than booths.
 */
struct fair_alloc {
	int64_t enterprise;
	const char *section;
};
int fair_allocate(const struct fair_alloc *in, size_t n, int booths, int *booth);

/* ---- the fair as the services check it ---- */

struct fair {
	int64_t id;
	int64_t host_college_id;
	int64_t starts_at, ends_at; /* epoch seconds */
	int64_t booths, capacity, ticket_limit, slot_minutes, gap_minutes;
	char status[16];
	char name[256]; /* at most 80 characters */
	int organiser;  /* the caller runs it: the operator, or staff of the host college */
};

/* The statuses in which a service may act, for fair_require_state(). */
extern const char *const fair_states_signup[];   /* signup */
extern const char *const fair_states_open[];     /* signup, signup_closed, live */
extern const char *const fair_states_editable[]; /* draft, signup, signup_closed */
extern const char *const fair_states_live[];     /* live */

/* Loads fair id as actor a may see it: a draft is seen by its organisers
 * only; a fair not seen is 404.  With organisers_only (the refusal, in
 * Chinese; FAIR_ANYONE for none), a caller who does not organise it gets
 * 403 with those words.  Returns 0 and *f, or -1 with e. */
#define FAIR_ANYONE NULL
int fair_load_for(struct store *db, const struct actor *a, int64_t id, const char *organisers_only,
                  struct fair *f, struct derr *e);
/* How many students are inside fair f, from figures k ("entered", "left"):
 * entered less left while it is live and not past its end; 0 otherwise
 * (presence ends with the fair). */
int64_t fair_inside(const struct fair *f, const json_t *k);
/* 0 when f's status is one of allowed (NULL-terminated); else -1 with a
 * 422 on field "status" saying what the fair is now and that `action`
 * cannot be done. */
int fair_require_state(const struct fair *f, const char *const *allowed, const char *action,
                       struct derr *e);
/* fair_load_for(FAIR_ANYONE) and fair_require_state() at once. */
int fair_load_in(struct store *db, const struct actor *a, int64_t id, const char *const *allowed,
                 const char *action, struct fair *f, struct derr *e);

/* Tells live subscribers of a fair that something changed at a booth
 * (enterprise 0: the fair as a whole).  The frame names the booth only:
 * clients re-read what they may see, so no personal data goes out.  Call
 * after the change committed. */
void fair_notify(int64_t fair, const char *event, int64_t enterprise);

/* An export's writer (the api's .xlsx): steps through rows and writes
 * each; returns 0, or -1 when the file could not be written.  A service
 * that exports prepares the statement, calls it, and finalizes. */
typedef int (*fair_rows_fn)(void *arg, struct store_stmt *rows);

/* ---- lifecycle ---- */

/* A whole fair as created or edited.  The api has checked each field's
 * shape (types, lengths, ranges; the lists are arrays of distinct
 * strings or integers, or NULL for none); fair_create/fair_update check
 * the rest (dates, the colleges and majors named). */
struct fair_input {
	const char *kind; /* "fair" (招聘洽谈会) or "session" (专场宣讲) */
	const char *name, *venue, *description;
	int64_t host_college_id, starts_at, ends_at, booths, capacity;
	int64_t ticket_limit, slot_minutes, gap_minutes;
	const json_t *zones;    /* venue areas: strings */
	const json_t *colleges; /* eligible colleges: ids */
	const json_t *majors;   /* eligible majors: codes */
	const json_t *years;    /* eligible graduation years */
};

/* Creates a draft fair (operator).  *out: the fair with its counts (new
 * reference).  Returns 0, or -1 with e (400 naming the field at fault). */
int fair_create(struct store *db, const struct actor *a, const struct fair_input *in, json_t **out,
                struct derr *e);
/* Edits fair id until it goes live; the booths cannot drop below the
 * highest booth allocated.  *out as for fair_create. */
int fair_update(struct store *db, const struct actor *a, int64_t id, const struct fair_input *in,
                json_t **out, struct derr *e);
/* Moves fair id to status `to` along the diagram above (409 when someone
 * moved it meanwhile).  *out as for fair_create. */
int fair_set_status(struct store *db, const struct actor *a, int64_t id, const char *to,
                    json_t **out, struct derr *e);

#endif
