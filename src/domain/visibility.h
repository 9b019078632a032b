/*
 * visibility: which students the staff of an organisation may see (人才库),
 * and the enterprises a student blocked (屏蔽企业).
 *
 * The rules (docs/security.md, "Enterprise approval and student
 * visibility"):
 *  1. The operator sees every student; college staff see their college's.
 *  2. An enterprise sees no student until an operator approved it
 *     (organizations.status = 'active'): its talent pool, export,
 *     candidates (推荐人选), match explanations and round applicants answer
 *     403 org_not_approved, "企业资质审核通过后可查看人才库".
 *  3. An approved enterprise sees an open (not closed) student who is
 *     discoverable (the PIPL consent) or applied to it, unless the student
 *     blocked it.
 *  4. A live application (any status but withdrawn) is the student's own
 *     act toward one enterprise: through it that enterprise sees the
 *     applicant even when blocked or not yet approved (a position of an
 *     unapproved enterprise opens only after the operator reviewed it).
 *     Withdrawing the application ends that.  A 志愿 in a match round is
 *     the same kind of act: HR sees who chose its positions (once approved).
 * The SQL of rule 3-4 is written once, in visibility_scope_sql(), and
 * every list, count and single lookup uses it.
 */
#ifndef SKYWAY_DOMAIN_VISIBILITY_H
#define SKYWAY_DOMAIN_VISIBILITY_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/derr.h"
#include "domain/roles.h"
#include "store/store.h"

struct buf;

/* The refusal of rule 2: its code and the words the pages show. */
#define VISIBILITY_NOT_APPROVED_CODE    "org_not_approved"
#define VISIBILITY_NOT_APPROVED_MESSAGE "企业资质审核通过后可查看人才库"

/* How many enterprises one student may block. */
#define VISIBILITY_BLOCKS_MAX 200

/* May the caller search students at all (the talent pool, exports,
 * candidates, round applicants)?  0 for the operator, college staff and
 * an approved enterprise; -1 with a 403 in e otherwise (org_not_approved
 * for an enterprise awaiting approval or rejected), or an internal error. */
int visibility_talent_pool(struct store *db, const struct actor *a, struct derr *e);

/* Appends " AND <condition>" to where, limiting the students aliased `s`
 * to those the caller may see, binding its values into args (at most 5).
 * Operator: nothing; college: its college; enterprise: rules 3-4; anyone
 * else: their own record only. */
void visibility_scope_sql(const struct actor *a, struct buf *where, struct store_args *args);

/* May the caller see student_id?  0 yes; -1 with 404 not_found (no such
 * student, or not visible) or 403 org_not_approved (an enterprise not yet
 * approved, without a live application from the student), or internal. */
int visibility_student(struct store *db, const struct actor *a, int64_t student_id, struct derr *e);

/* May an enterprise caller see why student_id and position_id score what
 * they do (GET /match/explain)?  Its own position (any status), and a
 * student it may see (visibility_student) or who put one of its positions
 * in the 志愿 of a round that is not cancelled (the round ranks them by
 * this score).  0 yes; -1 with 403 org_not_approved, 404 not_found or an
 * internal error in e. */
int visibility_explain(struct store *db, const struct actor *a, int64_t student_id,
                       int64_t position_id, struct derr *e);

/* 推荐人选 for a position as the caller may see them: the engine's best k
 * students, less those rule 3-4 hides from an enterprise caller (the
 * operator sees all).  Returns a new array like recommend_for_position(),
 * or NULL with e set (403 for an enterprise not approved). */
json_t *visibility_candidates(struct store *db, const struct actor *a, int64_t position_id,
                              size_t k, struct derr *e);

/* The calling student's blocked enterprises, newest first: 0 with *items
 * (a new array of {"enterprise_id","enterprise_name","created_at"}); -1
 * with e (404 without a student record). */
int visibility_blocks(struct store *db, const struct actor *a, json_t **items, struct derr *e);

/* Replaces the calling student's blocked enterprises by ids (an array of
 * distinct positive integers, checked by the caller; at most
 * VISIBILITY_BLOCKS_MAX).  Each must be an enterprise on the platform (400
 * naming field "enterprise_ids" otherwise).  Blocks kept keep their date.
 * The same list again writes nothing; a change is one transaction with its
 * audit row (student.blocks).  *items: the blocks after it, as
 * visibility_blocks().  Returns 0, or -1 with e and nothing written. */
int visibility_blocks_set(struct store *db, const struct actor *a, const json_t *ids,
                          json_t **items, struct derr *e);

/* Approved enterprises whose name contains q (at most 20, by name), for the
 * calling student choosing whom to block (404 without a student record):
 * 0 with *items (a new array of {"id","name"}). */
int visibility_enterprise_search(struct store *db, const struct actor *a, const char *q,
                                 json_t **items, struct derr *e);
/* The same for anyone the router let in (cooperation staff naming the other
 * party): approved enterprises whose name contains q, at most 20. */
int visibility_enterprises_named(struct store *db, const char *q, json_t **items, struct derr *e);

#endif
