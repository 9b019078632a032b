/*
 * throttle: brute-force protection for logins that cannot be turned into a
 * weapon against the account's owner.
 *
 * Words: a *source* is where an attempt comes from: the client's address
 * (http/proxy.h says which address that is), or, when the request carries a
 * valid device cookie for that login, the device.  A *failure* is a wrong
 * password (or an unknown login: both look the same from outside).
 *
 * Invariants:
 *   1. Only failures count.  A successful login costs no budget and clears
 *      the failures of its own (login, source); a college lab behind one
 *      NAT address can log in all day.
 *   2. Per (login, source): the first THROTTLE_FREE_FAILURES failures within
 *      THROTTLE_WINDOW are free; after n of them the pair waits
 *      THROTTLE_BACKOFF_BASE * 2^(n - THROTTLE_FREE_FAILURES) seconds from
 *      the last one (60 s, 2 min, 4 min ...), at most THROTTLE_BACKOFF_MAX.
 *      Another address or device is not affected: a guesser at one address
 *      cannot lock the owner out from another.
 *   3. Per login: THROTTLE_LOGIN_CEILING failures within THROTTLE_WINDOW from
 *      all sources together lock the login for every source that is not a
 *      device of the account, until the oldest leaves the window.  This caps
 *      a guess spread over many addresses (a botnet gets ~100 tries a day).
 *   4. A device cookie (skyway_device: 256 random bits, HttpOnly,
 *      SameSite=Strict, a year, Path=/api/v1/auth) is set by every
 *      successful login; the database keeps only its SHA-256, with the
 *      accounts that logged in with it.  Presented again with the password
 *      of one of those accounts, it makes the device the source (rule 2
 *      then counts that device's failures only) and exempts it from rule 3:
 *      the owner gets in from a device that got in before, whatever others
 *      do elsewhere.  A shared lab computer holding a student's cookie still
 *      gets only rule 2's back-off.  The token is replaced at every
 *      successful login (one planted in a browser stops working once its
 *      owner logs in); a device unused for a year is forgotten, and an
 *      operator's password reset forgets the account's devices.
 *   5. An attempt counts as a failure from the moment it is let through
 *      until its password proved right (a row written before the argon2id
 *      check, deleted on success), so parallel guesses cannot slip past
 *      rules 2 and 3 while the first ones are still being checked.
 *   6. Per address, in memory: at most throttle_address_limit costly
 *      attempts a minute (--login-rate).  Logins count their failures only
 *      (throttle_address_hit() after the failure, throttle_address_over()
 *      before); other costly requests (registrations, claims) count every
 *      attempt with throttle_address_hit().
 * Rules 2 to 5 live in the database (login_failures, login_devices), so
 * they hold across worker threads and restarts.
 */
#ifndef SKYWAY_DOMAIN_THROTTLE_H
#define SKYWAY_DOMAIN_THROTTLE_H

#include <stdint.h>

#include "domain/derr.h"
#include "store/store.h"

#define THROTTLE_WINDOW         (24 * 3600)
#define THROTTLE_FREE_FAILURES  5
#define THROTTLE_BACKOFF_BASE   60
#define THROTTLE_BACKOFF_MAX    3600
#define THROTTLE_LOGIN_CEILING  100
#define THROTTLE_DEVICE_MAX_AGE (365 * 24 * 3600)
#define THROTTLE_DEVICE_HEX     64 /* a device token: 32 random bytes as hex */
#define THROTTLE_DEVICE_COOKIE  "skyway_device"

extern int throttle_address_limit;

/* Counts one costly attempt from address; returns 1 when it is over the
 * budget (then refuse it).  Thread-safe, in memory. */
int throttle_address_hit(const char *address, int64_t now);
/* Returns 1 when address is already over the budget; counts nothing. */
int throttle_address_over(const char *address, int64_t now);

/* One login attempt between throttle_login_begin() and its outcome. */
struct throttle_login {
	char login[65];
	char address[64];
	char source[48];      /* "a:ADDRESS" or "d:DEVICE" */
	char device_hash[65]; /* SHA-256 of the cookie sent, "" when none */
	int device_valid;     /* the cookie is a device of this login's account */
	int64_t pending_id;   /* the failure row written before the check (rule 5) */
	char message[160];    /* the refusal, for derr */
	const char *audit;    /* the refusal, for the audit log */
};

/* Lets an attempt at login from address (device_token: the cookie's value
 * or NULL) through, or refuses it: 0 with *t ready, or -1 with e set
 * (DERR_LIMIT "too_many_attempts" saying how long to wait, t->audit saying
 * which rule; DERR_INTERNAL on a database error).  Writes the pending
 * failure row of rule 5. */
int throttle_login_begin(struct store *db, struct throttle_login *t, const char *login,
                         const char *address, const char *device_token, int64_t now,
                         struct derr *e);
/* The password was wrong: the pending row stays as a failure; counts the
 * failure against the address and forgets failures older than the window. */
void throttle_login_failed(struct store *db, const struct throttle_login *t, int64_t now);
/* The password was right: clears the failures of (login, source).  When
 * account_id > 0, also remembers the device for the account and writes the
 * new device token to token_out[THROTTLE_DEVICE_HEX + 1] (the cookie to
 * set), replacing the token sent; token_out is "" when that failed (the
 * login still succeeds).  Returns 0 or -1 (database error, logged). */
int throttle_login_succeeded(struct store *db, const struct throttle_login *t, int64_t account_id,
                             int64_t now, char *token_out);
/* The password was right but the login is not complete (a second factor
 * follows): this attempt is not a failure, but the earlier failures of
 * (login, source) stay, so a password alone never resets the count that
 * wrong second-factor codes add to.  Returns 0 or -1 (logged). */
int throttle_login_passed(struct store *db, const struct throttle_login *t);
/* Forgets every device of account_id (after a password reset). */
int throttle_devices_forget(struct store *db, int64_t account_id);

#endif
