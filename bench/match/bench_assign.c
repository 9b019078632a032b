/*
 * bench_assign.c - the competition's judge assignment and normalisation at
 * the article's scale (清远高新杯: 300+ teams, 4 tracks, 10 colleges).
 *
 *   bench_assign [--teams N] [--judges N] [--per-team K] [--seed S] [--repeat N]
 *                [--replicates B]
 *
 * Generates an edition from a seed: N teams in 4 tracks (30/30/20/20 %) from
 * 10 colleges; judges with one track (80 %) or two, 40 % of them teachers of
 * one of the colleges (a college conflict with its teams), the others from
 * outside; each judge declares about 1 % of its track's teams as conflicts.
 * Then, best of --repeat runs (wall clock, read here, never in the engine):
 *   - assign_solve(): the min-max load, the flows of the search over the cap,
 *     the spreading passes and moves, the largest pair overlap and Phi;
 *   - the baseline in the same run: a naive greedy (teams in order, each
 *     takes the K eligible judges with the least load so far, ties by
 *     number), its time, its max load and its overlaps;
 *   - assign_check() of the result (the bench exits 1 if it fails);
 *   - scores from the assignment (a team's quality + the judge's leniency +
 *     noise), norm_compute() and norm_bootstrap() with B replicates, and the
 *     teams whose interval straddles a cut-off of the top 30 %.
 * Times are this process's CPU time and the wall clock of the run with the
 * least CPU time: on a shared machine the wall clock includes waiting for a
 * core.  Prints figures only; no assertion on time.
 */
#include "assign.h"
#include "normalize.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static uint32_t below(uint64_t *s, uint32_t n)
{
	return n ? (uint32_t)(rng_next(s) % n) : 0;
}

static double uniform(uint64_t *s)
{
	return (double)(rng_next(s) >> 11) / 9007199254740992.0;
}

static double gauss(uint64_t *s)
{
	double u = uniform(s), v = uniform(s);
	return sqrt(-2 * log(u + 1e-300)) * cos(6.283185307179586 * v);
}

/* Wall clock and this process's CPU time: on a shared machine the two differ. */
struct stamp {
	double wall, cpu;
};

static struct stamp now(void)
{
	struct timespec w, c;
	clock_gettime(CLOCK_MONOTONIC, &w);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
	return (struct stamp){w.tv_sec + w.tv_nsec / 1e9, c.tv_sec + c.tv_nsec / 1e9};
}

/* Keeps the run with the least CPU time (best of --repeat). */
static void keep_best(struct stamp *best, struct stamp t0, struct stamp t1)
{
	if (t1.cpu - t0.cpu < best->cpu)
		*best = (struct stamp){t1.wall - t0.wall, t1.cpu - t0.cpu};
}

struct edition {
	uint32_t n, m, K;
	struct assign_team *teams;
	struct assign_judge *judges;
	uint32_t *tracks;
	struct assign_pair *conflicts;
	size_t nc;
	struct assign_problem p;
};

static void generate(struct edition *e, uint64_t seed, uint32_t n, uint32_t m, uint32_t K)
{
	static const uint32_t share[4] = {30, 30, 20, 20};
	uint64_t s = seed;

	e->n = n, e->m = m, e->K = K;
	e->teams = calloc(n + 1, sizeof(*e->teams));
	e->judges = calloc(m + 1, sizeof(*e->judges));
	e->tracks = calloc(2 * (size_t)m + 1, sizeof(uint32_t));
	e->conflicts = calloc((size_t)m * n / 50 + 16, sizeof(*e->conflicts));
	e->nc = 0;
	for (uint32_t t = 0; t < n; t++) {
		uint32_t x = below(&s, 100), track = 0;
		while (x >= share[track])
			x -= share[track++];
		e->teams[t] = (struct assign_team){track, below(&s, 10)};
	}
	for (uint32_t j = 0; j < m; j++) {
		/* Judges follow the tracks' sizes, so every track has enough of them. */
		uint32_t *tr = e->tracks + 2 * j, x = (uint32_t)((uint64_t)j * 100 / m), k = 0;
		while (x >= share[k])
			x -= share[k++];
		tr[0] = k;
		e->judges[j] = (struct assign_judge){tr, 1, ASSIGN_NO_COLLEGE};
		if (below(&s, 100) < 20)
			tr[e->judges[j].n_tracks++] = (k + 1 + below(&s, 3)) % 4;
		if (below(&s, 100) < 40)
			e->judges[j].college = below(&s, 10);
		for (uint32_t t = 0; t < n; t++)
			if (e->teams[t].track == tr[0] && below(&s, 100) == 0)
				e->conflicts[e->nc++] = (struct assign_pair){t, j};
	}
	e->p = (struct assign_problem){n, m, K, e->teams, e->judges, e->conflicts, e->nc};
}

static int eligible(const struct edition *e, const uint8_t *conflict, uint32_t t, uint32_t j)
{
	const struct assign_judge *jd = &e->judges[j];
	int track = 0;
	for (uint32_t k = 0; k < jd->n_tracks; k++)
		track |= jd->tracks[k] == e->teams[t].track;
	return track && (jd->college == ASSIGN_NO_COLLEGE || jd->college != e->teams[t].college) &&
	       !conflict[(size_t)t * e->m + j];
}

/* The baseline: each team in turn takes the K least-loaded eligible judges. */
static int greedy(const struct edition *e, uint32_t *judge_of, uint32_t *load)
{
	uint8_t *conflict = calloc((size_t)e->n * e->m + 1, 1);
	for (size_t i = 0; i < e->nc; i++)
		conflict[(size_t)e->conflicts[i].team * e->m + e->conflicts[i].judge] = 1;
	memset(load, 0, e->m * sizeof(uint32_t));
	for (uint32_t t = 0; t < e->n; t++)
		for (uint32_t k = 0; k < e->K; k++) {
			uint32_t best = UINT32_MAX;
			for (uint32_t j = 0; j < e->m; j++) {
				int taken = 0;
				for (uint32_t q = 0; q < k; q++)
					taken |= judge_of[t * e->K + q] == j;
				if (!taken && eligible(e, conflict, t, j) &&
				    (best == UINT32_MAX || load[j] < load[best]))
					best = j;
			}
			if (best == UINT32_MAX) {
				free(conflict);
				return -1;
			}
			judge_of[t * e->K + k] = best;
			load[best]++;
		}
	free(conflict);
	return 0;
}

/* Largest pair overlap and Phi of K judges per team. */
static void overlaps(const struct edition *e, const uint32_t *judge_of, uint32_t *max_o,
                     uint64_t *phi)
{
	uint32_t *o = calloc((size_t)e->m * e->m, sizeof(uint32_t));
	for (uint32_t t = 0; t < e->n; t++)
		for (uint32_t a = 0; a < e->K; a++)
			for (uint32_t b = 0; b < e->K; b++)
				if (a != b)
					o[judge_of[t * e->K + a] * e->m + judge_of[t * e->K + b]]++;
	*max_o = 0, *phi = 0;
	for (uint32_t a = 0; a < e->m; a++)
		for (uint32_t b = a + 1; b < e->m; b++) {
			uint32_t x = o[a * e->m + b];
			*phi += (uint64_t)x * x;
			*max_o = x > *max_o ? x : *max_o;
		}
	free(o);
}

/* "  12.3 ms CPU (  45.6 ms wall)"; a static buffer per call site is not needed: printed at once.
 */
static const char *ms(struct stamp t)
{
	static char buf[4][48];
	static int k;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%8.1f ms CPU (%8.1f ms wall)", t.cpu * 1e3, t.wall * 1e3);
	return buf[k];
}

static uint32_t max_of(const uint32_t *v, uint32_t n)
{
	uint32_t x = 0;
	for (uint32_t i = 0; i < n; i++)
		x = v[i] > x ? v[i] : x;
	return x;
}

static const char *arg(int argc, char **argv, const char *name, const char *def)
{
	for (int i = 1; i + 1 < argc; i++)
		if (!strcmp(argv[i], name))
			return argv[i + 1];
	return def;
}

int main(int argc, char **argv)
{
	uint32_t n = (uint32_t)atol(arg(argc, argv, "--teams", "300"));
	uint32_t m = (uint32_t)atol(arg(argc, argv, "--judges", "60"));
	uint32_t K = (uint32_t)atol(arg(argc, argv, "--per-team", "5"));
	uint64_t seed = strtoull(arg(argc, argv, "--seed", "20261201"), NULL, 10);
	int repeat = atoi(arg(argc, argv, "--repeat", "3"));
	uint32_t B = (uint32_t)atol(arg(argc, argv, "--replicates", "1000"));
	struct edition e;
	struct assign_result r = {0};
	struct stamp t_solve = {1e9, 1e9}, t_greedy = t_solve, t_norm = t_solve, t_boot = t_solve;

	generate(&e, seed, n, m, K);
	printf("edition: %u teams (4 tracks 30/30/20/20 %%, 10 colleges), %u judges, K = %u, "
	       "%zu declared conflicts, seed %llu\n",
	       n, m, K, e.nc, (unsigned long long)seed);
	for (int i = 0; i < repeat; i++) {
		assign_result_release(&r);
		struct stamp t0 = now();
		int rc = assign_solve(&e.p, &r);
		struct stamp t1 = now();
		if (rc) {
			printf("assign_solve: %d (%zu teams short)\n", rc, r.n_short);
			return 1;
		}
		keep_best(&t_solve, t0, t1);
	}
	struct assign_violation v;
	if (assign_check(&e.p, r.pairs, r.n_pairs, NULL, r.max_load, &v) != ASSIGN_OK) {
		printf("assign_check: %s at team %u judge %u\n", assign_rule_name(v.rule), v.team,
		       v.judge);
		return 1;
	}
	uint32_t lower = (uint32_t)(((uint64_t)n * K + m - 1) / m);
	printf("assign_solve   %s  max load %u (total/judges = %u), %u flows, %u spreading "
	       "passes, %llu moves; pair overlap max %u, Phi %llu\n",
	       ms(t_solve), r.max_load, lower, r.flows, r.passes, (unsigned long long)r.moves,
	       r.max_overlap, (unsigned long long)r.overlap_sq);

	uint32_t *g = malloc(((size_t)n * K + 1) * sizeof(uint32_t)), *gload = calloc(m + 1, 4);
	for (int i = 0; i < repeat; i++) {
		struct stamp t0 = now();
		int rc = greedy(&e, g, gload);
		struct stamp t1 = now();
		if (rc) {
			printf("greedy: a team found no judge\n");
			return 1;
		}
		keep_best(&t_greedy, t0, t1);
	}
	uint32_t gmo;
	uint64_t gphi;
	overlaps(&e, g, &gmo, &gphi);
	printf("greedy (base)  %s  max load %u (optimum %u), pair overlap max %u, Phi %llu\n",
	       ms(t_greedy), max_of(gload, m), r.max_load, gmo, (unsigned long long)gphi);

	/* Scores: quality of the team + leniency of the judge + noise, 0..100. */
	uint64_t s = seed ^ 0x5eed;
	double *quality = malloc((n + 1) * sizeof(double)),
	       *lenient = malloc((m + 1) * sizeof(double));
	for (uint32_t t = 0; t < n; t++)
		quality[t] = 72 + 8 * gauss(&s);
	for (uint32_t j = 0; j < m; j++)
		lenient[j] = 6 * gauss(&s);
	struct norm_score *sc = malloc((r.n_pairs + 1) * sizeof(*sc));
	for (size_t i = 0; i < r.n_pairs; i++) {
		double x = quality[r.pairs[i].team] + lenient[r.pairs[i].judge] + 4 * gauss(&s);
		x = x < 0 ? 0 : x > 100 ? 100 : x;
		sc[i] = (struct norm_score){r.pairs[i].judge, r.pairs[i].team, round(x * 10) / 10};
	}
	struct norm_result nr = {0};
	struct norm_interval *iv = malloc((n + 1) * sizeof(*iv));
	for (int i = 0; i < repeat; i++) {
		norm_result_release(&nr);
		struct stamp t0 = now();
		int rc = norm_compute(sc, r.n_pairs, m, n, &nr);
		struct stamp t1 = now();
		int rc2 = rc ? rc : norm_bootstrap(&nr, B, seed, iv);
		struct stamp t2 = now();
		if (rc || rc2) {
			printf("normalisation failed: %d %d\n", rc, rc2);
			return 1;
		}
		keep_best(&t_norm, t0, t1);
		keep_best(&t_boot, t1, t2);
	}
	uint32_t *strad = malloc((n + 1) * sizeof(uint32_t)), cut = n * 3 / 10;
	size_t ns = norm_straddling(&nr, iv, cut, strad);
	double width = 0;
	for (uint32_t t = 0; t < n; t++)
		width += iv[t].hi - iv[t].lo;
	printf("norm_compute   %s  %zu totals\n", ms(t_norm), r.n_pairs);
	printf("norm_bootstrap %s  B = %u: mean 90%% rank interval width %.1f; cut-off top "
	       "%u: %zu teams straddle it\n",
	       ms(t_boot), B, width / n, cut, ns);
	free(strad);
	free(iv);
	free(sc);
	free(quality);
	free(lenient);
	free(g);
	free(gload);
	norm_result_release(&nr);
	assign_result_release(&r);
	return 0;
}
