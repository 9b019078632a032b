/*
 * account: the accounts people log in with.
 *
 * An account belongs to at most one organisation (domain/organization.h:
 * 院校 colleges, 企业 enterprises) and its data scope follows from it:
 * college staff and students belong to a college, enterprise HR to an
 * enterprise; operator, judge, mentor and officer accounts belong to none.
 * Organisations are included here for the callers that knew org_insert()
 * and org_json() from this header.
 */
#ifndef SKYWAY_DOMAIN_ACCOUNT_H
#define SKYWAY_DOMAIN_ACCOUNT_H

#include <jansson.h>
#include <stdint.h>

#include "domain/derr.h"
#include "domain/listing.h"
#include "domain/organization.h"
#include "domain/roles.h"
#include "store/store.h"

/* SELECT list and FROM clause that account rows are read with. */
#define ACCOUNT_SELECT                                                                             \
	"SELECT a.id, a.login, a.role, a.display_name, a.status, a.student_no,"                    \
	" a.created_at, a.last_login_at, a.org_id, o.kind AS org_kind, o.name AS org_name,"        \
	" o.status AS org_status, o.reject_reason AS org_reject_reason,"                           \
	" (SELECT COUNT(*) FROM account_mfa m WHERE m.account_id = a.id"                           \
	" AND m.enabled_at IS NOT NULL) AS mfa_enabled"                                            \
	" FROM accounts a LEFT JOIN organizations o ON o.id = a.org_id"

/* Turns a row read with ACCOUNT_SELECT into the API's account object
 * (org_* columns become a nested "org" object or null).  Modifies and
 * returns row. */
json_t *account_shape(json_t *row);
/* Reads one account as the API shows it: a new object, json_null() when
 * there is none, NULL on a database error. */
json_t *account_json(struct store *db, int64_t id);

/* Lowercases ASCII letters in place: logins are case-insensitive. */
void login_normalize(char *login);
/* Returns NULL when login is acceptable, else the reason (zh-CN). */
const char *login_policy_error(const char *login);

/* Inserts an account; pw_hash may be NULL (cannot log in until set).
 * org_id and student_no may be 0/NULL.  Returns STORE_OK (and *id),
 * STORE_UNIQUE when the login (or student number in the organisation) is
 * taken, STORE_ERROR otherwise. */
int account_insert(struct store *db, const char *login, const char *pw_hash, const char *role,
                   const char *display_name, int64_t org_id, const char *student_no, int is_demo,
                   int64_t *id);

/* 1 when pw is the password of account_id (argon2id check), 0 when not
 * (or the account has none), -1 with e when it could not be read. */
int account_password_ok(struct store *db, int64_t account_id, const char *pw, struct derr *e);

/* ---- the accounts pages (account_admin.c) ----
 * The operator manages every account; college and enterprise staff read
 * the accounts of their own organisation.  Anything outside the caller's
 * scope is answered 404, as if it did not exist. */

/* Filters of the accounts list; NULL / 0: any. */
struct account_filter {
	const char *q;      /* login, name or student number contains */
	const char *role;   /* a role's name (400 field role otherwise) */
	const char *status; /* "active" or "disabled" (400 field status otherwise) */
	int64_t org_id;
};
/* One page of the accounts a may see, newest first (account_shape()
 * objects).  0 with *items and *total; -1 with e. */
int account_list(struct store *db, const struct actor *a, const struct account_filter *f,
                 int64_t page, int64_t size, json_t **items, int64_t *total, struct derr *e);
/* The same accounts (every one, oldest first), handed to write. */
int account_export(struct store *db, const struct actor *a, const struct account_filter *f,
                   listing_rows_fn write, void *arg, struct derr *e);
/* Account id if a may see it: 0 with *out (new object), or -1 with 404. */
int account_get(struct store *db, const struct actor *a, int64_t id, json_t **out, struct derr *e);

/* A new account as the operator types it; the password has passed the
 * policy for its owner (password_policy()). */
struct account_new {
	const char *login; /* normalised (login_normalize) */
	const char *password, *role, *display_name;
	int64_t org_id; /* 0: none */
};
/* Creates an account (operator): the login policy (400 field login), a
 * known role (400 field role), the organisation its role needs (a college
 * for college staff and students, an enterprise for HR; none for the
 * others: 400 field org_id), a login not taken (409 field login).  Audited
 * (account.create).  *out: the account (new reference). */
int account_create(struct store *db, const struct actor *a, const struct account_new *n,
                   json_t **out, struct derr *e);
/* Disables (active 0) or enables account id: 404 outside a's scope, 422 to
 * disable oneself.  Disabling ends its sessions.  Audited
 * (account.disable / account.enable).  *out: the account after it. */
int account_set_status(struct store *db, const struct actor *a, int64_t id, int active,
                       json_t **out, struct derr *e);
/* Sets account id's password (operator): 404 outside a's scope, the policy
 * for that account's owner (400 field password).  Its sessions end and its
 * remembered devices are forgotten.  Audited (account.password_reset). */
int account_password_reset(struct store *db, const struct actor *a, int64_t id,
                           const char *password, struct derr *e);

#endif
