/* skyway audit archive | verify: the audit log's retention (domain/audit_archive.h). */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"
#include "cli/cli.h"
#include "domain/audit_archive.h"

static const char audit_help[] =
    "usage: skyway audit archive --before YYYY-MM-DD --out FILE [--retention-days N] [--db URL]\n"
    "       skyway audit verify --in FILE [--db URL]\n"
    "\n"
    "archive  writes every audit event before the date (00:00 Beijing time) to FILE as\n"
    "         JSON Lines, with FILE.sha256 beside it, then deletes from the database\n"
    "         the archived events older than the retention: N days (default 365, env\n"
    "         SKYWAY_AUDIT_RETENTION_DAYS; at least 180, the Cybersecurity Law's six\n"
    "         months), and never any younger than 184 days.  FILE must not exist.\n"
    "verify   checks FILE against FILE.sha256 and the archive the database recorded.\n";

/* "YYYY-MM-DD" at 00:00 China Standard Time (UTC+8, no daylight saving)
 * as epoch seconds; -1 when malformed. */
static int64_t parse_date(const char *s)
{
	struct tm tm = {0};
	char *end = strptime(s, "%Y-%m-%d", &tm);
	if (!end || *end || strlen(s) != 10)
		return -1;
	int mon = tm.tm_mon, mday = tm.tm_mday;
	time_t t = timegm(&tm);
	if (t == (time_t)-1 || tm.tm_mon != mon || tm.tm_mday != mday) /* 2026-02-30 */
		return -1;
	return (int64_t)t - 8 * 3600;
}

/* Who runs the command, for the archive record: the system user. */
static const char *who(char *out, size_t n)
{
	const struct passwd *pw = getpwuid(getuid());
	snprintf(out, n, "cli:%s", pw && pw->pw_name ? pw->pw_name : "unknown");
	return out;
}

static int archive(int argc, char **argv)
{
	const char *db_flag = NULL, *before = NULL, *out = NULL, *days_text = NULL, *v;
	for (int i = 2; i < argc; i++) {
		if ((v = cli_option(argc, argv, &i, "--db")))
			db_flag = v;
		else if ((v = cli_option(argc, argv, &i, "--before")))
			before = v;
		else if ((v = cli_option(argc, argv, &i, "--out")))
			out = v;
		else if ((v = cli_option(argc, argv, &i, "--retention-days")))
			days_text = v;
		else {
			fprintf(stderr, "skyway audit archive: unknown option '%s'\n", argv[i]);
			return 2;
		}
	}
	if (!days_text && (v = getenv("SKYWAY_AUDIT_RETENTION_DAYS")) && *v)
		days_text = v;
	int64_t days = AUDIT_RETENTION_DEFAULT_DAYS, before_at;
	struct derr e = {0};
	if (days_text && parse_int64(days_text, &days)) {
		fprintf(stderr,
		        "skyway audit archive: --retention-days must be a number of days\n");
		return 2;
	}
	if (audit_retention_check(days, &e)) {
		fprintf(stderr, "skyway audit archive: retention %lld days refused: %s\n",
		        (long long)days, e.message);
		return 2;
	}
	if (!before || !out) {
		fputs(audit_help, stderr);
		return 2;
	}
	if ((before_at = parse_date(before)) < 0) {
		fprintf(stderr, "skyway audit archive: --before must be a date YYYY-MM-DD\n");
		return 2;
	}
	struct store *db = cli_open_db(cli_db_url(db_flag));
	if (!db)
		return 1;
	struct audit_archive_result r;
	char by[80];
	int rc = audit_archive(db, before_at, days, out, who(by, sizeof(by)), &r, &e);
	store_close(db);
	if (rc) {
		fprintf(stderr, "skyway audit archive: %s%s%s\n", e.message,
		        e.kind == DERR_INTERNAL ? ": " : "",
		        e.kind == DERR_INTERNAL ? e.detail : "");
		return e.kind == DERR_INVALID ? 2 : 1;
	}
	char cut[32];
	time_t c = (time_t)(r.cutoff_at + 8 * 3600);
	struct tm tm;
	gmtime_r(&c, &tm);
	strftime(cut, sizeof(cut), "%Y-%m-%d %H:%M", &tm);
	printf("archive %lld: %lld events written to %s (sha256 %s); %lld deleted"
	       " (older than %s Beijing time)\n",
	       (long long)r.archive_id, (long long)r.exported, out, r.sha256, (long long)r.deleted,
	       cut);
	return 0;
}

static int verify(int argc, char **argv)
{
	const char *db_flag = NULL, *in = NULL, *v;
	for (int i = 2; i < argc; i++) {
		if ((v = cli_option(argc, argv, &i, "--db")))
			db_flag = v;
		else if ((v = cli_option(argc, argv, &i, "--in")))
			in = v;
		else {
			fprintf(stderr, "skyway audit verify: unknown option '%s'\n", argv[i]);
			return 2;
		}
	}
	if (!in) {
		fputs(audit_help, stderr);
		return 2;
	}
	struct store *db = cli_open_db(cli_db_url(db_flag));
	if (!db)
		return 1;
	struct derr e = {0};
	int64_t rows = 0;
	int rc = audit_archive_verify(db, in, &rows, &e);
	store_close(db);
	if (rc) {
		fprintf(stderr, "skyway audit verify: %s\n", e.message);
		return 1;
	}
	printf("%s: ok, %lld events, matches its .sha256 and the database's record\n", in,
	       (long long)rows);
	return 0;
}

int cmd_audit(int argc, char **argv)
{
	if (cli_wants_help(argc, argv) || argc < 2) {
		fputs(audit_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "archive"))
		return archive(argc, argv);
	if (!strcmp(argv[1], "verify"))
		return verify(argc, argv);
	fprintf(stderr, "skyway audit: unknown action '%s'\n\n%s", argv[1], audit_help);
	return 2;
}
