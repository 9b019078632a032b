/*
 * api: JSON in, JSON out, one file per area.  The http layer has already
 * matched the route, checked the caller's role, the body's size and type,
 * parsed the body as a JSON object (c->body) and opened the database; a
 * handler validates fields, applies the rules (domain/) and answers with
 * api_reply() or api_fail().
 *
 * Field validation is sticky (after SQLite's sqlite3_str): the first
 * failing api_str()/api_int() records a 400 naming the field, later calls
 * do nothing, and the handler checks api_failed(c) once.
 */
#ifndef SKYWAY_API_API_H
#define SKYWAY_API_API_H

#include <jansson.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/hub.h"
#include "domain/derr.h"
#include "domain/roles.h"
#include "store/store.h"

struct api_ctx {
	struct arena *arena;
	struct store *db;
	json_t *body;       /* request object, or NULL for GET */
	const char *upload; /* the raw body of a file route (ROUTE_FILE) */
	size_t upload_len;
	const char *path_param;   /* the {id} of the route, or NULL */
	struct actor actor;       /* actor.id == 0: not logged in */
	const char *address;      /* client address */
	const char *device_token; /* the login device cookie (domain/throttle.h), or NULL */
	int secure;               /* served over TLS (or proxy says so) */
	/* Query string lookup, provided by http/. */
	const char *(*query_fn)(void *http, const char *key);
	void *http;

	/* The answer. */
	int status;
	json_t *out; /* reply body (owned) */
	char *raw;   /* or raw bytes (arena) ... */
	int raw_fd;  /* ... or a file to stream (closed by http/), -1 none */
	size_t raw_len;
	const char *raw_type;      /* ... with this content type */
	const char *raw_filename;  /* attachment name, if any */
	const char *set_cookie;    /* Set-Cookie value (arena), if any */
	const char *device_cookie; /* a second Set-Cookie: the login device (arena) */
	struct hub_sub *stream;    /* or a live event stream (base/hub.h) */
	int failed;

	/* A handler whose answer waits for another thread (the gate's group
	 * commit) does not hold its worker: http/ gives park (suspends the
	 * connection) and wake (resumes it, from any thread) with wait_arg, and
	 * api_then() leaves the answer to `then`, run on the resumed request
	 * (with c->db that thread's connection; c->body is gone by then). */
	void (*park)(void *arg);
	void (*wake)(void *arg);
	void *wait_arg;
	void (*then)(struct api_ctx *c, void *arg);
	void *then_arg;
};

typedef void (*api_handler)(struct api_ctx *c);

/* Answers status with body (takes the reference).  Does nothing (drops
 * body) once the request has failed: a failure is never overwritten. */
void api_reply(struct api_ctx *c, int status, json_t *body);
/* api_reply() of a body already printed as compact JSON (len bytes,
 * copied): sent exactly as api_reply() sends its tree.  raw_type is then
 * api_json_text. */
void api_reply_json_text(struct api_ctx *c, int status, const char *text, size_t len);
extern const char api_json_text[];
/* Answers with the error shape; field may be NULL.  Returns -1. */
int api_fail(struct api_ctx *c, int status, const char *code, const char *field,
             const char *message);
/* Answers 500 and logs what went wrong (never shown to the client). */
int api_internal(struct api_ctx *c, const char *what);
/* Answers a domain failure: its status, code, field and message; a
 * DERR_INTERNAL is logged with its detail and answered as api_internal().
 * Returns -1. */
int api_fail_derr(struct api_ctx *c, const struct derr *e);
/* Ends a handler after its one domain call: rc 0 answers status with
 * {key: *v} (taking the reference), -1 the failure in e.  v is read after
 * the call, so the call may fill it in the same statement:
 *     api_answer(c, account_get(c->db, &c->actor, id, &acc, &e), 200, "account", &acc, &e); */
void api_answer(struct api_ctx *c, int rc, int status, const char *key, json_t **v,
                const struct derr *e);
/* The second half of a handler: then(c, arg) answers now, or, when pending
 * (parked by c->park, woken by c->wake), on the resumed request.  Whatever
 * then uses must live in the request's arena. */
void api_then(struct api_ctx *c, int pending, void (*then)(struct api_ctx *c, void *arg),
              void *arg);
/* Ties a JSON value to the request: released with the arena.  Returns j. */
json_t *api_keep(struct api_ctx *c, json_t *j);
static inline int api_failed(const struct api_ctx *c)
{
	return c->failed;
}

/* Rejects any body field not in the NULL-terminated list (400). */
int api_only_fields(struct api_ctx *c, const char *const *allowed);
/* Rejects every body field (400 unknown_field naming it): for actions that
 * take none, so a stray field is an error and not silently ignored.
 * Returns -1 when the request has failed, by this check or an earlier one
 * (the reply is set), else 0. */
int api_no_fields(struct api_ctx *c);

enum { API_OPTIONAL = 0, API_REQUIRED = 1 };
/* A string field of min..max characters (code points), without control
 * characters; surrounding blanks are trimmed.  Returns the arena copy, NULL when
 * absent (and optional) or failed. */
const char *api_str(struct api_ctx *c, const char *field, int required, size_t min, size_t max);
/* Like api_str but multi-line: newlines and tabs are allowed. */
const char *api_text(struct api_ctx *c, const char *field, int required, size_t min, size_t max);
/* An optional array of distinct non-empty strings (at most max_items, each
 * at most max_chars); returns it (borrowed from the body) or NULL when
 * absent or failed. */
json_t *api_str_array(struct api_ctx *c, const char *field, size_t max_items, size_t max_chars);
/* A boolean field; returns 0 and sets *out (0/1), 1 when absent (or null),
 * -1 failed (400 naming the field; missing when required). */
int api_bool(struct api_ctx *c, const char *field, int required, int *out);
/* Answers with a live event stream of topic (base/hub.h) for the caller,
 * who may hold per_owner streams (0: no limit; beyond, the oldest ends);
 * 503 while the server shuts down.  Returns 0 or -1 (answered). */
int api_subscribe(struct api_ctx *c, int64_t topic, int per_owner);
/* An integer field; returns 0 and sets *out, 1 when absent, -1 failed. */
int api_int(struct api_ctx *c, const char *field, int required, int64_t *out);

/* An optional array of distinct integers in min..max (at most max_items);
 * returns it (borrowed) or NULL when absent or failed. */
json_t *api_int_array(struct api_ctx *c, const char *field, size_t max_items, int64_t min,
                      int64_t max);
/* api_int() that also fails 400 unless min <= value <= max. */
int api_int_in(struct api_ctx *c, const char *field, int required, int64_t min, int64_t max,
               int64_t *out);
/* The caller's own student record id (0 when none or closed; 0 and a 500
 * recorded when the lookup failed): student_own_id() for the handlers of
 * areas not yet moved to domain services. */
int64_t api_own_student(struct api_ctx *c);

/* Query parameters.  api_query() returns NULL when absent or empty;
 * invalid UTF-8 fails with 400. */
const char *api_query(struct api_ctx *c, const char *key);
/* Integer query param; returns dflt when absent, fails 400 when bad. */
int64_t api_query_int(struct api_ctx *c, const char *key, int64_t dflt, int64_t min, int64_t max);
/* page/page_size with defaults 1/20, page_size at most 200; a cursor
 * parameter is refused (400).  The paged lists answer api_page()'s shape. */
void api_paging(struct api_ctx *c, int64_t *page, int64_t *page_size);
/* The keyset-paged lists ({"items","total","next_cursor"}): the cursor
 * (NULL for the first page) and page_size (or its older name limit), 1..100,
 * default 20; a page parameter is refused (400).  Both ways validate alike:
 * a size that is not an integer in range is a 400 naming it. */
void api_cursor_paging(struct api_ctx *c, const char **cursor, int64_t *limit);
/* One page of a list: runs count_sql, then list_sql (which ends with
 * "LIMIT ? OFFSET ?") with args plus the page's limit and offset.  Returns
 * the rows (new reference) and *total, or NULL on a database error.  The
 * handlers not yet moved to domain services use it; a domain service calls
 * listing_page() (domain/listing.h). */
json_t *api_page_rows(struct api_ctx *c, const char *count_sql, const char *list_sql,
                      struct store_args *args, int64_t page, int64_t size, int64_t *total);
/* {"items":items,"total":total,"page":..,"page_size":..} (takes items). */
json_t *api_page(json_t *items, int64_t total, int64_t page, int64_t page_size);
/* The {id} path parameter as an integer; 404 unless it is a positive
 * integer written in digits only, without a sign or leading zero. */
int api_path_id(struct api_ctx *c, int64_t *out);
/* Records an audit event for the caller. */
void api_audit(struct api_ctx *c, const char *action, const char *object_type, int64_t id,
               const char *outcome, const char *detail);

/* Handlers, by area. */
void api_auth_login(struct api_ctx *c);
void api_auth_logout(struct api_ctx *c);
void api_me(struct api_ctx *c);
void api_me_password(struct api_ctx *c);
void api_public_colleges(struct api_ctx *c);
void api_register_student(struct api_ctx *c);
void api_register_enterprise(struct api_ctx *c);
void api_accounts_list(struct api_ctx *c);
void api_accounts_get(struct api_ctx *c);
void api_accounts_create(struct api_ctx *c);
void api_accounts_disable(struct api_ctx *c);
void api_accounts_enable(struct api_ctx *c);
void api_accounts_password(struct api_ctx *c);
void api_orgs_list(struct api_ctx *c);
void api_orgs_create(struct api_ctx *c);
void api_orgs_approve(struct api_ctx *c);
void api_orgs_reject(struct api_ctx *c);
void api_audit_list(struct api_ctx *c);
void api_dict_get(struct api_ctx *c);
void api_majors_retired(struct api_ctx *c);
void api_majors_retired_replace(struct api_ctx *c);
void api_positions_search(struct api_ctx *c);
void api_positions_suggest(struct api_ctx *c);
void api_positions_export(struct api_ctx *c);
void api_positions_get(struct api_ctx *c);
void api_positions_mine(struct api_ctx *c);
void api_positions_create(struct api_ctx *c);
void api_positions_update(struct api_ctx *c);
void api_positions_submit(struct api_ctx *c);
void api_positions_close(struct api_ctx *c);
void api_positions_reopen(struct api_ctx *c);
void api_positions_approve(struct api_ctx *c);
void api_positions_reject(struct api_ctx *c);
void api_students_me(struct api_ctx *c);
void api_students_update(struct api_ctx *c);
void api_students_list(struct api_ctx *c);
void api_students_get(struct api_ctx *c);
void api_students_contact(struct api_ctx *c);
void api_applications_apply(struct api_ctx *c);
void api_applications_list(struct api_ctx *c);
void api_applications_get(struct api_ctx *c);
void api_applications_status(struct api_ctx *c);
void api_applications_withdraw(struct api_ctx *c);
void api_applications_accept(struct api_ctx *c);
void api_applications_bulk(struct api_ctx *c);
void api_applications_viewed(struct api_ctx *c);
void api_invitations_create(struct api_ctx *c);
void api_invitations_list(struct api_ctx *c);
void api_invitations_answer(struct api_ctx *c);
void api_invitations_cancel(struct api_ctx *c);
void api_invitations_upcoming(struct api_ctx *c);
void api_applications_contact(struct api_ctx *c);
void api_applications_contact_withdraw(struct api_ctx *c);
/* Messages per application (api_messages.c). */
void api_messages_thread(struct api_ctx *c);
void api_messages_send(struct api_ctx *c);
void api_messages_report(struct api_ctx *c);
void api_messages_unread(struct api_ctx *c);
void api_messages_reports(struct api_ctx *c);
void api_messages_report_close(struct api_ctx *c);
void api_blocks_get(struct api_ctx *c);
void api_blocks_set(struct api_ctx *c);
void api_blocks_search(struct api_ctx *c);
void api_stats_employment(struct api_ctx *c);
void api_stats_employment_export(struct api_ctx *c);
void api_students_destination(struct api_ctx *c);
void api_stats_overview(struct api_ctx *c);
void api_students_export_mine(struct api_ctx *c);
void api_students_close_mine(struct api_ctx *c);
void api_import_preview(struct api_ctx *c);
void api_recommend_positions(struct api_ctx *c);
void api_recommend_candidates(struct api_ctx *c);
void api_match_explain(struct api_ctx *c);
void api_rounds_create(struct api_ctx *c);
void api_rounds_list(struct api_ctx *c);
void api_rounds_get(struct api_ctx *c);
void api_rounds_positions(struct api_ctx *c);
void api_rounds_choices_set(struct api_ctx *c);
void api_rounds_choices_get(struct api_ctx *c);
void api_rounds_ranking_set(struct api_ctx *c);
void api_rounds_applicants(struct api_ctx *c);
void api_rounds_preview(struct api_ctx *c);
void api_rounds_publish(struct api_ctx *c);
void api_rounds_cancel(struct api_ctx *c);
void api_rounds_result(struct api_ctx *c);
void api_orgs_update(struct api_ctx *c);
void api_orgs_export(struct api_ctx *c);
void api_accounts_export(struct api_ctx *c);
void api_positions_mine_export(struct api_ctx *c);
void api_orgs_mine(struct api_ctx *c);
void api_org_tokens_list(struct api_ctx *c);
void api_org_tokens_create(struct api_ctx *c);
void api_org_tokens_revoke(struct api_ctx *c);
void api_students_export(struct api_ctx *c);
void api_applications_export(struct api_ctx *c);
void api_import_commit(struct api_ctx *c);
void api_import_template(struct api_ctx *c);
void api_audit_export(struct api_ctx *c);
void api_fairs_list(struct api_ctx *c);
void api_fairs_create(struct api_ctx *c);
void api_fairs_get(struct api_ctx *c);
void api_fairs_update(struct api_ctx *c);
void api_fairs_status(struct api_ctx *c);
void api_fairs_signup(struct api_ctx *c);
void api_fairs_signup_withdraw(struct api_ctx *c);
void api_fairs_signups(struct api_ctx *c);
void api_fairs_review(struct api_ctx *c);
void api_fairs_booths(struct api_ctx *c);
void api_fairs_booths_allocate(struct api_ctx *c);
void api_fairs_booths_move(struct api_ctx *c);
void api_fairs_booths_export(struct api_ctx *c);
void api_fairs_register(struct api_ctx *c);
void api_fairs_pass(struct api_ctx *c);
void api_fairs_checkin(struct api_ctx *c);
void api_fairs_checkout(struct api_ctx *c);
void api_fairs_walkin(struct api_ctx *c);
void api_fairs_gate(struct api_ctx *c);
void api_fairs_ticket_take(struct api_ctx *c);
void api_fairs_ticket_cancel(struct api_ctx *c);
void api_fairs_tickets_mine(struct api_ctx *c);
void api_fairs_queue(struct api_ctx *c);
void api_fairs_queue_call(struct api_ctx *c);
void api_fairs_queue_mark(struct api_ctx *c);
void api_fairs_live(struct api_ctx *c);
void api_fairs_intent_create(struct api_ctx *c);
void api_fairs_intents(struct api_ctx *c);
void api_fairs_interview_invite(struct api_ctx *c);
void api_fairs_interviews(struct api_ctx *c);
void api_fairs_interview_confirm(struct api_ctx *c);
void api_fairs_interview_cancel(struct api_ctx *c);
void api_fairs_interview_done(struct api_ctx *c);
void api_fairs_schedule(struct api_ctx *c);
void api_fairs_stats(struct api_ctx *c);
void api_fairs_stats_export(struct api_ctx *c);
void api_qr(struct api_ctx *c);
void api_auth_mfa(struct api_ctx *c);
void api_me_mfa(struct api_ctx *c);
void api_me_mfa_setup(struct api_ctx *c);
void api_me_mfa_enable(struct api_ctx *c);
void api_me_mfa_disable(struct api_ctx *c);
void api_me_mfa_recovery(struct api_ctx *c);
void api_accounts_mfa_reset(struct api_ctx *c);
/* Claiming a student record (api_claims.c). */
void api_claims_classes(struct api_ctx *c);
void api_claims_records(struct api_ctx *c);
void api_claims_attempts(struct api_ctx *c);
void api_claims_codes(struct api_ctx *c);
void api_claims_codes_export(struct api_ctx *c);
void api_claims_unlock(struct api_ctx *c);
void api_claims_reset(struct api_ctx *c);

/* The login field of a registration, lowercased and checked against the
 * login policy (400 naming it); the arena copy, or NULL when failed. */
char *api_login_field(struct api_ctx *c);
/* The start of every registration, after its fields passed: counts one
 * attempt against the address's login budget (429 when over it) and
 * hashes password into hash (PASSWORD_HASH_MAX bytes; 500 when it cannot).
 * Returns 0, or -1 after answering. */
int api_registration_gate(struct api_ctx *c, const char *password, char *hash);
/* A new password field checked against the policy for its owner (what it
 * must not contain: login, name, student number; any may be NULL): a 400
 * naming field and the rule broken.  Returns it or NULL when failed. */
struct password_owner;
const char *api_password_field(struct api_ctx *c, const char *field,
                               const struct password_owner *owner);
/* A password field taken as sent, to check against the stored one (no
 * policy); returns it (arena) or NULL when missing or malformed (400). */
const char *api_password_given(struct api_ctx *c, const char *field);
/* The Set-Cookie value of the login device cookie (domain/throttle.h,
 * rule 4; arena): only the /auth endpoints need it. */
const char *api_device_cookie(struct api_ctx *c, const char *token);
/* Ends a login that passed every check (password, second factor if any):
 * opens the session (cookie), records auth.login with detail, and answers
 * 200 {"account","csrf_token","mfa"}. */
void api_login_complete(struct api_ctx *c, int64_t id, const char *login, const char *detail);
/* The MFA status object of an account ({"required","enabled",
 * "enrolment_required","enabled_at","recovery_codes_left"}): a new
 * reference. */
struct mfa_status;
json_t *api_mfa_json(const struct mfa_status *s);

#endif
