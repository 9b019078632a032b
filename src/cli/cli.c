#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/filestore.h"
#include "base/util.h"
#include "domain/dict.h"
#include "domain/position_text.h"
#include "domain/pii.h"
#include "domain/servcal.h"
#include "store/migrate.h"

int cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
	return 0;
}

int cli_subcommand(int argc, char **argv, const char *sub, const char *help,
                   int (*run)(int argc, char **argv))
{
	if (argc >= 2 && !strcmp(argv[1], sub)) {
		if (cli_wants_help(argc - 1, argv + 1)) {
			puts(help);
			return 0;
		}
		return run(argc - 1, argv + 1);
	}
	if (cli_wants_help(argc, argv)) {
		puts(help);
		return 0;
	}
	fprintf(stderr, "skyway %s: unknown subcommand%s%s (try: skyway %s %s)\n%s\n", argv[0],
	        argc >= 2 ? " " : "", argc >= 2 ? argv[1] : "", argv[0], sub, help);
	return 2;
}

const char *cli_option(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	const char *a = argv[*i];
	if (strncmp(a, name, n))
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n] == '\0' && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

const char *cli_db_url(const char *flag)
{
	if (flag)
		return flag;
	const char *env = getenv("SKYWAY_DB");
	return env && *env ? env : "sqlite:skyway.db";
}

struct store *cli_open_db(const char *url)
{
	char err[512];
	struct store *db;
	if (store_open(url, &db, err, sizeof(err))) {
		fprintf(stderr, "skyway: %s\n", err);
		return NULL;
	}
	err[0] = '\0';
	int n = migrate_run(db, err, sizeof(err));
	if (n >= 0)
		n = dict_sync(db, err, sizeof(err));
	if (n >= 0) /* a renamed skill, city or major, or migration 0015 */
		n = position_text_startup(db, n, err, sizeof(err));
	if (n >= 0) /* the shipped working-day calendar (domain/servcal.h note 1) */
		n = servcal_seed(db, err, sizeof(err));
	if (n < 0) {
		fprintf(stderr, "skyway: %s\n", err);
		store_close(db);
		return NULL;
	}
	return db;
}

int cli_init_pii(const char *url, const char *key_file)
{
	char err[512], path[4096];
	const char *hex = getenv("SKYWAY_DATA_KEY");
	int rc;
	if (hex && *hex)
		rc = pii_init_hex(hex, err, sizeof(err));
	else if (key_file || ((key_file = getenv("SKYWAY_DATA_KEY_FILE")) && *key_file))
		rc = pii_init_file(key_file, 0, err, sizeof(err));
	else if (!strncmp(url, "sqlite:", 7) && strcmp(url + 7, ":memory:")) {
		snprintf(path, sizeof(path), "%s.key", url + 7);
		rc = pii_init_file(path, 1, err, sizeof(err));
	} else {
		fprintf(stderr, "skyway: warning: no data key (SKYWAY_DATA_KEY or --data-key-file):"
		                " phone and ID numbers cannot be stored\n");
		return 0;
	}
	if (rc)
		fprintf(stderr, "skyway: %s\n", err);
	return rc;
}

int cli_init_files(const char *url, const char *dir)
{
	char err[512], path[4096];
	const char *env = getenv("SKYWAY_FILES");
	if (!dir && env && *env)
		dir = env;
	if (!dir && !strncmp(url, "sqlite:", 7) && strcmp(url + 7, ":memory:")) {
		snprintf(path, sizeof(path), "%s.files", url + 7);
		dir = path;
	}
	if (!dir) {
		dir = "skyway-files";
		log_info("uploaded files go to ./skyway-files (set --files or SKYWAY_FILES)");
	}
	if (filestore_init(dir, err, sizeof(err))) {
		fprintf(stderr, "skyway: %s\n", err);
		return -1;
	}
	return 0;
}
