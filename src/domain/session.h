/*
 * session: login sessions.
 *
 * Invariants:
 *  1. A session token is 256 random bits, shown to the client once (in
 *     the cookie) and stored only as its SHA-256, so a copy of the
 *     database does not let anyone log in.
 *  2. A session ends at the first of: logout; idle for session_idle
 *     seconds (default 30 min); session_absolute seconds after login
 *     (default 12 h); its account disabled or its password reset.
 *  3. Every login makes a new token (no fixation); old sessions of the
 *     same account stay until they end by (2).
 *  4. Each session has its own CSRF token, which every cookie-
 *     authenticated write must echo in the X-CSRF-Token header.
 *  5. An account with MFA on gets a session only after its second factor
 *     (domain/mfa.h); an operator or officer without MFA gets one that
 *     reaches enrolment only (actor.mfa_missing, checked by the router).
 */
#ifndef SKYWAY_DOMAIN_SESSION_H
#define SKYWAY_DOMAIN_SESSION_H

#include <stdint.h>

#include "domain/roles.h"
#include "store/store.h"

#define SESSION_TOKEN_HEX 64

struct session_config {
	int64_t idle;     /* seconds */
	int64_t absolute; /* seconds */
};
extern struct session_config session_config;

/* Pure expiry rule: returns 1 when a session created at `created` and
 * last seen at `last_seen` has ended at `now`. */
int session_expired(const struct session_config *cfg, int64_t created, int64_t last_seen,
                    int64_t now);
/* Creates a session; writes the token (65 bytes) and CSRF token (65). */
int session_create(struct store *db, int64_t account_id, const char *address,
                   char token[SESSION_TOKEN_HEX + 1], char csrf[SESSION_TOKEN_HEX + 1]);
/* Looks a token up; returns 1 and fills *a when it is a live session of an
 * active account, 0 when not, -1 on a database error.  Touches
 * last_seen_at (at most every few seconds). */
int session_lookup(struct store *db, const char *token, struct actor *a);
/* Ends one session (by token hash) or every session of an account. */
int session_delete(struct store *db, const char *token_hash);
int session_delete_account(struct store *db, int64_t account_id);

#endif
