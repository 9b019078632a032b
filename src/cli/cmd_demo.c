/* skyway demo: fill a database with demo data and print the logins. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "cli/cli.h"
#include "demo/demo.h"
#include "domain/password.h"

int cmd_demo(int argc, char **argv)
{
	const char *db_flag = NULL, *seed_s = NULL, *scale_s = NULL, *key_file = NULL,
	           *files = NULL;
	int64_t seed = 2026;
	double scale = 1.0;
	if (cli_wants_help(argc, argv)) {
		puts("usage: skyway demo [--db URL] [--seed N] [--scale X] [--data-key-file F]\n"
		     "                   [--files DIR]\n\n"
		     "Fills an empty database with demo data at the article's scale (11 colleges,\n"
		     "517 enterprises, 6,680 positions, 110,000 students; --scale 0.01 for a\n"
		     "small one), deterministic for a seed, every record marked as demo, and\n"
		     "prints the demo logins.  Does nothing if demo data is already there.\n"
		     "The competition's business plans and the cooperation agreements' signed\n"
		     "scans go to --files (as for skyway serve: SKYWAY_FILES, else DBPATH.files\n"
		     "for SQLite).");
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		const char *v;
		if ((v = cli_option(argc, argv, &i, "--db")))
			db_flag = v;
		else if ((v = cli_option(argc, argv, &i, "--seed")))
			seed_s = v;
		else if ((v = cli_option(argc, argv, &i, "--scale")))
			scale_s = v;
		else if ((v = cli_option(argc, argv, &i, "--data-key-file")))
			key_file = v;
		else if ((v = cli_option(argc, argv, &i, "--files")))
			files = v;
		else {
			fprintf(stderr, "skyway demo: unknown option '%s'\n", argv[i]);
			return 2;
		}
	}
	if (seed_s && (parse_int64(seed_s, &seed) || seed <= 0)) {
		fprintf(stderr, "skyway demo: --seed must be a positive integer\n");
		return 2;
	}
	if (scale_s) {
		char *end;
		scale = strtod(scale_s, &end);
		if (*end || scale < 0.001 || scale > 10) {
			fprintf(stderr, "skyway demo: --scale must be between 0.001 and 10\n");
			return 2;
		}
	}
	const char *url = cli_db_url(db_flag);
	if (cli_init_pii(url, key_file) || cli_init_files(url, files))
		return 1;
	struct store *db = cli_open_db(url);
	if (!db)
		return 1;
	password_init(1);
	/* One big transaction: give SQLite room so it does not spill pages
	 * to the WAL before the commit (a quarter of a GiB, this run only). */
	if (store_kind(db) == STORE_SQLITE)
		store_exec(db, "PRAGMA cache_size = -262144");
	int64_t t0 = now_micros();
	struct demo_counts n;
	int rc = demo_fill(db, (uint64_t)seed, scale, &n);
	/* Statistics for the planner before the first server opens it. */
	if (rc == 0 && store_analyze(db) != STORE_OK)
		fprintf(stderr, "skyway demo: ANALYZE failed: %s\n", store_errmsg(db));
	store_close(db);
	if (rc < 0) {
		fprintf(stderr, "skyway demo: failed; nothing was written\n");
		return 1;
	}
	if (rc == 1)
		printf("demo data is already there\n");
	else
		printf("demo data created in %.2f s (seed %lld): %lld colleges, %lld enterprises"
		       " (%lld in the zone), %lld positions, %lld students, %lld applications;"
		       " %lld fairs (the live one: %lld registered, %lld inside); competition: %lld"
		       " teams, %lld judges\n",
		       (double)(now_micros() - t0) / 1e6, (long long)seed, (long long)n.colleges,
		       (long long)n.enterprises, (long long)n.in_zone, (long long)n.positions,
		       (long long)n.students, (long long)n.applications, (long long)n.fairs,
		       (long long)n.fair_registered, (long long)n.fair_entered,
		       (long long)n.comp_teams, (long long)n.comp_judges);
	if (rc == 0)
		printf(
		    "cooperation: %lld needs and offers, %lld visits, %lld matching meetings (%lld"
		    " talks), %lld agreements (%lld expiring within 60 days), %lld order classes;"
		    " internships: %lld interns with %lld weekly logs, %lld placements refused by"
		    " the rules; student_demo interns at %s\n",
		    (long long)n.coop_listings, (long long)n.coop_visits,
		    (long long)n.coop_meetings, (long long)n.coop_talks,
		    (long long)n.coop_agreements, (long long)n.coop_expiring,
		    (long long)n.coop_classes, (long long)n.interns, (long long)n.intern_logs,
		    (long long)n.intern_refused, n.student_intern);
	if (rc == 0)
		printf(
		    "zone services: %lld cases (%lld open, %lld accepted with 容缺), %lld ratings"
		    " (%lld bad, with follow-ups), %lld investment projects, %lld policy "
		    "applications"
		    " in two rounds (%lld paid)\n",
		    (long long)n.service_cases, (long long)n.service_open,
		    (long long)n.service_tolerant, (long long)n.service_ratings,
		    (long long)n.service_bad, (long long)n.invest_projects,
		    (long long)n.policy_applications, (long long)n.policy_paid);
	if (rc == 0)
		printf(
		    "incubator: the HQ (2,600 m², five zones) and three campus bases with %lld, "
		    "%lld"
		    " and %lld projects (%lld resident in all), %lld monthly reports, %lld bookings"
		    " this week, %lld activities with %lld attendances\n",
		    (long long)n.inc_base_projects[0], (long long)n.inc_base_projects[1],
		    (long long)n.inc_base_projects[2], (long long)n.inc_projects,
		    (long long)n.inc_reports, (long long)n.inc_bookings,
		    (long long)n.inc_activities, (long long)n.inc_attendances);
	printf("\ndemo logins (password: %s)\n", DEMO_PASSWORD);
	for (const struct demo_login *d = demo_logins; d->login; d++)
		printf("  %-14s %-11s %s\n", d->login, d->role, d->what);
	if (rc == 0 && n.claim_codes) {
		printf(
		    "\nstudent registration (学籍认领): %lld students of %s at the first college\n"
		    "have ID numbers and activation codes valid for 30 days; college_demo makes,\n"
		    "prints and exports more on the page 学籍认领 (/claims).  At "
		    "/register/student:\n",
		    (long long)n.claim_codes, n.claim_class);
		for (int i = 0; i < 3 && n.claim_examples[i].student_no[0]; i++) {
			const struct demo_claim *x = &n.claim_examples[i];
			printf("  %-12s %-8s 激活码 %s", x->student_no, x->name, x->code);
			if (x->id6[0])
				printf("  或 身份证号后6位 %s", x->id6);
			printf("\n");
		}
	}
	return 0;
}
