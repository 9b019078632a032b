/*
 * skyway workdays add|count: the working-day calendar (base/workdays.h) as a
 * command, so that a deadline can be checked by hand.
 *
 *   skyway workdays add --from YYYY-MM-DD --days N
 *       the N-th working day after FROM (FROM never counts; N = 0: FROM;
 *       N < 0: before FROM)
 *   skyway workdays count --from D1 --to D2
 *       how many working days d satisfy D1 < d <= D2 (0 when D2 <= D1)
 *
 * The calendar is the one shipped in data/cn-workday-calendar.tsv, or with
 * --db the database's (with the years an operator added).  stdout is only
 * the answer and a newline.  Exit 2, nothing on stdout: a malformed date or
 * number, bad usage, or a date the calendar's years do not cover (the
 * message names the year).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "base/workdays.h"
#include "cli/cli.h"
#include "domain/servcal.h"

static const char help[] =
    "usage: skyway workdays add --from YYYY-MM-DD --days N [--db URL]\n"
    "       skyway workdays count --from YYYY-MM-DD --to YYYY-MM-DD [--db URL]\n"
    "\n"
    "Chinese working days: Monday to Friday, less the statutory holidays, plus the\n"
    "weekend days worked instead (调休上班), per the State Council's yearly notices.\n"
    "  add    prints the date of the N-th working day after FROM (FROM itself never\n"
    "         counts; N = 0 prints FROM; a negative N counts backwards)\n"
    "  count  prints how many working days d satisfy FROM < d <= TO (0 when TO <= FROM)\n"
    "The calendar is the one shipped with Skyway (data/cn-workday-calendar.tsv,\n"
    "2007-2026), or with --db the database's, with the years an operator added.\n"
    "Exit status: 0 done; 2 a malformed date or number, or a date in a year the\n"
    "calendar does not cover (the message names the year).";

#define DAYS_LIMIT 1000000

/* The calendar to use: the database's with --db, else the shipped one. */
static struct workcal *load(const char *db_url)
{
	char err[300] = "";
	struct workcal *cal = NULL;
	if (db_url) {
		struct store *db = cli_open_db(db_url);
		if (!db)
			return NULL;
		cal = servcal_load(db, err, sizeof(err));
		store_close(db);
	} else {
		cal = servcal_shipped(err, sizeof(err));
	}
	if (!cal)
		fprintf(stderr, "skyway workdays: %s\n", err[0] ? err : "out of memory");
	return cal;
}

static int missing(int year)
{
	fprintf(stderr,
	        "skyway workdays: the calendar has no year %d (日历缺少 %d 年的节假日安排:"
	        " add that year's State Council notice)\n",
	        year, year);
	return 2;
}

static int bad_date(const char *flag)
{
	fprintf(stderr, "skyway workdays: %s must be a date YYYY-MM-DD\n", flag);
	return 2;
}

static int run(int argc, char **argv, int is_add)
{
	const char *from_s = NULL, *to_s = NULL, *days_s = NULL, *db = NULL;
	for (int i = 1; i < argc; i++) {
		const char *v;
		if ((v = cli_option(argc, argv, &i, "--from")))
			from_s = v;
		else if (!is_add && (v = cli_option(argc, argv, &i, "--to")))
			to_s = v;
		else if (is_add && (v = cli_option(argc, argv, &i, "--days")))
			days_s = v;
		else if ((v = cli_option(argc, argv, &i, "--db")))
			db = v;
		else {
			fprintf(stderr, "skyway workdays: unknown option '%s'\n%s\n", argv[i],
			        help);
			return 2;
		}
	}
	int32_t from, to = 0;
	int64_t days = 0;
	if (!from_s || (is_add ? !days_s : !to_s)) {
		fprintf(stderr, "skyway workdays %s: %s\n%s\n", argv[0],
		        is_add ? "--from and --days are required" : "--from and --to are required",
		        help);
		return 2;
	}
	if (wd_parse(from_s, &from))
		return bad_date("--from");
	if (!is_add && wd_parse(to_s, &to))
		return bad_date("--to");
	if (is_add && (parse_int64(days_s, &days) || days < -DAYS_LIMIT || days > DAYS_LIMIT)) {
		fprintf(stderr, "skyway workdays: --days must be an integer from %d to %d\n",
		        -DAYS_LIMIT, DAYS_LIMIT);
		return 2;
	}
	struct workcal *cal = load(db);
	if (!cal)
		return 1;
	int gap = 0, rc = 0;
	if (is_add) {
		char out[11];
		int32_t day = workcal_add(cal, from, days, &gap);
		if (gap)
			rc = missing(gap);
		else {
			wd_format(day, out);
			printf("%s\n", out);
		}
	} else {
		int64_t n = workcal_count(cal, from, to, &gap);
		if (gap)
			rc = missing(gap);
		else
			printf("%lld\n", (long long)n);
	}
	workcal_free(cal);
	return rc;
}

static int run_add(int argc, char **argv)
{
	return run(argc, argv, 1);
}

static int run_count(int argc, char **argv)
{
	return run(argc, argv, 0);
}

int cmd_workdays(int argc, char **argv)
{
	static const struct cli_command subs[] = {
	    {"add", run_add, "the N-th working day after a date"},
	    {"count", run_count, "working days between two dates"},
	};
	for (size_t i = 0; argc >= 2 && i < sizeof(subs) / sizeof(subs[0]); i++) {
		if (strcmp(argv[1], subs[i].name))
			continue;
		if (cli_wants_help(argc - 1, argv + 1)) {
			puts(help);
			return 0;
		}
		return subs[i].run(argc - 1, argv + 1);
	}
	if (cli_wants_help(argc, argv)) {
		puts(help);
		return 0;
	}
	fprintf(stderr,
	        "skyway workdays: unknown subcommand%s%s (try: skyway workdays add|count)\n%s\n",
	        argc >= 2 ? " " : "", argc >= 2 ? argv[1] : "", help);
	return 2;
}
