/* skyway migrate | user | backup | version: the operator's command line. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "cli/cli.h"
#include "domain/account.h"
#include "domain/mfa.h"
#include "domain/password.h"
#include "domain/roles.h"
#include "domain/session.h"
#include "domain/throttle.h"
#include "store/migrate.h"

int cmd_version(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		puts("usage: skyway version\n\nPrints the version of skyway and of the SQLite it "
		     "uses.");
		return 0;
	}
	printf("skyway %s (SQLite %s)\n", SKYWAY_VERSION, sqlite3_libversion());
	return 0;
}

int cmd_migrate(int argc, char **argv)
{
	const char *db_flag = NULL;
	if (cli_wants_help(argc, argv)) {
		puts("usage: skyway migrate [--db URL]\n\nApplies every migration the database "
		     "lacks, each in a transaction.\n(serve runs them too, at start.)");
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (!(db_flag = cli_option(argc, argv, &i, "--db"))) {
			fprintf(stderr, "skyway migrate: unknown option '%s'\n", argv[i]);
			return 2;
		}
	}
	struct store *db = cli_open_db(cli_db_url(db_flag));
	if (!db)
		return 1;
	printf("schema version %d\n", migrate_version(db));
	store_close(db);
	return 0;
}

static const char user_help[] =
    "usage: skyway user add --role ROLE --login LOGIN [--name NAME] [--org-id N] [--db URL]\n"
    "       skyway user passwd --login LOGIN [--db URL]\n"
    "       skyway user disable --login LOGIN [--db URL]\n"
    "       skyway user enable --login LOGIN [--db URL]\n"
    "       skyway user mfa-reset --login LOGIN [--db URL]\n"
    "\n"
    "add and passwd read the password from the first line of standard input\n"
    "(at least 10 characters).  Roles: operator college enterprise student judge\n"
    "mentor officer; college, enterprise and student accounts need --org-id.\n"
    "mfa-reset turns the account's two-step verification off and ends its sessions\n"
    "(it links an authenticator again at its next login); audited.\n";

/* Reads one line from stdin into a malloc'd string without the newline. */
static char *read_password(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);
	if (n < 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

static int user_add(struct store *db, const char *role, const char *login, const char *name,
                    int64_t org_id)
{
	int r = role_from_name(role);
	if (!r) {
		fprintf(stderr, "skyway user: unknown role '%s'\n", role ? role : "");
		return 2;
	}
	if (role_org_kind(r) && !org_id) {
		fprintf(stderr, "skyway user: a %s account needs --org-id\n", role);
		return 2;
	}
	char *pw = read_password();
	struct password_owner owner = {.login = login, .name = name};
	const char *why = password_policy_error(pw, &owner);
	if (why) {
		fprintf(stderr, "skyway user: %s\n", why);
		free(pw);
		return 2;
	}
	char hash[PASSWORD_HASH_MAX];
	int64_t id;
	int rc = password_hash(pw, hash);
	free(pw);
	if (rc)
		return 1;
	rc = account_insert(db, login, hash, role, name ? name : login, org_id, NULL, 0, &id);
	if (rc == STORE_UNIQUE) {
		fprintf(stderr, "skyway user: login '%s' is taken\n", login);
		return 1;
	}
	if (rc != STORE_OK) {
		fprintf(stderr, "skyway user: %s\n", store_errmsg(db));
		return 1;
	}
	printf("account %lld: %s (%s)\n", (long long)id, login, role);
	return 0;
}

static int user_update(struct store *db, const char *verb, const char *login)
{
	int64_t id = 0;
	if (store_int64(db, &id, "SELECT id FROM accounts WHERE login = ?", "t", login) !=
	    STORE_ROW) {
		fprintf(stderr, "skyway user: no account '%s'\n", login);
		return 1;
	}
	if (!strcmp(verb, "mfa-reset")) {
		struct derr e = {0};
		struct actor console = {.login = "(console)", .address = "console"};
		if (mfa_reset(db, &console, id, &e)) {
			fprintf(stderr, "skyway user: %s\n",
			        e.kind == DERR_INTERNAL ? e.detail : e.message);
			return 1;
		}
		printf("account %lld: %s two-step verification reset\n", (long long)id, login);
		return 0;
	}
	if (!strcmp(verb, "passwd")) {
		json_t *acc = account_json(db, id);
		struct password_owner owner = {
		    .login = login,
		    .name = json_string_value(json_object_get(acc, "display_name")),
		    .student_no = json_string_value(json_object_get(acc, "student_no"))};
		char *pw = read_password();
		const char *why = password_policy_error(pw, &owner);
		json_decref(acc);
		char hash[PASSWORD_HASH_MAX];
		if (why) {
			fprintf(stderr, "skyway user: %s\n", why);
			free(pw);
			return 2;
		}
		int rc = password_hash(pw, hash);
		free(pw);
		if (rc ||
		    store_run(db, "UPDATE accounts SET password_hash = ? WHERE id = ?", "ti", hash,
		              id) != STORE_OK ||
		    throttle_devices_forget(db, id))
			return 1;
	} else if (store_run(db, "UPDATE accounts SET status = ? WHERE id = ?", "ti",
	                     !strcmp(verb, "disable") ? "disabled" : "active", id) != STORE_OK) {
		return 1;
	}
	if (strcmp(verb, "enable"))
		session_delete_account(db, id);
	printf("account %lld: %s %s\n", (long long)id, login,
	       !strcmp(verb, "passwd")    ? "password set"
	       : !strcmp(verb, "disable") ? "disabled"
	                                  : "enabled");
	return 0;
}

int cmd_user(int argc, char **argv)
{
	const char *db_flag = NULL, *role = NULL, *login = NULL, *name = NULL, *org = NULL;
	int64_t org_id = 0;
	if (argc < 2 || cli_wants_help(argc, argv)) {
		fputs(user_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *verb = argv[1];
	if (strcmp(verb, "add") && strcmp(verb, "passwd") && strcmp(verb, "disable") &&
	    strcmp(verb, "enable") && strcmp(verb, "mfa-reset")) {
		fprintf(stderr, "skyway user: unknown action '%s'\n\n%s", verb, user_help);
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		const char *v;
		if ((v = cli_option(argc, argv, &i, "--db")))
			db_flag = v;
		else if ((v = cli_option(argc, argv, &i, "--role")))
			role = v;
		else if ((v = cli_option(argc, argv, &i, "--login")))
			login = v;
		else if ((v = cli_option(argc, argv, &i, "--name")))
			name = v;
		else if ((v = cli_option(argc, argv, &i, "--org-id")))
			org = v;
		else {
			fprintf(stderr, "skyway user: unknown option '%s'\n\n%s", argv[i],
			        user_help);
			return 2;
		}
	}
	if (!login) {
		fprintf(stderr, "skyway user: --login is required\n");
		return 2;
	}
	char *norm = strdup(login);
	login_normalize(norm);
	const char *why = login_policy_error(norm);
	if (why || (org && (parse_int64(org, &org_id) || org_id <= 0))) {
		fprintf(stderr, "skyway user: %s\n", why ? why : "--org-id must be a positive id");
		free(norm);
		return 2;
	}
	struct store *db = cli_open_db(cli_db_url(db_flag));
	if (!db) {
		free(norm);
		return 1;
	}
	password_init(1);
	int rc = !strcmp(verb, "add") ? user_add(db, role, norm, name, org_id)
	                              : user_update(db, verb, norm);
	store_close(db);
	free(norm);
	return rc;
}

int cmd_backup(int argc, char **argv)
{
	const char *db_flag = NULL, *out = NULL;
	if (cli_wants_help(argc, argv)) {
		puts("usage: skyway backup [--db URL] --out FILE\n\nCopies a SQLite database with "
		     "SQLite's online backup API, safe while the server\nruns.  For PostgreSQL "
		     "use pg_dump (for example: pg_dump -Fc URL > skyway.dump).");
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		const char *v;
		if ((v = cli_option(argc, argv, &i, "--db")))
			db_flag = v;
		else if ((v = cli_option(argc, argv, &i, "--out")))
			out = v;
		else {
			fprintf(stderr, "skyway backup: unknown option '%s'\n", argv[i]);
			return 2;
		}
	}
	const char *url = cli_db_url(db_flag);
	if (strncmp(url, "sqlite:", 7)) {
		fprintf(stderr, "skyway backup: only SQLite databases; for PostgreSQL use pg_dump "
		                "(pg_dump -Fc URL > skyway.dump)\n");
		return 1;
	}
	if (!out) {
		fprintf(stderr, "skyway backup: --out FILE is required\n");
		return 2;
	}
	sqlite3 *src = NULL, *dst = NULL;
	int rc = 1;
	if (sqlite3_open_v2(url + 7, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_open(out, &dst) != SQLITE_OK) {
		fprintf(stderr, "skyway backup: %s\n", sqlite3_errmsg(dst ? dst : src));
		goto out;
	}
	sqlite3_busy_timeout(src, 10000);
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		fprintf(stderr, "skyway backup: %s\n", sqlite3_errmsg(dst));
		goto out;
	}
	int step;
	/* Copy in slices so that writers are held up for moments, not for
	 * the whole copy. */
	while ((step = sqlite3_backup_step(b, 256)) == SQLITE_OK || step == SQLITE_BUSY ||
	       step == SQLITE_LOCKED)
		sqlite3_sleep(step == SQLITE_OK ? 0 : 50);
	sqlite3_backup_finish(b);
	if (step != SQLITE_DONE) {
		fprintf(stderr, "skyway backup: %s\n", sqlite3_errmsg(dst));
		goto out;
	}
	printf("backed up %s to %s\n", url + 7, out);
	rc = 0;
out:
	sqlite3_close(src);
	sqlite3_close(dst);
	return rc;
}
