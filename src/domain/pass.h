/*
 * pass: signed passes checked without a lookup, shown as QR codes: the
 * fairs' entry passes, the incubator's activity passes and the signs on
 * its room doors.
 *
 * A pass is "<TAG>.<scope>.<subject>.<expires>.<mac>": scope is what the
 * pass opens (a fair, an activity, a room), subject who or what it is for
 * (a registration; 0 for a door sign), expires epoch seconds, and mac the
 * HMAC-SHA-256 of everything before it (truncated to 128 bits, base64url)
 * under a key derived from the data key for the kind's context.  So a
 * scanner trusts a pass without reading the database, a pass of one kind
 * never checks as another (its tag and its key differ), and the scope
 * inside stops a pass of one fair from opening another.
 */
#ifndef SKYWAY_DOMAIN_PASS_H
#define SKYWAY_DOMAIN_PASS_H

#include <stdint.h>

#define PASS_MAX 96

/* A kind of pass: its tag ("SKY1") and key context ("fairpass"), plus
 * what a refusal says: the reason code of a pass for another scope
 * ("other_fair") and the Chinese messages of each result. */
struct pass_kind {
	const char *tag;
	const char *key_context;
	const char *other_scope_code;
	const char *messages[5]; /* by enum pass_result */
};

enum pass_result {
	PASS_OK = 0,
	PASS_MALFORMED,
	PASS_FORGED,
	PASS_OTHER_SCOPE,
	PASS_EXPIRED,
};

/* Writes the pass of subject in scope, valid until expires, into out.
 * Returns 0, or -1 when no data key is set. */
int pass_make(const struct pass_kind *k, int64_t scope, int64_t subject, int64_t expires,
              char out[PASS_MAX]);
/* Checks a pass of kind k for scope at time now; on PASS_OK sets
 * *subject. */
enum pass_result pass_check(const struct pass_kind *k, const char *pass, int64_t scope, int64_t now,
                            int64_t *subject);
/* The reason code ("ok", "malformed", "forged", k's other-scope code,
 * "expired") and the Chinese message of a result. */
const char *pass_reason(const struct pass_kind *k, enum pass_result r);
const char *pass_message(const struct pass_kind *k, enum pass_result r);

#endif
