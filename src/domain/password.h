/*
 * password: the password policy and argon2id hashing (libsodium).
 *
 * Hashing at INTERACTIVE limits costs ~65 ms and 64 MiB; at most
 * PASSWORD_MAX_CONCURRENT hashes run at once so that a login flood
 * cannot exhaust memory (the rest wait their turn).
 */
#ifndef SKYWAY_DOMAIN_PASSWORD_H
#define SKYWAY_DOMAIN_PASSWORD_H

#include <stddef.h>

#define PASSWORD_MIN_CHARS 10
#define PASSWORD_MAX_CHARS 128
#define PASSWORD_HASH_MAX  128

/* Returns NULL when pw meets the policy, else the reason (zh-CN). */
const char *password_policy_error(const char *pw);
/* Hashes pw into out[PASSWORD_HASH_MAX]; returns 0 or -1. */
int password_hash(const char *pw, char out[PASSWORD_HASH_MAX]);
/* Returns 1 when pw matches hash, else 0.  A NULL hash never matches
 * (but costs the same time, so unknown logins cannot be told apart). */
int password_verify(const char *hash, const char *pw);
/* Returns 1 when hash was made with weaker parameters than today's. */
int password_needs_rehash(const char *hash);
/* Sets the argon2id cost: "interactive" (the default), "moderate" (slower,
 * stronger) or "min" (for test suites only: fast and weak).  Hashes made
 * with a lower cost are upgraded at the next login.  Returns 0 or -1. */
int password_set_cost(const char *name);
/* Sets up the concurrency bound; call once before serving. */
void password_init(int max_concurrent);

#endif
