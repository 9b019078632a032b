/*
 * organization: the organisations accounts belong to (院校 colleges, 企业
 * enterprises) and their pages.
 *
 * Enterprise registration state:  (register) -> pending -> active
 *                                                      \-> rejected (reason kept)
 * An operator-created organisation is 'active' at once; only the operator
 * moves an organisation out of 'pending'.  Students register by claiming
 * their college's record (domain/claim.h).  The operator edits any field
 * of any organisation; its own staff the descriptive fields only (not the
 * name, the code or whether it is in the zone, which the platform vouches
 * for).  Every change is one transaction with its audit row (org.*,
 * register.enterprise) and the rows of its answer.
 */
#ifndef SKYWAY_DOMAIN_ORGANIZATION_H
#define SKYWAY_DOMAIN_ORGANIZATION_H

#include <jansson.h>
#include <stdint.h>

#include "domain/derr.h"
#include "domain/listing.h"
#include "domain/roles.h"
#include "store/store.h"

/* Inserts an organisation; returns STORE_OK (and *id), STORE_UNIQUE when
 * the credit code or the (kind, code) pair is taken, STORE_ERROR
 * otherwise. */
int org_insert(struct store *db, const char *kind, const char *name, const char *code,
               const char *credit_code, const char *status, const char *contact_name, int is_demo,
               int64_t *id);
/* Reads one organisation: new object, json_null() when none, NULL on error. */
json_t *org_json(struct store *db, int64_t id);

/* Filters of the organisations list; NULL: any. */
struct org_filter {
	const char *kind;   /* "college" or "enterprise" (400 field kind otherwise) */
	const char *status; /* "active", "pending" or "rejected" (400 field status) */
	const char *q;      /* name, credit code or code contains */
};
/* One page of organisations, newest first.  0 with *items and *total. */
int org_list(struct store *db, const struct org_filter *f, int64_t page, int64_t size,
             json_t **items, int64_t *total, struct derr *e);
/* The same organisations (every one, oldest first), handed to write. */
int org_export(struct store *db, const struct org_filter *f, listing_rows_fn write, void *arg,
               struct derr *e);

/* A new organisation as the operator types it (fields checked for shape;
 * the credit code upper-case and valid, required for an enterprise). */
struct org_new {
	const char *kind, *name, *code, *credit_code, *contact_name;
};
/* Creates an active organisation (operator); 409 when it exists (field
 * credit_code, or code).  Audited (org.create).  *out: the organisation. */
int org_create(struct store *db, const struct actor *a, const struct org_new *n, json_t **out,
               struct derr *e);
/* Approves (approve 1) or rejects with reason a pending organisation: 404
 * when there is none, 422 when it is not pending (also when another
 * operator decided first).  Audited (org.approve / org.reject). */
int org_decide(struct store *db, const struct actor *a, int64_t id, int approve, const char *reason,
               json_t **out, struct derr *e);

/* An edit of an organisation's profile: NULL (in_zone -1) leaves a field
 * as it is. */
struct org_edit {
	const char *name, *code, *campus, *city_code, *college_type, *industry_code, *size,
	    *contact_name;
	int in_zone; /* 0, 1, or -1 */
};
/* Edits organisation id: the operator any, its own staff their own (else
 * 404) and not name, code or in_zone (403 naming it); the college type one
 * of 中职, 高职专科, 职业本科, 本科; city and industry codes from the
 * dictionaries; campus and college type for colleges only, industry, size
 * and in_zone for enterprises only (400 naming the field); a code not
 * taken (409).  Audited (org.update).  *out: the organisation after it. */
int org_update(struct store *db, const struct actor *a, int64_t id, const struct org_edit *ed,
               json_t **out, struct derr *e);
/* The caller's own organisation (404 when the account has none). */
int org_mine(struct store *db, const struct actor *a, json_t **out, struct derr *e);
/* The active colleges, by name, for registration pages: {id, name, code}. */
int org_public_colleges(struct store *db, json_t **items, struct derr *e);

/* An enterprise registering itself; the login is normalised and checked,
 * the password hashed (api_registration_gate). */
struct enterprise_registration {
	const char *name, *credit_code, *contact_name, *login, *password_hash;
};
/* Registers a pending enterprise and its first HR account in one
 * transaction, audited as the new account from anon's address
 * (register.enterprise).  409 field credit_code or login when taken.
 * *account: the new account (account_json). */
int org_register_enterprise(struct store *db, const struct actor *anon,
                            const struct enterprise_registration *r, json_t **account,
                            struct derr *e);

#endif
