/*
 * incubator_stats: the operator's incubator dashboard and settings.
 *
 * The dashboard: occupancy per site and zone, residents per site, mentors
 * per project against the settings' ratio, monthly totals of the reports
 * (revenue, jobs, of whom students and graduates, financing), activities
 * and attendance, services, late and overdue reports, and two sets of
 * indicators tracked the same way (value, target, met):
 *
 *  - the national incubator rules, 科技企业孵化器管理办法 (国科发区〔2018〕
 *    300号, art. 10 as we read it): area under management >= 10,000 m²;
 *    incubated firms' share of it >= 75%; incubated firms that received
 *    financing >= 10%, with >= 3 cases; >= 1 mentor per 10 incubated
 *    firms; firms that applied for patents >= 50% (or hold IP >= 30%);
 *    >= 20 graduated firms;
 *  - the national-level maker space (国家级众创空间) criteria as commonly
 *    stated for its filing: service area >= 500 m², >= 30 desks, >= 20
 *    teams served, >= 12 activities a year, >= 5 mentors, financed teams.
 *
 * Every threshold is a default the operator overrides in the settings'
 * targets ({"area_m2": 10000, ...}): the rules change, the code need not.
 */
#ifndef SKYWAY_DOMAIN_INCUBATOR_STATS_H
#define SKYWAY_DOMAIN_INCUBATOR_STATS_H

#include "domain/incubator.h"

/* The whole dashboard (operator, officer).  *out is a new reference. */
int incubator_dashboard(struct store *db, const struct actor *a, json_t **out, struct derr *e);
/* Lists for the dashboard's tables and their exports: the indicators
 * (both sets, "set": "incubator" | "makerspace"), the monthly totals of
 * the last 12 months (f->site_id), residents per site. */
int incubator_indicators_list(struct store *db, const struct actor *a,
                              const struct incubator_filter *f, json_t **items, struct derr *e);
int incubator_months_list(struct store *db, const struct actor *a, const struct incubator_filter *f,
                          json_t **items, struct derr *e);
int incubator_residents_list(struct store *db, const struct actor *a,
                             const struct incubator_filter *f, json_t **items, struct derr *e);

struct incubator_settings_input {
	int64_t report_due_day, remind_days, mentor_per_projects;
	const char *grad_rule; /* "any" or "all" */
	int64_t grad_min_revenue, grad_min_financing, grad_min_months, plan_max_bytes;
	const json_t *targets; /* {"key": number}, keys of the indicators; NULL: keep */
};
/* The settings with the indicators' targets in force (defaults merged). */
int incubator_settings_get(struct store *db, const struct actor *a, json_t **out, struct derr *e);
/* Replaces the settings (operator). */
int incubator_settings_set(struct store *db, const struct actor *a,
                           const struct incubator_settings_input *in, json_t **out, struct derr *e);

#endif
