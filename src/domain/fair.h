/*
 * fair: the rules of job fairs (招聘洽谈会/双选会) and recruitment sessions
 * (专场宣讲), without HTTP or SQL.
 *
 * Lifecycle, each step by the operator and kept in fair_events:
 *
 *   draft -> signup -> signup_closed -> live -> finished
 *     \________\___________\____________\-----> cancelled
 *
 *  - Enterprises (verified only) sign up while the fair is `signup`,
 *    bringing some of their open positions and saying how many interview
 *    tables they need; the operator approves or rejects with a reason.
 *  - Students register from `signup` until the fair finishes (walk-ins
 *    register at the gate while it is live), when eligible: the fair may
 *    restrict colleges, majors (a category, class or major code: prefix
 *    match) and graduation years.  Each gets a short code and a signed
 *    entry pass (below).
 *  - While live: gate check-in, booth queues, intentions to hire.
 *
 * Entry passes are "SKY1.<fair>.<registration>.<expires>.<mac>": the mac
 * is HMAC-SHA-256 (truncated to 128 bits, base64url) under a key derived
 * from the data key, so the gate trusts a pass without a lookup; the fair
 * id inside stops a pass from one fair opening another.
 */
#ifndef SKYWAY_DOMAIN_FAIR_H
#define SKYWAY_DOMAIN_FAIR_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* 1 when status is a fair status. */
int fair_status_valid(const char *status);
/* 1 when the operator may move a fair from one status to the other. */
int fair_transition_ok(const char *from, const char *to);
/* Chinese label of a status ("报名中", ...). */
const char *fair_status_label(const char *status);

/* NULL when a student (college id, major code, graduation year) may take
 * part; else the reason, with *field naming the rule.  The lists are JSON
 * arrays; an empty list does not restrict. */
const char *fair_ineligible(const json_t *colleges, const json_t *majors, const json_t *years,
                            int64_t college, const char *major, int64_t grad_year,
                            const char **field);

#define FAIR_PASS_MAX 96
enum fair_pass_result {
	FAIR_PASS_OK = 0,
	FAIR_PASS_MALFORMED,
	FAIR_PASS_FORGED,
	FAIR_PASS_OTHER_FAIR,
	FAIR_PASS_EXPIRED,
};
/* Writes the pass of registration reg at fair, valid until expires.
 * Returns 0, or -1 when no data key is set. */
int fair_pass_make(int64_t fair, int64_t reg, int64_t expires, char out[FAIR_PASS_MAX]);
/* Checks a pass for fair at time now; on FAIR_PASS_OK sets *reg. */
enum fair_pass_result fair_pass_check(const char *pass, int64_t fair, int64_t now, int64_t *reg);
/* The reason code and Chinese message of a check result. */
const char *fair_pass_reason(enum fair_pass_result r);
const char *fair_pass_message(enum fair_pass_result r);
/* A random 8-character code for typing at the gate (no 0/O, 1/I). */
void fair_short_code(char out[9]);

/*
 * Booth allocation: enterprises grouped by industry section (GB/T 4754
 * letter; "" for unknown, placed last), the groups in order of section,
 * each group on consecutive booths, within a group by enterprise id.
 * Writes booth numbers 1..n into booth[] (index as in the input).
 * Returns 0, or -1 when there are more enterprises than booths.
 */
struct fair_alloc {
	int64_t enterprise;
	const char *section;
};
int fair_allocate(const struct fair_alloc *in, size_t n, int booths, int *booth);

#endif
