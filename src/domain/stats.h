/*
 * stats: employment figures (就业数据) and the platform's overview.
 *
 * A student counts once per stage they have reached with their furthest
 * application: interview counts as applied, offered as interviewed, and
 * so on (an application rejected after an interview counts as applied;
 * a withdrawn one not at all).  Closed accounts stay in the figures: only
 * their personal fields were erased.  The graduates' destinations and
 * the graduating class are domain/destination.h's.
 */
#ifndef SKYWAY_DOMAIN_STATS_H
#define SKYWAY_DOMAIN_STATS_H

#include <jansson.h>
#include <stdint.h>

#include "domain/derr.h"
#include "domain/roles.h"
#include "store/store.h"

/* Students, applied, interviewed, offered and accepted, and the
 * graduates' destinations (destination.h: a count per category, placed,
 * and rate = placed / students in percent, two decimals), grouped by group
 * ("major", "grad_year" or "college"; NULL: major), for one college
 * (college staff: always their own, 403 for another; the operator: the
 * one asked, 0 for all) and one graduation year (0: the graduating class,
 * destination_cohort(); -1: all years).  0 and *out {"group","cohort",
 * "grad_year" (null for all),"items":[{"key","name","students",...,
 * "contract",...,"placed","rate"}],"total":{...}} (new reference), or -1
 * with e (400 for an unknown group). */
int stats_employment(struct store *db, const struct actor *a, const char *group, int64_t college_id,
                     int64_t grad_year, json_t **out, struct derr *e);

/* The same figures as a sheet for export_json (api/export.h): {"title",
 * "columns","rows"}, one row per group and a 合计 row, the destination
 * categories under the Ministry's names.  0 and *out (new reference), or
 * -1 with e as stats_employment. */
int stats_employment_table(struct store *db, const struct actor *a, const char *group,
                           int64_t college_id, int64_t grad_year, json_t **out, struct derr *e);

/* Platform-wide counts for the operator's home page: colleges, active
 * enterprises (in the zone, pending review), open positions and their
 * headcount, pending positions, students, applications, accepted offers.
 * 0 and *out (new reference), or -1 with e. */
int stats_overview(struct store *db, json_t **out, struct derr *e);

#endif
