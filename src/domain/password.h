/*
 * password: the password policy and argon2id hashing (libsodium).
 *
 * The policy (password_policy.c), in the order the rules are checked; the
 * first rule broken is the one reported, in words that say which:
 *   1. 10 to 128 characters (code points: 天空走廊人才平台密码 is 10);
 *   2. not containing the owner's login, name (the characters, the full
 *      pinyin, or the given name's pinyin of 4+ letters; 曾 as zeng, 单 as
 *      shan: ICU's Han-Latin with the surname readings it misses) or
 *      student number.  Letters are compared without case and punctuation:
 *      Zhang_Xiaoming-2026 contains zhangxiaoming;
 *   3. not one character or fragment repeated (aaaaaaaaaa, ten spaces,
 *      abcabcabca, qq123456qq123456);
 *   4. not made only of runs of 3+ consecutive or equal characters along the
 *      alphabet, the digits or a keyboard row or column (1234567890,
 *      abcdefghij, qwertyuiop, 1qaz2wsx3edc, abc123456789, aaa111bbb222);
 *   5. not in data/common_passwords.txt (33,000+ entries: zxcvbn's 30,000
 *      and the Chinese favourites), nor such an entry of 4+ characters
 *      with digits or symbols added before or after (password12,
 *      woaini1314!!, 2026dragon).
 * The list is embedded at build time and searched by bsearch; nothing is
 * read from disk at run time.
 *
 * Hashing at INTERACTIVE limits costs ~65 ms and 64 MiB; at most
 * PASSWORD_MAX_CONCURRENT hashes run at once so that a login flood
 * cannot exhaust memory (the rest wait their turn).
 */
#ifndef SKYWAY_DOMAIN_PASSWORD_H
#define SKYWAY_DOMAIN_PASSWORD_H

#include <stddef.h>

struct derr;

#define PASSWORD_MIN_CHARS 10
#define PASSWORD_MAX_CHARS 128
#define PASSWORD_HASH_MAX  128

/* Whom a password is for: what it must not contain.  Any member may be
 * NULL (an operator creating an account has no student number). */
struct password_owner {
	const char *login;
	const char *name; /* the display name, usually Chinese (张晓明) */
	const char *student_no;
};

/* The rules, in the order they are checked. */
enum password_rule {
	PASSWORD_OK = 0,
	PASSWORD_EMPTY,
	PASSWORD_TOO_SHORT,
	PASSWORD_TOO_LONG,
	PASSWORD_HAS_LOGIN,
	PASSWORD_HAS_NAME,
	PASSWORD_HAS_STUDENT_NO,
	PASSWORD_REPEATED,
	PASSWORD_SEQUENCE,
	PASSWORD_COMMON,
};

/* Checks pw (UTF-8) for owner (may be NULL); returns the first rule it
 * breaks, or PASSWORD_OK. */
enum password_rule password_check(const char *pw, const struct password_owner *owner);
/* The rule in words for the user (zh-CN, static). */
const char *password_rule_message(enum password_rule rule);
/* Returns NULL when pw meets the policy for owner, else the reason
 * (zh-CN, static). */
const char *password_policy_error(const char *pw, const struct password_owner *owner);
/* password_check() as a domain check: 0 when pw meets the policy, else -1
 * with e set to a 400 naming field ("invalid" for the length, else
 * "weak_password") and the rule's message. */
int password_policy(const char *pw, const struct password_owner *owner, const char *field,
                    struct derr *e);
/* Returns 1 when s (any case) is in the common password list. */
int password_is_common(const char *s);
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
