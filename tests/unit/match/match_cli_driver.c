/*
 * match_cli_driver.c - runs `skyway match` without the rest of skyway, for
 * the command-line tests (test_match_cli.sh).
 */
#include "match.h"

int main(int argc, char **argv)
{
	char name[] = "match";

	argv[0] = name;
	return match_cli_main(argc, argv);
}
