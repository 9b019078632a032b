/*
 * auth: logging in and out, the caller's own account, changing one's
 * password.  The rules of sessions are in session.h, of the lockout in
 * throttle.h, of the second factor in mfa.h.
 *
 * A login is one or two calls: auth_login() checks the password (with
 * MFA on, it earns a pending token and mfa_login_finish() checks the
 * code), then auth_session_open() opens the session.  A refused login
 * writes its failure (audit row, lockout count) even though it fails:
 * those writes are the defence, and they stand alone, outside any
 * transaction.  An opened session and its audit row land together.
 */
#ifndef SKYWAY_DOMAIN_AUTH_H
#define SKYWAY_DOMAIN_AUTH_H

#include <jansson.h>
#include <stdint.h>

#include "domain/derr.h"
#include "domain/mfa.h"
#include "domain/roles.h"
#include "domain/session.h"
#include "domain/throttle.h"
#include "store/store.h"

/* The outcome of a password that proved right. */
struct auth_login {
	int64_t account_id;
	int mfa_required;                     /* then mfa_token is set ... */
	char mfa_token[MFA_TOKEN_HEX + 1];    /* ... for POST /auth/mfa */
	char device[THROTTLE_DEVICE_HEX + 1]; /* the device cookie to set, "" none */
};

/* The first step of a login: login (normalised) with password, from
 * address with the device cookie device_token (or NULL).  Refusals: 429
 * too_many_attempts (the lockout), 401 bad_credentials, 403
 * account_disabled; each is audited.  Returns 0 with *out, or -1 with e. */
int auth_login(struct store *db, const char *login, const char *password, const char *address,
               const char *device_token, struct auth_login *out, struct derr *e);

/* An open session: the cookie's token, its CSRF token, the account and its
 * MFA status as /me shows them. */
struct auth_session {
	char token[SESSION_TOKEN_HEX + 1];
	char csrf[SESSION_TOKEN_HEX + 1];
	json_t *account; /* new reference */
	struct mfa_status mfa;
};
/* Opens a session for account_id (login) after every check passed, with
 * its audit row (auth.login, detail) and last_login_at, in one
 * transaction.  Returns 0 with *out, or -1 with e. */
int auth_session_open(struct store *db, int64_t account_id, const char *login, const char *address,
                      const char *detail, struct auth_session *out, struct derr *e);
/* Ends a's session, audited (auth.logout). */
int auth_logout(struct store *db, const struct actor *a, struct derr *e);
/* a's account and MFA status: 0 with *account (new reference) and *mfa. */
int auth_me(struct store *db, const struct actor *a, json_t **account, struct mfa_status *mfa,
            struct derr *e);
/* a changes its own password: fresh must pass the policy for its owner
 * (400 field new_password), old must be the current one (403 field
 * old_password, audited as failed).  The account's other sessions end;
 * this one stays.  Audited (account.password_change). */
int auth_password_change(struct store *db, const struct actor *a, const char *old,
                         const char *fresh, struct derr *e);

#endif
