/* skyway demo: fill a database with demo data and print the logins. */
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "cli/cli.h"
#include "domain/demo.h"
#include "domain/password.h"

int cmd_demo(int argc, char **argv)
{
	const char *db_flag = NULL, *seed_s = NULL;
	int64_t seed = 2026;
	if (cli_wants_help(argc, argv)) {
		puts("usage: skyway demo [--db URL] [--seed N]\n\nFills the database with demo "
		     "data (deterministic for a seed, every record\nmarked as demo) and prints the "
		     "demo logins.  Does nothing if the demo data\nis already there.");
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		const char *v;
		if ((v = cli_option(argc, argv, &i, "--db")))
			db_flag = v;
		else if ((v = cli_option(argc, argv, &i, "--seed")))
			seed_s = v;
		else {
			fprintf(stderr, "skyway demo: unknown option '%s'\n", argv[i]);
			return 2;
		}
	}
	if (seed_s && (parse_int64(seed_s, &seed) || seed <= 0)) {
		fprintf(stderr, "skyway demo: --seed must be a positive integer\n");
		return 2;
	}
	struct store *db = cli_open_db(cli_db_url(db_flag));
	if (!db)
		return 1;
	password_init(1);
	int64_t t0 = now_micros();
	int rc = demo_fill(db, (uint64_t)seed);
	store_close(db);
	if (rc < 0) {
		fprintf(stderr, "skyway demo: failed; nothing was written\n");
		return 1;
	}
	if (rc == 1)
		printf("demo data is already there\n");
	else
		printf("demo data created in %.2f s (seed %lld)\n",
		       (double)(now_micros() - t0) / 1e6, (long long)seed);
	printf("\ndemo logins (password: %s)\n", DEMO_PASSWORD);
	for (const struct demo_login *d = demo_logins; d->login; d++)
		printf("  %-14s %-11s %s\n", d->login, d->role, d->what);
	return 0;
}
