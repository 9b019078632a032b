/*
 * skyway scores normalize: normalised scores of one round and track
 * (src/match/normalize.c) from a CSV file.
 *
 * The contract (docs/competition.md):
 *   S.csv  judge_id,team_id,score      one submitted total per line
 *   stdout: team_id,normalized,raw_mean,judges, sorted by normalized
 *   descending, then team_id; numbers with 4 decimals.
 *   Exit 2, nothing on stdout: bad input (FILE:LINE: reason) or bad usage.
 *
 * Decisions where the contract is silent: a score is a plain decimal
 * ("85", "85.5", "-3", ".5"), within +-1e9; a judge scoring the same team
 * twice is an error on the later line; ids follow the rules of
 * `skyway judges assign`; "then team_id" compares the ids as bytes; the
 * order uses the value as printed, so that teams printed with the same
 * normalized score always appear in team_id order.
 */
#ifdef SKYWAY_HAVE_MATCH
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "cli/cli_table.h"
#include "match/normalize.h"

static const char help[] =
    "usage: skyway scores normalize --scores S.csv\n"
    "\n"
    "Normalises the totals of one round and track: each judge's totals become z-scores\n"
    "over that judge's teams (0 for a judge with one team or identical totals), and a\n"
    "team's score is the overall mean + the overall standard deviation x the mean z of\n"
    "its judges.\n"
    "  S.csv  judge_id,team_id,score\n"
    "Prints team_id,normalized,raw_mean,judges sorted by normalized (descending), then\n"
    "team_id; numbers with 4 decimals.  Exit status: 0 done; 2 bad input (FILE:LINE: reason).";

enum { S_JUDGE, S_TEAM, S_SCORE };

/* A plain decimal number: [+-] digits [. digits], or [+-] . digits. */
static int parse_score(const char *s, double *out)
{
	const char *p = s + (*s == '+' || *s == '-');
	size_t before = strspn(p, "0123456789"), after = 0;

	p += before;
	if (*p == '.') {
		after = strspn(p + 1, "0123456789");
		p += 1 + after;
	}
	if (*p || (before == 0 && after == 0))
		return -1;
	*out = strtod(s, NULL);
	return *out >= -NORM_MAX_SCORE && *out <= NORM_MAX_SCORE ? 0 : -1;
}

/* Numbers every distinct value of column c by its sorted order; row r gets index[r]. */
static uint32_t number_column(const struct cli_table *t, size_t c, const size_t *sorted,
                              uint32_t *index, size_t *first_row)
{
	uint32_t n = 0;
	for (size_t k = 0; k < t->n_rows; k++) {
		size_t r = sorted[k];
		if (k == 0 || strcmp(cli_table_cell(t, sorted[k - 1], c), cli_table_cell(t, r, c)))
			first_row[n++] = r;
		index[r] = n - 1;
	}
	return n;
}

struct line_out {
	double value; /* normalized as printed */
	const char *team;
	char normalized[48], raw[48];
	uint32_t judges;
};

static int cmp_out(const void *a, const void *b)
{
	const struct line_out *x = a, *y = b;

	if (x->value != y->value)
		return x->value > y->value ? -1 : 1;
	return strcmp(x->team, y->team);
}

/* "%.4f", without a minus sign on zero. */
static void fixed4(char *buf, size_t size, double v)
{
	snprintf(buf, size, "%.4f", v);
	if (!strcmp(buf, "-0.0000"))
		memmove(buf, buf + 1, strlen(buf));
}

static int print_teams(const struct norm_result *r, const struct cli_table *S,
                       const size_t *team_row)
{
	struct line_out *lines = malloc((r->n_teams + 1) * sizeof(*lines));
	struct buf out = BUF_INIT;
	int rc = 0;

	if (!lines)
		return -1;
	for (uint32_t t = 0; t < r->n_teams; t++) {
		struct line_out *l = &lines[t];
		fixed4(l->normalized, sizeof(l->normalized), r->teams[t].normalized);
		fixed4(l->raw, sizeof(l->raw), r->teams[t].raw_mean);
		l->value = strtod(l->normalized, NULL);
		l->team = cli_table_cell(S, team_row[t], S_TEAM);
		l->judges = r->teams[t].n_judges;
	}
	qsort(lines, r->n_teams, sizeof(*lines), cmp_out);
	buf_adds(&out, "team_id,normalized,raw_mean,judges\n");
	for (uint32_t t = 0; t < r->n_teams; t++)
		buf_addf(&out, "%s,%s,%s,%u\n", lines[t].team, lines[t].normalized, lines[t].raw,
		         lines[t].judges);
	if (buf_failed(&out) || fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout)) {
		fprintf(stderr, "skyway scores normalize: cannot write the output\n");
		rc = 1;
	}
	buf_release(&out);
	free(lines);
	return rc;
}

static int scores_normalize(int argc, char **argv)
{
	static const char *const cols[] = {"judge_id", "team_id", "score"};
	const char *path = NULL;
	struct cli_table S;
	struct norm_result res = {0};
	size_t *by_judge = NULL, *by_team = NULL, *judge_row = NULL, *team_row = NULL;
	uint32_t *judge_of = NULL, *team_of = NULL;
	struct norm_score *scores = NULL;
	int rc = 2;
	struct cli_errors errors;

	for (int i = 1; i < argc; i++) {
		const char *v;
		if ((v = cli_option(argc, argv, &i, "--scores")))
			path = v;
		else {
			fprintf(stderr, "skyway scores normalize: unknown option '%s'\n%s\n",
			        argv[i], help);
			return 2;
		}
	}
	if (!path) {
		fprintf(stderr, "skyway scores normalize: --scores is required\n%s\n", help);
		return 2;
	}
	cli_errors_init(&errors);
	cli_table_load(&S, path, cols, 3, &errors);
	size_t n = S.n_rows;
	by_judge = cli_table_sorted(&S, S_JUDGE);
	by_team = cli_table_sorted(&S, S_TEAM);
	judge_row = malloc((n + 1) * sizeof(size_t));
	team_row = malloc((n + 1) * sizeof(size_t));
	judge_of = malloc((n + 1) * sizeof(uint32_t));
	team_of = malloc((n + 1) * sizeof(uint32_t));
	scores = malloc((n + 1) * sizeof(*scores));
	if (!by_judge || !by_team || !judge_row || !team_row || !judge_of || !team_of || !scores)
		goto out_of_memory;
	cli_table_check_ids(&S, S_JUDGE, "judge_id", 0, NULL);
	cli_table_check_ids(&S, S_TEAM, "team_id", 0, NULL);
	uint32_t nj = number_column(&S, S_JUDGE, by_judge, judge_of, judge_row);
	uint32_t nt = number_column(&S, S_TEAM, by_team, team_of, team_row);
	for (size_t r = 0; r < n; r++) {
		const char *v = cli_table_cell(&S, r, S_SCORE);
		scores[r] = (struct norm_score){judge_of[r], team_of[r], 0};
		if (parse_score(v, &scores[r].score))
			cli_table_error(&S, S.line[r], "score '%s' is not a number within +-1e9",
			                v);
	}
	/* A judge scoring a team twice: by_judge orders a judge's rows by row, so
	 * scan each judge's rows for a team seen before (team_row marks the first). */
	size_t *seen = judge_row; /* reused: judge_row is no longer needed */
	for (size_t r = 0; r < n; r++)
		seen[r] = SIZE_MAX;
	for (size_t k = 0; k < n;) {
		size_t end = k;
		for (; end < n && judge_of[by_judge[end]] == judge_of[by_judge[k]]; end++) {
			size_t r = by_judge[end];
			if (seen[team_of[r]] != SIZE_MAX)
				cli_table_error(
				    &S, S.line[r],
				    "judge '%s' scored team '%s' twice (first on line %zu)",
				    cli_table_cell(&S, r, S_JUDGE), cli_table_cell(&S, r, S_TEAM),
				    S.line[seen[team_of[r]]]);
			else
				seen[team_of[r]] = r;
		}
		for (size_t q = k; q < end; q++)
			seen[team_of[by_judge[q]]] = SIZE_MAX;
		k = end;
	}
	if (cli_errors_print(&errors))
		goto out;
	if (norm_compute(scores, n, nj, nt, &res))
		goto out_of_memory;
	rc = print_teams(&res, &S, team_row);
	if (rc < 0)
		goto out_of_memory;
	goto out;
out_of_memory:
	fprintf(stderr, "skyway scores normalize: out of memory\n");
	rc = 1;
out:
	norm_result_release(&res);
	free(by_judge);
	free(by_team);
	free(judge_row);
	free(team_row);
	free(judge_of);
	free(team_of);
	free(scores);
	cli_table_release(&S);
	cli_errors_release(&errors);
	return rc;
}

int cmd_scores(int argc, char **argv)
{
	return cli_subcommand(argc, argv, "normalize", help, scores_normalize);
}
#endif /* SKYWAY_HAVE_MATCH */
