/*
 * claim: a student's new account takes the student record its college
 * imported (学籍认领), and the college's side of it (激活码, attempts,
 * locks, resets).
 *
 * Design notes (docs/security.md, "Claiming a student record", says why):
 *
 *  1. Registration never creates a student record.  The record exists
 *     because a college imported it; registering is claiming it, and a
 *     number nobody imported is refused like any other mismatch.  So a
 *     self-registered account can never sit on a number a college imports
 *     later.
 *  2. A claim proves identity with the name AND one of
 *       id6   the last 6 characters of the ID number as the college
 *             imported it.  Kept only as students.id6_mac, an HMAC-SHA-256
 *             under a key derived from the data key over (college, student
 *             number, the 6 characters): the database alone neither shows
 *             nor tests them, and a student editing the ID number on their
 *             profile does not change the proof;
 *       code  a one-time activation code the college handed out: 12
 *             characters of a 32-letter alphabet (60 random bits), only
 *             its SHA-256 kept, valid until expires_at, used once; a newer
 *             code of the student revokes the older ones.
 *  3. Every refusal (unknown number, wrong name, wrong ID digits, wrong,
 *     expired, used or revoked code, no proof on file, locked or already
 *     claimed record) is the same answer: 404 not_found, field student_no,
 *     one message.  The work is the same too: one record read, one code
 *     read, one name digest and one HMAC or code hash, compared in constant
 *     time, one attempt row and one counter update written and committed.
 *  4. Every attempt is kept (claim_attempts: time, address, method,
 *     outcome; never the values tried).  CLAIM_MAX_FAILURES failures in a
 *     row lock an unclaimed record until its college or the operator
 *     unlocks it; a success clears the count.
 *  5. A record is claimed by at most one account and never again while
 *     claimed.  Its college (or the operator) may reset the claim, with a
 *     reason (audited): the account is detached, disabled, signed out and
 *     its login freed; the owner may then claim again.
 *  6. Registration attempts count against the per-address login budget
 *     (throttle_address_hit); the api layer calls it before any work.
 */
#ifndef SKYWAY_DOMAIN_CLAIM_H
#define SKYWAY_DOMAIN_CLAIM_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/derr.h"
#include "domain/listing.h"
#include "domain/roles.h"
#include "store/store.h"

#define CLAIM_MAX_FAILURES 5
#define CLAIM_CODE_CHARS   12   /* without the hyphens */
#define CLAIM_CODE_TEXT    15   /* "XXXX-XXXX-XXXX" and its NUL */
#define CLAIM_CODES_MAX    2000 /* codes one generation may make */
#define CLAIM_CODE_TTL_MAX (90 * 86400)
#define CLAIM_CODE_TTL     (14 * 86400) /* when the college names no expiry */

/* ---- pure helpers (unit-tested) ---- */

/* Normalises a name for comparison: blanks (ASCII and U+3000) removed,
 * the middle dots of minority names (· • ・ ‧ ． .) made U+00B7.  Writes a
 * NUL-terminated result of at most n bytes; returns 0, -1 when it did not
 * fit. */
int claim_name_normalize(const char *in, char *out, size_t n);
/* Checks and normalises the last 6 characters of an ID number: five
 * digits then a digit or X (x accepted).  Returns 0 and out, or -1. */
int claim_id6_normalize(const char *in, char out[7]);
/* Checks and normalises an activation code: hyphens and blanks dropped,
 * letters uppercased, then exactly CLAIM_CODE_CHARS characters of the
 * alphabet.  Returns 0 and out, or -1. */
int claim_code_normalize(const char *in, char out[CLAIM_CODE_CHARS + 1]);
/* Spells 60 bits of rnd as a code "XXXX-XXXX-XXXX" (CLAIM_CODE_TEXT). */
void claim_code_format(const unsigned char rnd[8], char out[CLAIM_CODE_TEXT]);
/* The stored hash of a normalised code for a student (64 hex + NUL). */
void claim_code_hash(int64_t student_id, const char *code, char out[65]);
/* The stored HMAC of the last 6 characters of an ID number (normalised,
 * or a whole 18-character number, whose last 6 are taken) for the record
 * (college_id, student_no): 64 hex + NUL.  Returns 0, or -1 when no data
 * key is set or id is malformed. */
int claim_id6_mac(int64_t college_id, const char *student_no, const char *id, char out[65]);

/* ---- the claim ---- */

struct claim_request {
	int64_t college_id;
	const char *student_no, *name; /* as typed (trimmed) */
	const char *id6;               /* normalised last 6, or NULL ... */
	const char *code;              /* ... or the normalised code */
	const char *login;             /* normalised, policy-checked */
	const char *password_hash;     /* argon2id, hashed by the caller */
	const char *address;           /* the client's, for the attempt row */
};

/* Registers a student account that claims its record (notes 1-5), with
 * its audit rows (register.student, student.claim) in the same
 * transaction; a refusal commits its attempt and its audit row (failed).
 * Returns 0 with *account (the new account, account_json; new reference);
 * -1 with e: DERR_NOT_FOUND field college_id (no such active college),
 * DERR_CONFLICT field login (taken), or the one refusal of note 3. */
int claim_register(struct store *db, const struct claim_request *rq, json_t **account,
                   struct derr *e);

/* ---- the college's side (claim_admin.c) ---- */

/* Which records a staff call is about.  college_id: the operator may name
 * one (0: every college); college staff always get their own. */
struct claim_filter {
	int64_t college_id;
	const char *class_name; /* exact */
	const char *major_code; /* prefix: category, class or major */
	int64_t grad_year;      /* 0: any */
	const char *q;          /* name or student number contains */
	const char *status;     /* "unclaimed", "claimed", "locked" or NULL */
	json_t *student_ids;    /* array of ids, or NULL */
};

/* Classes of a college with their counts (students, claimed, locked,
 * with a live code), for choosing what to generate codes for.  Returns 0
 * and *items (new array); -1 with e. */
int claim_classes(struct store *db, const struct actor *a, int64_t college_id, json_t **items,
                  struct derr *e);
/* One page of records with their claim state.  Returns 0 with *items (new
 * array) and *total; -1 with e. */
int claim_records(struct store *db, const struct actor *a, const struct claim_filter *f,
                  int64_t page, int64_t size, json_t **items, int64_t *total, struct derr *e);
/* One page of attempts (newest first) of the caller's college, or of one
 * record (student_id > 0).  Returns 0 with *items and *total; -1 with e
 * (DERR_NOT_FOUND when the record is not the caller's to see). */
int claim_attempts(struct store *db, const struct actor *a, int64_t college_id, int64_t student_id,
                   int64_t page, int64_t size, json_t **items, int64_t *total, struct derr *e);
/* Makes a new code for every unclaimed record the filter selects (at
 * least one of class, major, year or ids; at most CLAIM_CODES_MAX), valid
 * until expires_at (0: CLAIM_CODE_TTL from now), revoking their older
 * codes; audited (claim.codes) in the same transaction.  The codes exist
 * only in *items (new array of {student_id, student_no, name, class_name,
 * major_code, major_name, grad_year, code, expires_at}): the database
 * keeps their hashes.  Returns 0 or -1 with e. */
int claim_codes_generate(struct store *db, const struct actor *a, const struct claim_filter *f,
                         int64_t expires_at, json_t **items, struct derr *e);
/* Checks codes the caller holds (items: [{student_id, code}]) against the
 * live codes of the caller's records and hands the rows to export, in the
 * order given (shaped like claim_codes_generate's), to write; the export
 * is then audited (claim.codes_export).  DERR_RULE field items when one is
 * not a live code of a record the caller may see. */
int claim_codes_export(struct store *db, const struct actor *a, const json_t *items,
                       listing_json_fn write, void *arg, struct derr *e);
/* Clears a record's lock and failure count, audited (claim.unlock) in the
 * same transaction.  *record: the record after it (claim_record).
 * DERR_NOT_FOUND when not the caller's; DERR_RULE when not locked. */
int claim_unlock(struct store *db, const struct actor *a, int64_t student_id, json_t **record,
                 struct derr *e);
/* Resets a claim (note 5), audited with the reason (claim.reset) in the
 * same transaction.  *record: the record after it.  DERR_NOT_FOUND when
 * not the caller's; DERR_RULE when the record is not claimed. */
int claim_reset(struct store *db, const struct actor *a, int64_t student_id, const char *reason,
                json_t **record, struct derr *e);
/* One record with its claim state, as claim_records shows it: a new
 * object, or NULL with e. */
json_t *claim_record(struct store *db, const struct actor *a, int64_t student_id, struct derr *e);
/* Fills id6_mac for unclaimed records imported before it existed (and
 * not changed since), from their sealed ID numbers.  Needs the data key;
 * returns how many were filled, or -1 on error. */
int claim_backfill_id6(struct store *db);

#endif
