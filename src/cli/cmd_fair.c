/*
 * skyway passes: print a fair's entry passes, one CSV row per registered
 * student (short code, signed pass, college, student number, name), for
 * students without a phone to show it on (the organiser prints them) and
 * for the gate's load test (bench/fair).  Needs the same data key as the
 * server, since the passes are signed with a key derived from it.
 */
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "cli/cli.h"
#include "domain/fair.h"

static const char help[] = "usage: skyway passes --fair ID [--db URL] [--data-key-file F]\n\n"
                           "Prints the entry passes of fair ID as CSV on stdout:\n"
                           "  code,pass,college,student_no,name\n"
                           "one row per registered student, valid until the fair ends.";

/* One CSV field (RFC 4180 quoting when needed); a leading = + - @ is
 * prefixed with ' so a spreadsheet does not run it as a formula. */
static void csv_field(const char *v, char end)
{
	if (!v)
		v = "";
	int quote = strpbrk(v, ",\"\r\n") != NULL, formula = strchr("=+-@", *v) && *v;
	if (quote)
		putchar('"');
	if (formula)
		putchar('\'');
	for (; *v; v++) {
		if (*v == '"')
			putchar('"');
		putchar(*v);
	}
	if (quote)
		putchar('"');
	putchar(end);
}

int cmd_passes(int argc, char **argv)
{
	const char *db_flag = NULL, *key_file = NULL, *fair_s = NULL;
	int64_t fair = 0;
	if (cli_wants_help(argc, argv)) {
		puts(help);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		const char *v;
		if ((v = cli_option(argc, argv, &i, "--db")))
			db_flag = v;
		else if ((v = cli_option(argc, argv, &i, "--fair")))
			fair_s = v;
		else if ((v = cli_option(argc, argv, &i, "--data-key-file")))
			key_file = v;
		else {
			fprintf(stderr, "skyway passes: unknown option '%s'\n", argv[i]);
			return 2;
		}
	}
	if (!fair_s || parse_int64(fair_s, &fair) || fair <= 0) {
		fprintf(stderr, "skyway passes: --fair must be a fair's id\n%s\n", help);
		return 2;
	}
	const char *url = cli_db_url(db_flag);
	if (cli_init_pii(url, key_file))
		return 1;
	struct store *db = cli_open_db(url);
	if (!db)
		return 1;
	int64_t ends = 0;
	if (store_int64(db, &ends, "SELECT ends_at FROM fairs WHERE id = ?", "i", fair) !=
	    STORE_ROW) {
		fprintf(stderr, "skyway passes: no fair %lld\n", (long long)fair);
		store_close(db);
		return 1;
	}
	struct store_stmt *st = store_query(
	    db,
	    "SELECT fs.id, fs.code, col.name, s.student_no, s.name FROM fair_students fs JOIN"
	    " students s ON s.id = fs.student_id JOIN organizations col ON col.id = s.college_id"
	    " WHERE fs.fair_id = ? ORDER BY fs.id",
	    "i", fair);
	int rc = st ? 0 : 1;
	puts("code,pass,college,student_no,name");
	while (st && store_step(st) == STORE_ROW) {
		char pass[FAIR_PASS_MAX];
		if (fair_pass_make(fair, store_column_int64(st, 0), ends, pass)) {
			fprintf(stderr, "skyway passes: no data key\n");
			rc = 1;
			break;
		}
		printf("%s,%s,", store_column_text(st, 1), pass);
		csv_field(store_column_text(st, 2), ',');
		csv_field(store_column_text(st, 3), ',');
		csv_field(store_column_text(st, 4), '\n');
	}
	store_finalize(st);
	store_close(db);
	return rc;
}
