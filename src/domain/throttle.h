/*
 * throttle: brute-force protection for logins.
 *
 *  - Per login: after THROTTLE_LOGIN_MAX failures within
 *    THROTTLE_LOGIN_WINDOW seconds, refuse (429) until the oldest of them
 *    leaves the window.  Kept in the database (login_failures), so it
 *    holds across worker threads and restarts.
 *  - Per address: at most throttle_address_limit attempts a minute from
 *    one address, in memory (fixed one-minute windows).
 */
#ifndef SKYWAY_DOMAIN_THROTTLE_H
#define SKYWAY_DOMAIN_THROTTLE_H

#include <stdint.h>

#include "store/store.h"

#define THROTTLE_LOGIN_MAX    5
#define THROTTLE_LOGIN_WINDOW (15 * 60)

extern int throttle_address_limit;

/* Counts one attempt from address; returns 1 when it is over the limit. */
int throttle_address_hit(const char *address, int64_t now);
/* Returns 1 when login is locked out at now, 0 when not, -1 on error. */
int throttle_login_locked(struct store *db, const char *login, int64_t now);
int throttle_login_failed(struct store *db, const char *login, const char *address, int64_t now);
int throttle_login_succeeded(struct store *db, const char *login);

#endif
