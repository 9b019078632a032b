/* skyway: one binary, a table of subcommands. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/password.h"

#ifdef SKYWAY_HAVE_MATCH
int match_cli_main(int argc, char **argv);
#endif

static const struct cli_command commands[] = {
    {"serve", cmd_serve, "serve the API and the web app"},
    {"demo", cmd_demo, "fill a database with demo data"},
    {"migrate", cmd_migrate, "bring a database's schema up to date"},
    {"user", cmd_user, "add an account, set its password, disable it"},
    {"passes", cmd_passes, "print a fair's entry passes (CSV)"},
    {"backup", cmd_backup, "copy a SQLite database safely while it is in use"},
    {"audit", cmd_audit, "archive the audit log past its retention, verify an archive"},
    {"workdays", cmd_workdays, "add: the N-th working day after a date; count: working days between"},
#ifdef SKYWAY_HAVE_MATCH
    {"match", match_cli_main, "stable matching of two CSV preference files"},
    {"judges", cmd_judges, "assign: competition judges to teams (CSV), min-max balanced"},
    {"scores", cmd_scores, "normalize: competition scores by judge z-scores (CSV)"},
#endif
    {"version", cmd_version, "print the version"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: skyway COMMAND [OPTIONS]   (skyway COMMAND --help for its options)\n\n"
	           "Skyway 天空走廊 — the talent platform of the high-tech zone and the\n"
	           "vocational education city.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version"))
		return cmd_version(1, argv + 1);
	if (sodium_init() < 0) {
		fprintf(stderr, "skyway: cannot initialise libsodium\n");
		return 1;
	}
	const char *cost = getenv("SKYWAY_PASSWORD_COST");
	if (cost && *cost && password_set_cost(cost)) {
		fprintf(stderr,
		        "skyway: SKYWAY_PASSWORD_COST must be interactive, moderate or min\n");
		return 2;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "skyway: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
