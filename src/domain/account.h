/*
 * account: accounts and organisations (院校 colleges, 企业 enterprises).
 *
 * An account belongs to at most one organisation and its data scope
 * follows from it: college staff and students belong to a college,
 * enterprise HR to an enterprise; operator, judge, mentor and officer
 * accounts belong to none.  Organisation status: an operator-created
 * organisation is 'active'; a self-registered enterprise is 'pending'
 * until an operator approves ('active') or rejects it ('rejected').
 */
#ifndef SKYWAY_DOMAIN_ACCOUNT_H
#define SKYWAY_DOMAIN_ACCOUNT_H

#include <jansson.h>
#include <stdint.h>

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

/* Inserts an organisation; returns like account_insert (STORE_UNIQUE when
 * the credit code or the (kind, code) pair is taken). */
int org_insert(struct store *db, const char *kind, const char *name, const char *code,
               const char *credit_code, const char *status, const char *contact_name, int is_demo,
               int64_t *id);
/* Reads one organisation: new object, json_null() when none, NULL on error. */
json_t *org_json(struct store *db, int64_t id);

#endif
