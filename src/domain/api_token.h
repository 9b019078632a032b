/*
 * api_token: API tokens per organisation, for a college's or an enterprise's own
 * system (a student register syncing students, an HR system syncing positions)
 * instead of a person's session.
 *
 * Invariants:
 *  1. A token is "sky_" and 64 hex digits (256 random bits), shown once when it is
 *     made; only its SHA-256 is stored, with its first 8 digits to recognise it.
 *  2. A token belongs to an organisation (a college or an enterprise) and acts as
 *     the staff account that made it, within its scopes: every rule of that account's
 *     role and organisation still applies, and every audit row names the account with
 *     "(api:<prefix>)".  It stops at the first of: revocation (by any staff member of
 *     the organisation), expiry (1 to 730 days), its account disabled or moved.
 *  3. Scopes are "<tag>:read" (GET) and "<tag>:write" (everything else) over the route
 *     table's tags; a college may grant students:read, statistics:read|write (the
 *     graduates' destinations), imports:read|write and dictionaries:read; an enterprise
 *     positions, applications and imports (read|write) and dictionaries:read.
 *     Nothing else is reachable with a token: not the account, session, MFA or token
 *     routes themselves.
 *  4. A token request carries no cookie, so it needs no CSRF token.
 */
#ifndef SKYWAY_DOMAIN_API_TOKEN_H
#define SKYWAY_DOMAIN_API_TOKEN_H

#include <jansson.h>
#include <stdint.h>

#include "domain/derr.h"
#include "domain/roles.h"
#include "store/store.h"

#define API_TOKEN_LEN (4 + 64) /* "sky_" + 64 hex digits */

/* Makes a token for a's organisation: name (1–40 characters), scopes (a JSON array of
 * "<tag>:read|write" strings the organisation's type may grant), expires_days (1–730),
 * password a's own, typed again (a stolen session alone cannot mint a lasting key:
 * 403 bad_credentials naming password).
 * Audited (api_token.create).  0 with *out (the token as api_token_list shows it, new
 * reference) and secret (the only copy of the token, NUL-terminated), or -1 with e
 * (400/422 naming name, scopes or expires_days; 403 for a role without tokens). */
int api_token_create(struct store *db, const struct actor *a, const char *password,
                     const char *name, json_t *scopes, int64_t expires_days, json_t **out,
                     char secret[API_TOKEN_LEN + 1], struct derr *e);

/* The tokens of a's organisation, newest first: id, name, prefix, scopes, created_at,
 * created_by (login), expires_at, last_used_at, revoked_at, state ("active", "expired",
 * "revoked").  Never the secret.  0 with *items (new reference), or -1 with e. */
int api_token_list(struct store *db, const struct actor *a, json_t **items, struct derr *e);

/* Revokes token id of a's organisation (404 for another organisation's), audited
 * (api_token.revoke); revoking a revoked token is a 409.  0 with *out (as listed, new
 * reference), or -1 with e. */
int api_token_revoke(struct store *db, const struct actor *a, int64_t id, json_t **out,
                     struct derr *e);

/* Revokes every live token account_id made (its password changed or was reset, the
 * account disabled or closed: what ends its sessions ends its tokens; re-enabling the
 * account does not bring them back).  Part of the caller's transaction.  Returns a
 * store code. */
int api_token_revoke_account(struct store *db, int64_t account_id);

/* Looks up secret: returns 1 and fills *a (the account's id, role, organisation, login
 * "<login> (api:<prefix>)", api_token and api_scopes) when it is a live token, 0 when
 * it is not (unknown, revoked, expired, account no longer active or in the
 * organisation), -1 on a database error.  Touches last_used_at at most once a minute. */
int api_token_lookup(struct store *db, const char *secret, struct actor *a);

/* 1 when a token with scopes may call a route of tag with a write (1) or a read (0). */
int api_token_allows(unsigned scopes, const char *tag, int write);

#endif
