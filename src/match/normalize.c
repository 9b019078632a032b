/*
 * normalize.c - normalised scores, leniency and rank intervals: design notes
 * and the code.
 *
 * DESIGN NOTES
 *
 * The caller runs one call per round and track (赛道): every total handed in
 * belongs to it.  Totals are the weighted sums of the score sheet.
 *
 * N1. z-scores.  Judge j scored the teams T_j (n_j of them) with totals x.
 *     m_j = sum x / n_j, s_j = sqrt(sum (x - m_j)^2 / n_j) (population: the
 *     judge's teams are all the judge saw, not a sample of them).  A judge's
 *     z for team t is (x - m_j) / s_j when n_j >= 2 and the totals are not
 *     all equal, and 0 otherwise: a judge who saw one team, or gave everyone
 *     the same, says nothing about the order of teams.  "All equal" is tested
 *     on the totals themselves, never as s_j == 0: in floating point, three
 *     totals of 0.1 have the mean 0.10000000000000002 and a tiny non-zero
 *     s_j, and dividing by it would turn rounding noise into z = +-1.
 *
 * N2. A team's score.  M and S are the mean and population standard
 *     deviation of every total of the round and track (each (judge, team)
 *     total counts once).  Team t, scored by the judges J_t:
 *         raw_mean   = mean of its totals
 *         mean_z     = mean of its judges' z
 *         normalized = M + S * mean_z
 *     The last maps the mean z back onto the raw scale, so that it reads
 *     like a score next to the raw mean; when S > 0 it orders teams exactly
 *     as mean_z does.  A judge's leniency is (m_j, s_j): a low m_j is a harsh
 *     judge, a small s_j one who hardly separates teams.
 *
 * N3. Order of sums.  Floating-point addition is not associative, so every
 *     sum runs in a fixed order: a judge's totals by team number, a team's z
 *     by judge number, all totals by (judge, team).  The result does not
 *     depend on the order of the caller's rows (test_normalize shuffles).
 *
 * N4. Ranks: normalized descending, then team number ascending; doubles are
 *     compared exactly, so the order is total.  Teams without any total are
 *     not ranked (rank 0).
 *
 * B1. The bootstrap asks: had each team been seen by another draw of judges
 *     like its own, where would it rank?  In each replicate, every ranked
 *     team t draws n_t of its own judges' z with replacement (n_t = its
 *     number of judges); its value is M + S * (mean of the draws); all teams
 *     are ranked as in N4.  z, M and S stay those of N1-N2: the judges'
 *     leniency is taken as known, only the panel is resampled.
 *
 * B2. Randomness: splitmix64 (state = seed; each draw adds the golden-ratio
 *     increment and mixes), and below(n) = a draw < floor(2^64 / n) * n,
 *     taken mod n (draws above are rejected: exactly uniform).  Draw order:
 *     replicates 0..B-1, ranked teams by number, n_t draws each, each an
 *     index into the team's z by judge number.  This order is part of the
 *     contract: test_normalize recomputes the intervals from it.
 *
 * B3. The interval: a team's B ranks sorted ascending, lo = the one at
 *     index floor(5B / 100), hi = the one at index ceil(95B / 100) - 1.  At
 *     most floor(B / 20) replicates rank the team better than lo, at most
 *     B - ceil(95B / 100) worse than hi: [lo, hi] holds at least 90% of them.
 *
 * B4. A cut-off N (the top N promoted) is inside the noise for team t when
 *     lo_t <= N < hi_t: some central replicates promote t and some do not.
 *
 * Cost: N1-N4 O(s log s) for s totals; the bootstrap O(B (s + n log n)) and
 * 4 * B * n bytes for the ranks (12 MB for 3,000 teams and B = 1,000).
 */
#include "normalize.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- order of sums -------------------------------------------------------- */

struct row {
	uint32_t major, minor; /* (judge, team) or (team, judge) */
	size_t index;          /* in the caller's array */
};

static int cmp_row(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->major != y->major)
		return x->major < y->major ? -1 : 1;
	return x->minor < y->minor ? -1 : x->minor > y->minor;
}

/* The rows sorted by (judge, team) when by_judge, else by (team, judge). */
static struct row *sorted_rows(const struct norm_score *s, size_t n, int by_judge)
{
	struct row *r = malloc((n + 1) * sizeof(*r));

	if (!r)
		return NULL;
	for (size_t i = 0; i < n; i++)
		r[i] = by_judge ? (struct row){s[i].judge, s[i].team, i}
		                : (struct row){s[i].team, s[i].judge, i};
	qsort(r, n, sizeof(*r), cmp_row);
	return r;
}

/* ---- ranks ---------------------------------------------------------------- */

struct ranked {
	double value;
	uint32_t team;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->value != y->value)
		return x->value > y->value ? -1 : 1;
	return x->team < y->team ? -1 : x->team > y->team;
}

/* ---- normalisation -------------------------------------------------------- */

void norm_result_release(struct norm_result *r)
{
	if (!r)
		return;
	free(r->teams);
	free(r->judges);
	free(r->z);
	free(r->order);
	free(r->team_off);
	free(r->team_z);
	memset(r, 0, sizeof(*r));
}

/* Judges' leniency and every z (N1), over rows sorted by (judge, team). */
static void judge_z(const struct norm_score *s, const struct row *bj, size_t n,
                    struct norm_result *out)
{
	for (size_t i = 0; i < n;) {
		size_t end = i;
		uint32_t j = bj[i].major;
		double sum = 0, sq = 0;
		int equal = 1;
		for (; end < n && bj[end].major == j; end++) {
			sum += s[bj[end].index].score;
			equal &= s[bj[end].index].score == s[bj[i].index].score;
		}
		struct norm_judge *jd = &out->judges[j];
		jd->n_teams = (uint32_t)(end - i);
		jd->mean = sum / jd->n_teams;
		for (size_t k = i; k < end; k++) {
			double d = s[bj[k].index].score - jd->mean;
			sq += d * d;
		}
		jd->sd = equal ? 0 : sqrt(sq / jd->n_teams);
		jd->scaled = jd->n_teams >= 2 && !equal;
		for (size_t k = i; k < end; k++)
			out->z[bj[k].index] =
			    jd->scaled ? (s[bj[k].index].score - jd->mean) / jd->sd : 0;
		i = end;
	}
}

int norm_compute(const struct norm_score *scores, size_t n_scores, uint32_t n_judges,
                 uint32_t n_teams, struct norm_result *out)
{
	struct row *bj = NULL, *bt = NULL;
	struct ranked *rk = NULL;
	int rc = -EINVAL;

	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if ((n_scores && !scores) || n_scores >= UINT32_MAX)
		return -EINVAL;
	for (size_t i = 0; i < n_scores; i++)
		if (scores[i].judge >= n_judges || scores[i].team >= n_teams ||
		    !isfinite(scores[i].score) || fabs(scores[i].score) > NORM_MAX_SCORE)
			return -EINVAL;
	out->n_teams = n_teams;
	out->n_judges = n_judges;
	out->teams = calloc((size_t)n_teams + 1, sizeof(*out->teams));
	out->judges = calloc((size_t)n_judges + 1, sizeof(*out->judges));
	out->z = calloc(n_scores + 1, sizeof(double));
	out->order = malloc(((size_t)n_teams + 1) * sizeof(uint32_t));
	out->team_off = calloc((size_t)n_teams + 1, sizeof(uint32_t));
	out->team_z = malloc((n_scores + 1) * sizeof(double));
	bj = sorted_rows(scores, n_scores, 1);
	bt = sorted_rows(scores, n_scores, 0);
	rk = malloc(((size_t)n_teams + 1) * sizeof(*rk));
	if (!out->teams || !out->judges || !out->z || !out->order || !out->team_off ||
	    !out->team_z || !bj || !bt || !rk) {
		rc = -ENOMEM;
		goto out;
	}
	for (size_t i = 1; i < n_scores; i++)
		if (bj[i].major == bj[i - 1].major && bj[i].minor == bj[i - 1].minor)
			goto out; /* a judge scored a team twice */

	/* N2: every total, by (judge, team). */
	double sum = 0, sq = 0;
	for (size_t i = 0; i < n_scores; i++)
		sum += scores[bj[i].index].score;
	out->mean = n_scores ? sum / (double)n_scores : 0;
	for (size_t i = 0; i < n_scores; i++) {
		double d = scores[bj[i].index].score - out->mean;
		sq += d * d;
	}
	out->sd = n_scores ? sqrt(sq / (double)n_scores) : 0;
	judge_z(scores, bj, n_scores, out);

	/* Teams, by (team, judge). */
	for (size_t i = 0; i < n_scores;) {
		uint32_t t = bt[i].major;
		double raw = 0, zs = 0;
		size_t end = i;
		for (; end < n_scores && bt[end].major == t; end++) {
			raw += scores[bt[end].index].score;
			zs += out->z[bt[end].index];
			out->team_z[end] = out->z[bt[end].index];
		}
		struct norm_team *tm = &out->teams[t];
		tm->n_judges = (uint32_t)(end - i);
		tm->raw_mean = raw / tm->n_judges;
		tm->mean_z = zs / tm->n_judges;
		tm->normalized = out->mean + out->sd * tm->mean_z;
		i = end;
	}
	for (uint32_t t = 0, at = 0; t < n_teams; t++) {
		out->team_off[t] = at;
		at += out->teams[t].n_judges;
	}
	out->team_off[n_teams] = (uint32_t)n_scores;

	/* N4. */
	for (uint32_t t = 0; t < n_teams; t++)
		if (out->teams[t].n_judges)
			rk[out->n_ranked++] = (struct ranked){out->teams[t].normalized, t};
	qsort(rk, out->n_ranked, sizeof(*rk), cmp_ranked);
	for (uint32_t k = 0; k < out->n_ranked; k++) {
		out->order[k] = rk[k].team;
		out->teams[rk[k].team].rank = k + 1;
	}
	rc = 0;
out:
	free(bj);
	free(bt);
	free(rk);
	if (rc)
		norm_result_release(out);
	return rc;
}

/* ---- the bootstrap -------------------------------------------------------- */

static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* A uniform draw in 0..n-1 (n >= 1), by rejection (B2). */
static uint32_t below(uint64_t *state, uint32_t n)
{
	uint64_t limit = UINT64_MAX - UINT64_MAX % n; /* a multiple of n */

	for (;;) {
		uint64_t x = splitmix64(state);
		if (x < limit)
			return (uint32_t)(x % n);
	}
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

int norm_bootstrap(const struct norm_result *r, uint32_t replicates, uint64_t seed,
                   struct norm_interval *out)
{
	uint32_t n = r ? r->n_ranked : 0;
	uint32_t *ranks = NULL, *slot = NULL;
	struct ranked *rk = NULL;
	uint64_t state = seed;

	if (!r || !out || replicates == 0 || replicates > NORM_MAX_REPLICATES)
		return -EINVAL;
	/* ranks[k * B + b]: the rank of the k-th ranked team (by number) in replicate b. */
	ranks = malloc(((size_t)n * replicates + 1) * sizeof(uint32_t));
	slot = malloc(((size_t)r->n_teams + 1) * sizeof(uint32_t));
	rk = malloc(((size_t)n + 1) * sizeof(*rk));
	if (!ranks || !slot || !rk) {
		free(ranks);
		free(slot);
		free(rk);
		return -ENOMEM;
	}
	for (uint32_t t = 0, k = 0; t < r->n_teams; t++)
		slot[t] = r->teams[t].n_judges ? k++ : UINT32_MAX;
	for (uint32_t b = 0; b < replicates; b++) {
		uint32_t k = 0;
		for (uint32_t t = 0; t < r->n_teams; t++) {
			uint32_t nt = r->teams[t].n_judges;
			const double *z = r->team_z + r->team_off[t];
			double sum = 0;
			if (!nt)
				continue;
			for (uint32_t d = 0; d < nt; d++)
				sum += z[below(&state, nt)];
			rk[k++] = (struct ranked){r->mean + r->sd * (sum / nt), t};
		}
		qsort(rk, n, sizeof(*rk), cmp_ranked);
		for (uint32_t i = 0; i < n; i++)
			ranks[(size_t)slot[rk[i].team] * replicates + b] = i + 1;
	}
	for (uint32_t t = 0; t < r->n_teams; t++) {
		if (slot[t] == UINT32_MAX) {
			out[t] = (struct norm_interval){0, 0};
			continue;
		}
		uint32_t *v = ranks + (size_t)slot[t] * replicates;
		qsort(v, replicates, sizeof(uint32_t), cmp_u32);
		uint64_t lo = (uint64_t)replicates * 5 / 100;
		uint64_t hi = ((uint64_t)replicates * 95 + 99) / 100 - 1;
		out[t] = (struct norm_interval){v[lo], v[hi]};
	}
	free(ranks);
	free(slot);
	free(rk);
	return 0;
}

size_t norm_straddling(const struct norm_result *r, const struct norm_interval *iv, uint32_t cutoff,
                       uint32_t *out)
{
	size_t k = 0;

	for (uint32_t i = 0; i < r->n_ranked; i++) {
		uint32_t t = r->order[i];
		if (iv[t].lo <= cutoff && cutoff < iv[t].hi)
			out[k++] = t;
	}
	return k;
}
