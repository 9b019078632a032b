/*
 * test_normalize.c - normalised scores and rank intervals (src/match/normalize.c).
 *
 *   - the worked example of docs/competition.md, by hand;
 *   - random rounds against a straightforward recomputation written here
 *     from the definitions (loops in input order, no sorting), within 1e-9;
 *   - the same input in another row order gives the same result bit for bit;
 *   - a judge with identical totals (0.1, 0.1, 0.1: a tiny non-zero
 *     standard deviation in floating point) contributes z = 0 exactly;
 *   - the bootstrap: the same seed gives the same intervals; the intervals
 *     equal a recomputation from the documented draw order (splitmix64,
 *     rejection sampling, quantile indexes); teams with one judge each give
 *     point intervals; the straddling list by hand;
 *   - bad input refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"
#include "test_market.h"

static void near(double got, double want)
{
	if (fabs(got - want) > 1e-9 * (1 + fabs(want)))
		fail_msg("got %.15g, want %.15g", got, want);
}

/* ---- the worked example ------------------------------------------------------ */

/* Judges 甲 (0), 乙 (1), 丙 (2); teams T1..T4 = 0..3. */
static const struct norm_score example[] = {
    {0, 0, 80}, {0, 1, 90}, {0, 2, 70}, /* 甲: mean 80, sd 8.1650 */
    {1, 0, 60}, {1, 1, 70}, {1, 3, 50}, /* 乙: harsher, mean 60 */
    {2, 2, 75}, {2, 3, 75},             /* 丙: the same total twice: z = 0 */
};

static void test_worked_example(void **state)
{
	(void)state;
	struct norm_result r;
	assert_int_equal(norm_compute(example, 8, 3, 4, &r), 0);
	near(r.mean, 71.25);
	near(r.sd, sqrt(1037.5 / 8));
	near(r.judges[0].mean, 80);
	near(r.judges[0].sd, sqrt(200.0 / 3));
	assert_true(r.judges[0].scaled);
	near(r.judges[1].mean, 60);
	near(r.judges[2].mean, 75);
	assert_true(r.judges[2].sd == 0);
	assert_false(r.judges[2].scaled);
	near(r.z[1], 10 / sqrt(200.0 / 3));
	assert_true(r.z[6] == 0 && r.z[7] == 0);
	double want_norm[] = {71.25, 71.25 + sqrt(1037.5 / 8) * 10 / sqrt(200.0 / 3),
	                      71.25 - sqrt(1037.5 / 8) * 5 / sqrt(200.0 / 3),
	                      71.25 - sqrt(1037.5 / 8) * 5 / sqrt(200.0 / 3)};
	double want_raw[] = {70, 80, 72.5, 62.5};
	for (int t = 0; t < 4; t++) {
		near(r.teams[t].normalized, want_norm[t]);
		near(r.teams[t].raw_mean, want_raw[t]);
	}
	near(r.teams[1].normalized, 85.1974460027634);
	near(r.teams[2].normalized, 64.2762769986183);
	/* T3 and T4 tie exactly; the smaller number ranks first. */
	assert_true(r.teams[2].normalized == r.teams[3].normalized);
	uint32_t want_order[] = {1, 0, 2, 3};
	assert_int_equal(r.n_ranked, 4);
	for (int k = 0; k < 4; k++) {
		assert_int_equal(r.order[k], want_order[k]);
		assert_int_equal(r.teams[want_order[k]].rank, k + 1);
	}
	norm_result_release(&r);
}

/* A judge whose totals are all 0.1: in floating point their sd is not 0. */
static void test_identical_totals(void **state)
{
	(void)state;
	struct norm_score s[] = {{0, 0, 0.1}, {0, 1, 0.1}, {0, 2, 0.1}, {1, 0, 7}};
	struct norm_result r;
	assert_int_equal(norm_compute(s, 4, 2, 3, &r), 0);
	for (int i = 0; i < 4; i++)
		assert_true(r.z[i] == 0); /* judge 1 saw one team: z = 0 too */
	assert_false(r.judges[0].scaled);
	assert_false(r.judges[1].scaled);
	assert_true(r.judges[0].sd == 0);
	for (int t = 0; t < 3; t++)
		assert_true(r.teams[t].normalized == r.mean);
	norm_result_release(&r);
}

static void test_bad_input(void **state)
{
	(void)state;
	struct norm_result r;
	struct norm_interval iv[4];
	struct norm_score s[] = {{0, 0, 1}, {0, 0, 2}};
	assert_int_equal(norm_compute(s, 2, 1, 1, &r), -EINVAL); /* twice the same pair */
	assert_int_equal(norm_compute(s, 1, 0, 1, &r), -EINVAL); /* judge out of range */
	assert_int_equal(norm_compute(s, 1, 1, 0, &r), -EINVAL); /* team out of range */
	s[0].score = NAN;
	assert_int_equal(norm_compute(s, 1, 1, 1, &r), -EINVAL);
	s[0].score = INFINITY;
	assert_int_equal(norm_compute(s, 1, 1, 1, &r), -EINVAL);
	s[0].score = 2e9;
	assert_int_equal(norm_compute(s, 1, 1, 1, &r), -EINVAL);
	assert_int_equal(norm_compute(NULL, 1, 1, 1, &r), -EINVAL);
	/* Nothing scored: nothing ranked. */
	assert_int_equal(norm_compute(NULL, 0, 2, 3, &r), 0);
	assert_int_equal(r.n_ranked, 0);
	assert_int_equal(norm_bootstrap(&r, 10, 1, iv), 0);
	assert_int_equal(iv[0].lo, 0);
	assert_int_equal(norm_bootstrap(&r, 0, 1, iv), -EINVAL);
	assert_int_equal(norm_bootstrap(&r, NORM_MAX_REPLICATES + 1, 1, iv), -EINVAL);
	norm_result_release(&r);
}

/* ---- random rounds against the definitions ---------------------------------------- */

struct round {
	struct norm_score *s;
	size_t n;
	uint32_t nj, nt;
};

static void gen_round(struct round *rd, uint64_t *rng)
{
	rd->nj = 1 + rng_below(rng, 8);
	rd->nt = 1 + rng_below(rng, 10);
	rd->s = malloc((size_t)rd->nj * rd->nt * sizeof(*rd->s) + 1);
	rd->n = 0;
	int pct = 20 + (int)rng_below(rng, 70);
	for (uint32_t j = 0; j < rd->nj; j++) {
		int flat = rng_chance(rng, 15); /* a judge who gives everyone the same */
		double base = 50 + rng_below(rng, 40), flat_score = rng_below(rng, 1000) / 10.0;
		for (uint32_t t = 0; t < rd->nt; t++)
			if (rng_chance(rng, pct))
				rd->s[rd->n++] = (struct norm_score){
				    j, t, flat ? flat_score : base + rng_below(rng, 500) / 10.0};
	}
	/* Shuffle the rows: the input order must not matter. */
	for (size_t i = rd->n; i > 1; i--) {
		size_t k = rng_below(rng, (uint32_t)i);
		struct norm_score x = rd->s[i - 1];
		rd->s[i - 1] = rd->s[k];
		rd->s[k] = x;
	}
}

/* The definitions, plainly: returns the expected z of row i. */
static double want_z(const struct round *rd, size_t i)
{
	uint32_t j = rd->s[i].judge, n = 0;
	double sum = 0, sq = 0, first = rd->s[i].score;
	int equal = 1;
	for (size_t k = 0; k < rd->n; k++)
		if (rd->s[k].judge == j) {
			n++;
			sum += rd->s[k].score;
			equal &= rd->s[k].score == first;
		}
	if (n < 2 || equal)
		return 0;
	double mean = sum / n;
	for (size_t k = 0; k < rd->n; k++)
		if (rd->s[k].judge == j)
			sq += (rd->s[k].score - mean) * (rd->s[k].score - mean);
	return (rd->s[i].score - mean) / sqrt(sq / n);
}

static void test_random_rounds(void **state)
{
	(void)state;
	uint64_t rng = 1201;
	for (int it = 0; it < 3000; it++) {
		struct round rd;
		struct norm_result r, again;
		gen_round(&rd, &rng);
		assert_int_equal(norm_compute(rd.s, rd.n, rd.nj, rd.nt, &r), 0);
		double sum = 0, sq = 0;
		for (size_t i = 0; i < rd.n; i++)
			sum += rd.s[i].score;
		double M = rd.n ? sum / rd.n : 0;
		for (size_t i = 0; i < rd.n; i++)
			sq += (rd.s[i].score - M) * (rd.s[i].score - M);
		double S = rd.n ? sqrt(sq / rd.n) : 0;
		near(r.mean, M);
		near(r.sd, S);
		for (size_t i = 0; i < rd.n; i++)
			near(r.z[i], want_z(&rd, i));
		for (uint32_t t = 0; t < rd.nt; t++) {
			uint32_t n = 0;
			double raw = 0, zs = 0;
			for (size_t i = 0; i < rd.n; i++)
				if (rd.s[i].team == t) {
					n++;
					raw += rd.s[i].score;
					zs += want_z(&rd, i);
				}
			assert_int_equal(r.teams[t].n_judges, n);
			if (!n) {
				assert_int_equal(r.teams[t].rank, 0);
				continue;
			}
			near(r.teams[t].raw_mean, raw / n);
			near(r.teams[t].normalized, M + S * zs / n);
			/* rank: 1 + teams strictly better, or as good with a smaller number */
			uint32_t rank = 1;
			for (uint32_t u = 0; u < rd.nt; u++)
				rank += r.teams[u].n_judges &&
				        (r.teams[u].normalized > r.teams[t].normalized ||
				         (r.teams[u].normalized == r.teams[t].normalized && u < t));
			assert_int_equal(r.teams[t].rank, rank);
			assert_int_equal(r.order[rank - 1], t);
		}
		for (uint32_t j = 0; j < rd.nj; j++) {
			uint32_t n = 0;
			double s = 0;
			for (size_t i = 0; i < rd.n; i++)
				if (rd.s[i].judge == j)
					n++, s += rd.s[i].score;
			assert_int_equal(r.judges[j].n_teams, n);
			if (n)
				near(r.judges[j].mean, s / n);
		}
		/* Reversed rows: bit for bit the same. */
		for (size_t i = 0; i < rd.n / 2; i++) {
			struct norm_score x = rd.s[i];
			rd.s[i] = rd.s[rd.n - 1 - i];
			rd.s[rd.n - 1 - i] = x;
		}
		assert_int_equal(norm_compute(rd.s, rd.n, rd.nj, rd.nt, &again), 0);
		assert_memory_equal(r.teams, again.teams, rd.nt * sizeof(*r.teams));
		assert_memory_equal(r.judges, again.judges, rd.nj * sizeof(*r.judges));
		assert_true(r.mean == again.mean && r.sd == again.sd);
		for (size_t i = 0; i < rd.n; i++)
			assert_true(r.z[i] == again.z[rd.n - 1 - i]);
		norm_result_release(&again);
		norm_result_release(&r);
		free(rd.s);
	}
}

/* ---- the bootstrap ---------------------------------------------------------------- */

/* B2 of normalize.c, written out again. */
static uint64_t mix_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static uint32_t draw(uint64_t *s, uint32_t n)
{
	for (;;) {
		uint64_t x = mix_next(s);
		if (x < UINT64_MAX - UINT64_MAX % n)
			return (uint32_t)(x % n);
	}
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* The intervals by B1-B3, from the scores (each team's z in judge order). */
static void want_intervals(const struct round *rd, const struct norm_result *r, uint32_t B,
                           uint64_t seed, struct norm_interval *out)
{
	uint32_t nt = rd->nt;
	uint32_t *ranks = calloc((size_t)nt * B + 1, sizeof(uint32_t));
	double *value = malloc(nt * sizeof(double));
	uint64_t st = seed;
	for (uint32_t b = 0; b < B; b++) {
		for (uint32_t t = 0; t < nt; t++) {
			double z[16];
			uint32_t n = 0;
			for (uint32_t j = 0; j < rd->nj; j++) /* z by judge number */
				for (size_t i = 0; i < rd->n; i++)
					if (rd->s[i].team == t && rd->s[i].judge == j)
						z[n++] = r->z[i];
			if (!n)
				continue;
			double sum = 0;
			for (uint32_t d = 0; d < n; d++)
				sum += z[draw(&st, n)];
			value[t] = r->mean + r->sd * (sum / n);
		}
		for (uint32_t t = 0; t < nt; t++) {
			if (!r->teams[t].n_judges)
				continue;
			uint32_t rank = 1;
			for (uint32_t u = 0; u < nt; u++)
				rank += r->teams[u].n_judges &&
				        (value[u] > value[t] || (value[u] == value[t] && u < t));
			ranks[(size_t)t * B + b] = rank;
		}
	}
	for (uint32_t t = 0; t < nt; t++) {
		if (!r->teams[t].n_judges) {
			out[t] = (struct norm_interval){0, 0};
			continue;
		}
		qsort(ranks + (size_t)t * B, B, sizeof(uint32_t), cmp_u32);
		out[t] = (struct norm_interval){ranks[(size_t)t * B + B * 5 / 100],
		                                ranks[(size_t)t * B + (B * 95 + 99) / 100 - 1]};
	}
	free(ranks);
	free(value);
}

static void test_bootstrap_recomputed(void **state)
{
	(void)state;
	uint64_t rng = 555;
	int wide = 0;
	for (int it = 0; it < 200; it++) {
		struct round rd;
		struct norm_result r;
		struct norm_interval got[16], again[16], want[16];
		gen_round(&rd, &rng);
		uint32_t B = 1 + rng_below(&rng, 300);
		uint64_t seed = rng_next(&rng);
		assert_int_equal(norm_compute(rd.s, rd.n, rd.nj, rd.nt, &r), 0);
		assert_int_equal(norm_bootstrap(&r, B, seed, got), 0);
		assert_int_equal(norm_bootstrap(&r, B, seed, again), 0);
		assert_memory_equal(got, again, rd.nt * sizeof(got[0]));
		want_intervals(&rd, &r, B, seed, want);
		for (uint32_t t = 0; t < rd.nt; t++) {
			assert_int_equal(got[t].lo, want[t].lo);
			assert_int_equal(got[t].hi, want[t].hi);
			if (r.teams[t].n_judges) {
				assert_true(1 <= got[t].lo && got[t].lo <= got[t].hi &&
				            got[t].hi <= r.n_ranked);
				wide += got[t].lo < got[t].hi;
			}
		}
		norm_result_release(&r);
		free(rd.s);
	}
	assert_true(wide > 100); /* the intervals are not all points */
}

/* One judge per team: nothing to resample, every interval is the point rank. */
static void test_bootstrap_points(void **state)
{
	(void)state;
	struct norm_score s[] = {{0, 0, 50}, {0, 1, 70}, {1, 2, 90}, {1, 3, 30}, {2, 4, 60}};
	struct norm_result r;
	struct norm_interval iv[5];
	assert_int_equal(norm_compute(s, 5, 3, 5, &r), 0);
	assert_int_equal(norm_bootstrap(&r, 1000, 7, iv), 0);
	for (uint32_t t = 0; t < 5; t++) {
		assert_int_equal(iv[t].lo, r.teams[t].rank);
		assert_int_equal(iv[t].hi, r.teams[t].rank);
	}
	uint32_t out[5];
	for (uint32_t cut = 0; cut <= 5; cut++)
		assert_int_equal(norm_straddling(&r, iv, cut, out), 0);
	norm_result_release(&r);
}

/* Straddling, by hand: lo <= cut-off < hi, listed by point rank. */
static void test_straddling(void **state)
{
	(void)state;
	struct norm_result r;
	assert_int_equal(norm_compute(example, 8, 3, 4, &r), 0); /* order T2, T1, T3, T4 */
	struct norm_interval iv[4] = {{1, 3}, {1, 1}, {2, 4}, {3, 4}};
	uint32_t out[4];
	assert_int_equal(norm_straddling(&r, iv, 1, out), 1); /* T1: ranks 1..3 */
	assert_int_equal(out[0], 0);
	assert_int_equal(norm_straddling(&r, iv, 2, out), 2); /* T1, then T3 */
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 2);
	assert_int_equal(norm_straddling(&r, iv, 3, out), 2); /* T3, T4 */
	assert_int_equal(out[0], 2);
	assert_int_equal(out[1], 3);
	assert_int_equal(norm_straddling(&r, iv, 4, out), 0);
	norm_result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_worked_example),
	    cmocka_unit_test(test_identical_totals),
	    cmocka_unit_test(test_bad_input),
	    cmocka_unit_test(test_random_rounds),
	    cmocka_unit_test(test_bootstrap_recomputed),
	    cmocka_unit_test(test_bootstrap_points),
	    cmocka_unit_test(test_straddling),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
