/*
 * mfa: staff two-factor login (两步验证): a TOTP authenticator app
 * (domain/totp.h) plus single-use recovery codes.
 *
 * Who: operators and officers MUST enrol (ROLE_MFA_REQUIRED); college and
 * enterprise (HR) accounts MAY; the others have no use for it but are not
 * refused.  Until an account of a required role has enrolled, its session
 * reaches only the routes flagged ROUTE_MFA_SETUP (enrolment, /me,
 * logout): session_lookup() sets actor.mfa_missing and the router refuses
 * everything else with 403 mfa_enrolment_required.
 *
 * Invariants:
 *  1. The secret (20 random bytes, base32 in the otpauth:// URI) is sealed
 *     under the data key (pii_seal) at rest; without a data key MFA is
 *     unavailable (503), never stored in clear.
 *  2. Enrolment is two calls: setup (a new secret, not yet in force; a
 *     second setup replaces it) and enable (a code from the app proves it
 *     was scanned).  Enabling creates MFA_RECOVERY_COUNT recovery codes,
 *     returned once and stored as HMAC-SHA-256 under a key derived from the
 *     data key (so a copy of the database cannot be searched for them), and
 *     ends the account's other sessions (a password-only session of
 *     someone else must not become a full one).
 *  3. A TOTP step once accepted for an account is never accepted again,
 *     nor any earlier one (account_mfa.last_step, advanced atomically).
 *  4. Login with MFA on is two calls: the password gives a pending token
 *     (256 bits, stored hashed, MFA_PENDING_TTL seconds, good only for
 *     POST /auth/mfa); a code completes it.  MFA_PENDING_TRIES wrong codes
 *     kill the token, and each counts as a failed login for the per-login
 *     lockout (domain/throttle.h).
 *  5. Turning MFA off needs the password and a current code; an operator
 *     may reset another account's MFA (its sessions end).  Every event is
 *     in the audit log (mfa.*, auth.mfa*).
 * A wrong code is recorded (audit, failure counts) even though the call
 * that got it fails: those writes are the defence.
 */
#ifndef SKYWAY_DOMAIN_MFA_H
#define SKYWAY_DOMAIN_MFA_H

#include <stdint.h>

#include "domain/derr.h"
#include "domain/roles.h"
#include "store/store.h"

#define MFA_SECRET_BYTES   20
#define MFA_SECRET_CHARS   32 /* base32 of 20 bytes */
#define MFA_RECOVERY_COUNT 10
#define MFA_RECOVERY_SIZE  15 /* "xxxx-xxxx-xxxx" + NUL */
#define MFA_PENDING_TTL    300
#define MFA_PENDING_TRIES  5
#define MFA_TOKEN_HEX      64
#define MFA_ISSUER         "天空走廊"

struct mfa_status {
	int required;          /* the role must use MFA */
	int enabled;           /* enrolled and confirmed */
	int64_t enabled_at;    /* 0 when not */
	int64_t recovery_left; /* unused recovery codes */
};

struct mfa_secret {
	char secret[MFA_SECRET_CHARS + 1]; /* base32, for typing by hand */
	char uri[640];                     /* otpauth://totp/..., for the QR code */
};

typedef char mfa_recovery_codes[MFA_RECOVERY_COUNT][MFA_RECOVERY_SIZE];

/* The MFA status of account_id (of role, a role bit) into *out.
 * Returns 0, or -1 with e set. */
int mfa_status(struct store *db, int64_t account_id, int role, struct mfa_status *out,
               struct derr *e);
/* Starts (or restarts) enrolment for who: a new secret, sealed and kept
 * pending, returned in *out.  409 mfa_enabled when MFA is already on, 503
 * without a data key.  Audited (mfa.setup). */
int mfa_setup(struct store *db, const struct actor *who, struct mfa_secret *out, struct derr *e);
/* Confirms enrolment with a code of the pending secret: MFA is on, the
 * recovery codes are written to codes (shown once), the account's other
 * sessions end; *after is the status now.  403 bad_code (field code, the
 * refusal audited), 409 mfa_not_started / mfa_enabled.  Audited
 * (mfa.enable) in the same transaction. */
int mfa_enable(struct store *db, const struct actor *who, const char *code,
               mfa_recovery_codes codes, struct mfa_status *after, struct derr *e);
/* Turns who's MFA off: needs the password (403 bad_credentials, field
 * password) and a current code or a recovery code (403 bad_code / code_reused,
 * field code; 429 when the login is locked); refusals are audited.  *after
 * is the status now.  Audited (mfa.disable) in the same transaction. */
int mfa_disable(struct store *db, const struct actor *who, const char *password, const char *code,
                struct mfa_status *after, struct derr *e);
/* Replaces who's recovery codes after a current code (as mfa_disable).
 * Audited (mfa.recovery_codes). */
int mfa_recovery_renew(struct store *db, const struct actor *who, const char *code,
                       mfa_recovery_codes codes, struct derr *e);
/* An operator turns another account's MFA off (it enrols again at its next
 * login) and ends its sessions.  who with id 0: the console (`skyway user
 * mfa-reset`, for the last operator who lost the phone and the codes; its
 * login names it in the audit log).  404 unknown account, 422 oneself, 409
 * mfa_not_enabled.  Audited (mfa.reset). */
int mfa_reset(struct store *db, const struct actor *who, int64_t target, struct derr *e);

/* After a correct password: when the account has MFA on, sets *needed and
 * writes a pending token (MFA_TOKEN_HEX + 1 bytes) to give the client;
 * else *needed = 0.  Audited (auth.mfa_challenge). */
int mfa_login_begin(struct store *db, int64_t account_id, const char *login, const char *address,
                    char token[MFA_TOKEN_HEX + 1], int *needed, struct derr *e);
/* The second step of a login: token from mfa_login_begin and a TOTP code
 * or a recovery code.  On success the token is spent and *who is the
 * account to open a session for.  401 mfa_token_invalid (unknown, expired,
 * spent or killed: log in again), 401 bad_code / code_reused (field code),
 * 403 account_disabled, 429 when the login is locked.  Audited (auth.mfa).
 * The code is a login attempt for the lockout (domain/throttle.h): the
 * password step left a pending failure for (login, source), a wrong code
 * keeps it, the right one clears it and remembers the device: device_token
 * is the cookie sent (or NULL), device_out[THROTTLE_DEVICE_HEX + 1] gets the
 * new one to set ("" when none). */
int mfa_login_finish(struct store *db, const char *token, const char *code, const char *address,
                     const char *device_token, char *device_out, struct actor *who, struct derr *e);

/* Internal to mfa*.c: checks code (TOTP or recovery code) for account_id
 * and spends it.  Returns 1 accepted, 0 refused (*why: "wrong code" or
 * "code reused"), -1 with e set. */
int mfa_check_code(struct store *db, int64_t account_id, const char *code, const char **why,
                   struct derr *e);
/* Internal: records the refusal of a code (why from mfa_check_code) as an
 * error of kind: bad_code or code_reused, field code.  Returns -1. */
int mfa_code_refused(struct derr *e, enum derr_kind kind, const char *why);

#endif
