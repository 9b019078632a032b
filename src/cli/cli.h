/*
 * cli: the `skyway` subcommands, one table (after Git's cmd_struct).
 * Each command takes argc/argv with argv[0] = its name and returns the
 * process exit status: 0 ok, 1 failure, 2 bad usage.
 */
#ifndef SKYWAY_CLI_CLI_H
#define SKYWAY_CLI_CLI_H

#include "store/store.h"

struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_passes(int argc, char **argv);
/* The competition's engines on CSV files (cmd_judges.c, cmd_scores.c; only
 * with the matching engine, SKYWAY_HAVE_MATCH). */
int cmd_judges(int argc, char **argv);
int cmd_scores(int argc, char **argv);
int cmd_audit(int argc, char **argv);
/* skyway workdays add|count: the working-day calendar (cmd_workdays.c). */
int cmd_workdays(int argc, char **argv);

/*
 * A command with one subcommand (`skyway judges assign`): argv[0] is the
 * command.  Runs run(argc - 1, argv + 1) when argv[1] is sub, prints help on
 * --help (exit 0), else says the subcommand is unknown (exit 2).
 */
int cli_subcommand(int argc, char **argv, const char *sub, const char *help,
                   int (*run)(int argc, char **argv));
/* Returns 1 when argv[i] is --help or -h. */
int cli_wants_help(int argc, char **argv);
/* Takes "--name VALUE" or "--name=VALUE" at argv[*i]; returns VALUE (and
 * advances *i) or NULL when argv[*i] is not that option. */
const char *cli_option(int argc, char **argv, int *i, const char *name);
/* The database URL: the --db value, else $SKYWAY_DB, else the default
 * sqlite:skyway.db. */
const char *cli_db_url(const char *flag);
/* Opens url and brings its schema up to date; returns the connection or
 * NULL after printing why. */
struct store *cli_open_db(const char *url);

/* Sets the personal-data key: $SKYWAY_DATA_KEY (hex), else the file
 * key_file (flag) or $SKYWAY_DATA_KEY_FILE, else for SQLite the file
 * DBPATH.key beside the database (created on first use).  Returns 0, or
 * -1 after printing why.  Without a key (PostgreSQL and nothing given)
 * phone and ID numbers cannot be stored, and a warning says so. */
int cli_init_pii(const char *url, const char *key_file);

/* Sets the directory of uploaded files (base/filestore.h): the flag dir,
 * else $SKYWAY_FILES, else for SQLite DBPATH.files beside the database,
 * else ./skyway-files.  Returns 0, or -1 after printing why. */
int cli_init_files(const char *url, const char *dir);

#endif
