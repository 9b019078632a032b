/*
 * skyway judges assign: the competition's judge assignment (src/match/assign.c)
 * on CSV files, so that it can be used and checked on its own.
 *
 * The contract (docs/competition.md):
 *   T.csv  team_id,track,college
 *   J.csv  judge_id,tracks,college   tracks separated by blanks; college may be empty
 *   C.csv  judge_id,team_id          declared conflicts (optional file)
 *   A judge may take a team when the team's track is among the judge's
 *   tracks, the judge's college (when not empty) differs from the team's, and
 *   the pair is not in C.csv.
 *   stdout: team_id,judge_id, then K rows per team, teams in the order of
 *   T.csv, a team's judges in the order of J.csv; the largest number of teams
 *   given to one judge is the minimum over all valid assignments.
 *   Exit 1, nothing on stdout: no valid assignment; stderr names every team
 *   that cannot get K judges, and why.  Exit 2, nothing on stdout: bad input
 *   (FILE:LINE: reason) or bad usage.
 *
 * Decisions where the contract is silent: ids are compared as exact bytes
 * after trimming spaces and tabs; an id must not be empty nor hold a comma,
 * quote or line break (it is printed back unquoted); a team's track and
 * college must not be empty; a track holds no blank (J.csv separates tracks
 * by blanks, so such a track could never match); a judge's track no team has
 * is ignored; a repeated line of C.csv is harmless.
 */
#ifdef SKYWAY_HAVE_MATCH
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "cli/cli.h"
#include "cli/cli_table.h"
#include "match/assign.h"

static const char help[] =
    "usage: skyway judges assign --teams T.csv --judges J.csv [--conflicts C.csv] --per-team K\n"
    "\n"
    "Gives every team K judges of its track, none of the team's college and none in\n"
    "conflict with it, so that the most teams any judge gets is as few as possible.\n"
    "  T.csv  team_id,track,college\n"
    "  J.csv  judge_id,tracks,college   (tracks separated by blanks; college may be empty)\n"
    "  C.csv  judge_id,team_id          (declared conflicts)\n"
    "Prints team_id,judge_id: K rows per team, teams in the order of T.csv, a team's\n"
    "judges in the order of J.csv.  Exit status: 0 done; 1 no valid assignment (each team\n"
    "that cannot get K judges is named on stderr); 2 bad input (FILE:LINE: reason).";

enum { T_ID, T_TRACK, T_COLLEGE };
enum { J_ID, J_TRACKS, J_COLLEGE };
enum { C_JUDGE, C_TEAM };

/* The distinct names of one column (tracks, colleges), sorted, for ids. */
struct names {
	const char **v;
	size_t n;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int names_build(struct names *nm, const struct cli_table *t, size_t c)
{
	nm->v = malloc((t->n_rows + 1) * sizeof(char *));
	nm->n = 0;
	if (!nm->v)
		return -1;
	for (size_t r = 0; r < t->n_rows; r++)
		nm->v[nm->n++] = cli_table_cell(t, r, c);
	qsort(nm->v, nm->n, sizeof(char *), cmp_str);
	size_t k = 0;
	for (size_t i = 0; i < nm->n; i++)
		if (k == 0 || strcmp(nm->v[k - 1], nm->v[i]))
			nm->v[k++] = nm->v[i];
	nm->n = k;
	return 0;
}

/* The id of s among the names, or UINT32_MAX. */
static uint32_t names_find(const struct names *nm, const char *s)
{
	const char **p = bsearch(&s, nm->v, nm->n, sizeof(char *), cmp_str);
	return p ? (uint32_t)(p - nm->v) : UINT32_MAX;
}

/* Checks the teams' and judges' own fields (ids are checked elsewhere). */
static void check_fields(const struct cli_table *T, const struct cli_table *J)
{
	for (size_t r = 0; r < T->n_rows; r++) {
		const char *track = cli_table_cell(T, r, T_TRACK);
		if (!*track)
			cli_table_error(T, T->line[r], "empty track");
		else if (strpbrk(track, " \t"))
			cli_table_error(T, T->line[r], "track '%s' contains a blank", track);
		if (!*cli_table_cell(T, r, T_COLLEGE))
			cli_table_error(T, T->line[r], "empty college");
	}
	if (T->n_rows > ASSIGN_MAX_TEAMS)
		cli_table_error(T, T->line[ASSIGN_MAX_TEAMS], "more than %u teams",
		                ASSIGN_MAX_TEAMS);
	if (J->n_rows > ASSIGN_MAX_JUDGES)
		cli_table_error(J, J->line[ASSIGN_MAX_JUDGES], "more than %u judges",
		                ASSIGN_MAX_JUDGES);
}

/* Everything the engine is given, and the memory behind it. */
struct input {
	struct names tracks, colleges;
	struct assign_team *teams;
	struct assign_judge *judges;
	uint32_t *judge_tracks;
	struct assign_pair *conflicts;
	size_t n_conflicts;
};

static void input_free(struct input *in)
{
	free(in->tracks.v);
	free(in->colleges.v);
	free(in->teams);
	free(in->judges);
	free(in->judge_tracks);
	free(in->conflicts);
}

/* Splits a judge's tracks (in place) into ids of tracks some team has. */
static uint32_t judge_tracks(struct input *in, char *list, uint32_t *out)
{
	uint32_t n = 0;
	for (char *save = NULL, *tok = strtok_r(list, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		uint32_t id = names_find(&in->tracks, tok);
		if (id != UINT32_MAX)
			out[n++] = id;
	}
	return n;
}

static int build(struct input *in, const struct cli_table *T, const struct cli_table *J,
                 const struct cli_table *C, const size_t *t_sorted, const size_t *j_sorted)
{
	memset(in, 0, sizeof(*in));
	size_t words = 0;
	for (size_t r = 0; r < J->n_rows; r++)
		words += strlen(cli_table_cell(J, r, J_TRACKS)) / 2 + 1;
	in->teams = malloc((T->n_rows + 1) * sizeof(*in->teams));
	in->judges = malloc((J->n_rows + 1) * sizeof(*in->judges));
	in->judge_tracks = malloc((words + 1) * sizeof(uint32_t));
	in->conflicts = malloc(((C ? C->n_rows : 0) + 1) * sizeof(*in->conflicts));
	if (!in->teams || !in->judges || !in->judge_tracks || !in->conflicts ||
	    names_build(&in->tracks, T, T_TRACK) || names_build(&in->colleges, T, T_COLLEGE))
		return -1;
	for (size_t r = 0; r < T->n_rows; r++)
		in->teams[r] = (struct assign_team){
		    names_find(&in->tracks, cli_table_cell(T, r, T_TRACK)),
		    names_find(&in->colleges, cli_table_cell(T, r, T_COLLEGE))};
	uint32_t *tr = in->judge_tracks;
	for (size_t r = 0; r < J->n_rows; r++) {
		const char *college = cli_table_cell(J, r, J_COLLEGE);
		uint32_t id = names_find(&in->colleges, college);
		/* A college no team has: a conflict with no team (an id of its own). */
		if (id == UINT32_MAX)
			id = (uint32_t)(in->colleges.n + r);
		in->judges[r] = (struct assign_judge){tr, 0, *college ? id : ASSIGN_NO_COLLEGE};
		in->judges[r].n_tracks = judge_tracks(in, J->cell[r * J->ncols + J_TRACKS], tr);
		tr += in->judges[r].n_tracks;
	}
	for (size_t r = 0; C && r < C->n_rows; r++) {
		const char *judge = cli_table_cell(C, r, C_JUDGE),
		           *team = cli_table_cell(C, r, C_TEAM);
		long j = cli_table_find(J, J_ID, j_sorted, judge);
		long t = cli_table_find(T, T_ID, t_sorted, team);
		if (j < 0)
			cli_table_error(C, C->line[r], "unknown judge_id '%s'", judge);
		if (t < 0)
			cli_table_error(C, C->line[r], "unknown team_id '%s'", team);
		if (j >= 0 && t >= 0)
			in->conflicts[in->n_conflicts++] =
			    (struct assign_pair){(uint32_t)t, (uint32_t)j};
	}
	return 0;
}

/* Exit 1: every team that cannot get its judges, and why. */
static void report_infeasible(const struct assign_result *r, const struct cli_table *T, uint32_t K)
{
	for (size_t i = 0; i < r->n_short; i++) {
		const struct assign_shortfall *s = &r->short_teams[i];
		fprintf(stderr,
		        "skyway judges assign: team %s cannot get %u judges: %u eligible of the %u "
		        "judges of track %s (%u of its college %s, %u with a declared conflict)\n",
		        cli_table_cell(T, s->team, T_ID), K, s->eligible, s->track_judges,
		        cli_table_cell(T, s->team, T_TRACK), s->same_college,
		        cli_table_cell(T, s->team, T_COLLEGE), s->conflicted);
	}
}

static int print_pairs(const struct assign_result *r, const struct cli_table *T,
                       const struct cli_table *J)
{
	struct buf out = BUF_INIT;
	int rc = 0;

	buf_adds(&out, "team_id,judge_id\n");
	for (size_t i = 0; i < r->n_pairs; i++)
		buf_addf(&out, "%s,%s\n", cli_table_cell(T, r->pairs[i].team, T_ID),
		         cli_table_cell(J, r->pairs[i].judge, J_ID));
	if (buf_failed(&out) || fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout)) {
		fprintf(stderr, "skyway judges assign: cannot write the output\n");
		rc = 1;
	}
	buf_release(&out);
	return rc;
}

static int judges_assign(int argc, char **argv)
{
	static const char *const t_cols[] = {"team_id", "track", "college"};
	static const char *const j_cols[] = {"judge_id", "tracks", "college"};
	static const char *const c_cols[] = {"judge_id", "team_id"};
	const char *teams = NULL, *judges = NULL, *conflicts = NULL, *per_team = NULL;
	struct cli_table T, J, C;
	struct input in = {0};
	struct assign_result res = {0};
	size_t *t_sorted = NULL, *j_sorted = NULL;
	int64_t K = 0;
	int rc = 2;
	struct cli_errors errors;

	for (int i = 1; i < argc; i++) {
		const char *v;
		if ((v = cli_option(argc, argv, &i, "--teams")))
			teams = v;
		else if ((v = cli_option(argc, argv, &i, "--judges")))
			judges = v;
		else if ((v = cli_option(argc, argv, &i, "--conflicts")))
			conflicts = v;
		else if ((v = cli_option(argc, argv, &i, "--per-team")))
			per_team = v;
		else {
			fprintf(stderr, "skyway judges assign: unknown option '%s'\n%s\n", argv[i],
			        help);
			return 2;
		}
	}
	if (!teams || !judges || !per_team) {
		fprintf(stderr,
		        "skyway judges assign: --teams, --judges and --per-team are "
		        "required\n%s\n",
		        help);
		return 2;
	}
	if (parse_int64(per_team, &K) || K < 1 || K > UINT32_MAX) {
		fprintf(stderr,
		        "skyway judges assign: --per-team must be a whole number of at least "
		        "1, not '%s'\n",
		        per_team);
		return 2;
	}
	/* Every file is read and checked before anything is refused. */
	cli_errors_init(&errors);
	cli_table_load(&T, teams, t_cols, 3, &errors);
	cli_table_load(&J, judges, j_cols, 3, &errors);
	if (conflicts)
		cli_table_load(&C, conflicts, c_cols, 2, &errors);
	t_sorted = cli_table_sorted(&T, T_ID);
	j_sorted = cli_table_sorted(&J, J_ID);
	if (!t_sorted || !j_sorted)
		goto out_of_memory;
	cli_table_check_ids(&T, T_ID, "team_id", 1, t_sorted);
	cli_table_check_ids(&J, J_ID, "judge_id", 1, j_sorted);
	check_fields(&T, &J);
	if (build(&in, &T, &J, conflicts ? &C : NULL, t_sorted, j_sorted))
		goto out_of_memory;
	if (cli_errors_print(&errors))
		goto out;
	struct assign_problem p = {(uint32_t)T.n_rows, (uint32_t)J.n_rows, (uint32_t)K,   in.teams,
	                           in.judges,          in.conflicts,       in.n_conflicts};
	int solved = assign_solve(&p, &res);
	if (solved == ASSIGN_INFEASIBLE) {
		report_infeasible(&res, &T, (uint32_t)K);
		rc = 1;
	} else if (solved < 0) {
		goto out_of_memory;
	} else {
		rc = print_pairs(&res, &T, &J);
	}
	goto out;
out_of_memory:
	fprintf(stderr, "skyway judges assign: out of memory\n");
	rc = 1;
out:
	assign_result_release(&res);
	input_free(&in);
	free(t_sorted);
	free(j_sorted);
	cli_table_release(&T);
	cli_table_release(&J);
	if (conflicts)
		cli_table_release(&C);
	cli_errors_release(&errors);
	return rc;
}

int cmd_judges(int argc, char **argv)
{
	return cli_subcommand(argc, argv, "assign", help, judges_assign);
}
#endif /* SKYWAY_HAVE_MATCH */
