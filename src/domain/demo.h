/*
 * demo: deterministic demo data for a given seed (演示数据).  Every record
 * is marked is_demo = 1 and organisation names carry "（演示）" so nobody
 * mistakes it for real data.  Bulk inserts (store_bulk) with ids chosen
 * here keep the full scale to seconds on both backends.
 */
#ifndef SKYWAY_DOMAIN_DEMO_H
#define SKYWAY_DOMAIN_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define DEMO_PASSWORD "skyway2026demo"

struct demo_login {
	const char *login, *role, *what;
};
/* The demo logins, ending with a NULL login. */
extern const struct demo_login demo_logins[];

/* One student of the class whose activation codes the demo made. */
struct demo_claim {
	char student_no[32], name[32];
	char id6[8]; /* the last 6 of the ID number the college "imported" */
	char code[16];
};

/* What demo_fill() made, for the report. */
struct demo_counts {
	int64_t colleges, enterprises, in_zone, positions, students, applications;
	int64_t fairs, fair_registered, fair_entered;
	/* 学籍认领: one class of college_demo's college with ID numbers and
	 * activation codes, so that students can register in the demo */
	int64_t claim_codes;
	char claim_class[160];
	struct demo_claim claim_examples[3];
	int64_t comp_teams, comp_judges;
	/* 校企合作 and 岗位实习 (demo_coop.c) */
	int64_t coop_listings, coop_visits, coop_meetings, coop_talks, coop_agreements;
	int64_t coop_expiring, coop_classes, interns, intern_logs, intern_refused;
	char student_intern[200]; /* student_demo's placement: "enterprise · post" */
	/* zone services (demo_services.c) */
	int64_t service_cases, service_open, service_tolerant, service_ratings, service_bad;
	int64_t invest_projects, policy_applications, policy_paid;
	/* The incubator (demo_incubator.c): resident projects (and per campus
	 * base), reports, this week's bookings, activities and attendances */
	int64_t inc_projects, inc_base_projects[3], inc_reports, inc_bookings, inc_activities;
	int64_t inc_attendances;
};

/* Fills an empty database at `scale` (1.0 = the article's scale: 11
 * colleges, 517 enterprises, 6,680 positions, 110,000 students); returns
 * 0, 1 when demo data is already there, -1 on error (nothing written). */
int demo_fill(struct store *db, uint64_t seed, double scale, struct demo_counts *counts);

/* The competition's edition (demo_competition.c), inside demo_fill's
 * transaction: teams of the ten first colleges, judges (judge_demo,
 * mentor_demo among them), 初赛 scored and promoted, 复赛 in progress, the
 * 决赛 roadshow ready.  Business plans go to the files directory when one
 * is set (base/filestore.h).  Returns 0 or -1. */
int demo_competition(struct store *db, uint64_t seed, const int64_t *college_ids, int64_t now,
                     struct demo_counts *counts);
/* The demo's generator and names, for its other files (demo_coop.c):
 * xorshift64* (the same seed gives the same data everywhere) and a
 * Chinese name. */
uint64_t demo_next(uint64_t *state);
void demo_person_name(uint64_t *rng, char *out, size_t n);
/* The zone services' demo (demo_services.c), inside demo_fill()'s
 * transaction after the enterprises and applications exist: departments,
 * officers, items, a year of cases, ratings, investment projects, policy
 * rounds.  hr_enterprise: hr_demo's enterprise, which gets cases of every
 * kind.  Returns 0 or -1 (the caller rolls back). */
int demo_services(struct store *db, uint64_t seed, int64_t hr_enterprise,
                  struct demo_counts *counts);
/* The incubator's demo (demo_incubator.c): the HQ and three campus bases
 * of colleges college_ids[0..2], projects, a year of reports, mentors,
 * bookings this week, activities; resident_demo (password hash) leads the
 * first project.  Runs inside demo_fill()'s transaction after the
 * students exist.  Returns 0, or -1 (the caller rolls back). */
int demo_incubator(struct store *db, uint64_t seed, const int64_t *college_ids, const char *hash,
                   int64_t now, struct demo_counts *counts);

#endif
