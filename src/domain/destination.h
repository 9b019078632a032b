/*
 * destination: graduates' destinations (毕业去向) in the Ministry of
 * Education's terms, and the graduating class they are reported for.
 *
 * Categories (教育部 毕业去向落实率 statistics): contract 协议和合同就业
 * (signed an employment agreement or labour contract), further_study 升学
 * (further study in China or abroad, including 专升本), flexible 灵活就业
 * (freelance, self-employed, employed without a contract), entrepreneurship
 * 自主创业 (founded a business), conscription 应征义务兵 (enlisted),
 * unplaced 待就业/暂不就业 (seeking work, or not seeking for now).  The
 * 毕业去向落实率 is placed (every category but unplaced) / graduates.
 *
 * A student's category is the one college staff (of the student's college),
 * the operator or the student recorded; when none was recorded, an offer
 * the student accepted on the platform counts as contract and anything
 * else as unplaced.
 *
 * The graduating class (应届) is this year's graduates in China time until
 * the end of August, when the reporting of the class that graduated in
 * June/July closes (教育部 counts as of 31 August); from 1 September the
 * colleges work for the next summer's class, so it is next year's.
 */
#ifndef SKYWAY_DOMAIN_DESTINATION_H
#define SKYWAY_DOMAIN_DESTINATION_H

#include <jansson.h>
#include <stdint.h>

#include "domain/derr.h"
#include "domain/roles.h"
#include "store/store.h"

/* The categories' keys, placed ones first, unplaced last; NULL-terminated. */
extern const char *const destination_keys[];
/* Their names as the Ministry writes them, in the same order. */
extern const char *const destination_names[];

/* The graduating class (应届) at instant now (epoch seconds): the year in
 * China time, plus one from September on. */
int destination_cohort(int64_t now);

/* Records student_id's destination category (one of destination_keys, or
 * NULL to clear it back to what the platform knows), audited.  Allowed to
 * college staff of the student's college, the operator, and the student
 * themselves.  0 and *out {"id","destination","destination_at"} (new
 * reference), or -1 with e (400 naming destination, 403, 404). */
int destination_set(struct store *db, const struct actor *a, int64_t student_id,
                    const char *destination, json_t **out, struct derr *e);

#endif
