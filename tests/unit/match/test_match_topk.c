/*
 * test_match_topk.c - recommendations.
 *
 * The fast, pruned paths are checked against the naive market (the
 * reference scorer on every pair) on many seeded markets; the single-entity
 * queries against the market; thread counts 1, 2 and 8 against each other;
 * and the incremental refresh against a full recomputation after random
 * edits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "match.h"
#include "test_market.h"

static void assert_hits_equal(const struct match_hit *a, size_t na, const struct match_hit *b,
                              size_t nb)
{
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++) {
		if (a[i].id != b[i].id || a[i].score != b[i].score)
			fail_msg("hit %zu: %u/%d vs %u/%d", i, a[i].id, a[i].score, b[i].id,
			         b[i].score);
	}
}

static void assert_markets_equal(const struct match_market *a, const struct match_market *b)
{
	assert_int_equal(a->n_students, b->n_students);
	assert_int_equal(a->n_positions, b->n_positions);
	assert_int_equal(a->pairs_eligible, b->pairs_eligible);
	for (size_t i = 0; i < a->n_students; i++)
		assert_hits_equal(a->student_hits + i * a->k, a->student_n[i],
		                  b->student_hits + i * b->k, b->student_n[i]);
	for (size_t i = 0; i < a->n_positions; i++)
		assert_hits_equal(a->position_hits + i * a->k, a->position_n[i],
		                  b->position_hits + i * b->k, b->position_n[i]);
}

/* A list is ordered by score descending, then id ascending. */
static void assert_ordered(const struct match_hit *h, size_t n)
{
	for (size_t i = 1; i < n; i++)
		assert_true(h[i - 1].score > h[i].score ||
		            (h[i - 1].score == h[i].score && h[i - 1].id < h[i].id));
}

static void test_market_equals_naive(void **state)
{
	static const size_t ks[] = {1, 3, 10, 200};
	(void)state;

	for (uint64_t seed = 100; seed < 130; seed++) {
		size_t k = ks[seed % 4];
		struct match_snapshot *sn = gen_market(seed, 400, 90, NULL, NULL);
		struct match_market fast, naive;
		assert_int_equal(match_market_topk_naive(sn, k, 1, &naive), 0);
		assert_int_equal(match_market_topk(sn, k, 1, &fast), 0);
		assert_markets_equal(&fast, &naive);
		/* the bars must actually reject pairs, or the bench figures
		 * mean nothing (more so in the larger market below) */
		if (k <= 3)
			assert_true(fast.pairs_offered < fast.pairs_eligible * 3 / 4);
		size_t total = 0;
		for (size_t i = 0; i < naive.n_students; i++) {
			assert_ordered(naive.student_hits + i * k, naive.student_n[i]);
			total += naive.student_n[i];
		}
		assert_true(total > 0);
		match_market_release(&fast);
		match_market_release(&naive);
		match_snapshot_free(sn);
	}
}

/* Scores in the lists are what match_score() says. */
static void test_market_scores_are_scores(void **state)
{
	uint32_t sid[300], pid[80];
	struct match_snapshot *sn = gen_market(7, 300, 80, sid, pid);
	struct match_market m;
	(void)state;

	assert_int_equal(match_market_topk(sn, 5, 2, &m), 0);
	for (size_t i = 0; i < 300; i++)
		for (size_t j = 0; j < m.student_n[i]; j++)
			assert_int_equal(
			    match_score(sn, sid[i], m.student_hits[i * 5 + j].id, NULL),
			    m.student_hits[i * 5 + j].score);
	for (size_t i = 0; i < 80; i++)
		for (size_t j = 0; j < m.position_n[i]; j++)
			assert_int_equal(
			    match_score(sn, m.position_hits[i * 5 + j].id, pid[i], NULL),
			    m.position_hits[i * 5 + j].score);
	match_market_release(&m);
	match_snapshot_free(sn);
}

static void test_threads_same_result(void **state)
{
	(void)state;
	for (uint64_t seed = 200; seed < 206; seed++) {
		struct match_snapshot *sn = gen_market(seed, 3000, 150, NULL, NULL);
		struct match_market m1, m2, m8, n2;
		assert_int_equal(match_market_topk(sn, 8, 1, &m1), 0);
		assert_int_equal(match_market_topk(sn, 8, 2, &m2), 0);
		assert_int_equal(match_market_topk(sn, 8, 8, &m8), 0);
		assert_int_equal(match_market_topk_naive(sn, 8, 2, &n2), 0);
		assert_markets_equal(&m1, &m2);
		assert_markets_equal(&m1, &m8);
		assert_markets_equal(&m1, &n2);
		/* most pairs are rejected a vector at a time */
		assert_true(m1.pairs_offered < m1.pairs_eligible / 2);
		match_market_release(&m1);
		match_market_release(&m2);
		match_market_release(&m8);
		match_market_release(&n2);
		match_snapshot_free(sn);
	}
}

static void test_single_queries_equal_market(void **state)
{
	(void)state;
	for (uint64_t seed = 300; seed < 310; seed++) {
		uint32_t sid[500], pid[100];
		size_t k = seed % 2 ? 4 : 30;
		struct match_snapshot *sn = gen_market(seed, 500, 100, sid, pid);
		struct match_market m;
		struct match_hit hits[30];
		size_t n;
		assert_int_equal(match_market_topk(sn, k, 2, &m), 0);
		for (size_t i = 0; i < 500; i++) {
			assert_int_equal(match_topk_for_student(sn, sid[i], k, hits, &n), 0);
			assert_hits_equal(hits, n, m.student_hits + i * k, m.student_n[i]);
		}
		for (size_t i = 0; i < 100; i++) {
			assert_int_equal(match_topk_for_position(sn, pid[i], k, hits, &n), 0);
			assert_hits_equal(hits, n, m.position_hits + i * k, m.position_n[i]);
		}
		match_market_release(&m);
		match_snapshot_free(sn);
	}
}

/* Ties go to the smaller id, whatever the order of adding. */
static void test_ties_by_id(void **state)
{
	struct match_snapshot *sn = match_snapshot_new(NULL);
	struct match_position p = {.headcount = 1};
	struct match_student st = {.discoverable = 1};
	struct match_hit hits[3];
	size_t n;
	(void)state;

	static const match_id pids[] = {50, 10, 30, 20, 40};
	for (int i = 0; i < 5; i++) {
		p.id = pids[i];
		assert_true(match_snapshot_add_position(sn, &p) >= 0);
	}
	static const match_id sids[] = {9, 3, 7, 5};
	for (int i = 0; i < 4; i++) {
		st.id = sids[i];
		assert_true(match_snapshot_add_student(sn, &st) >= 0);
	}
	assert_int_equal(match_snapshot_freeze(sn), 0);
	assert_int_equal(match_topk_for_student(sn, 9, 3, hits, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(hits[0].id, 10);
	assert_int_equal(hits[1].id, 20);
	assert_int_equal(hits[2].id, 30);
	assert_int_equal(hits[0].score, hits[2].score);
	assert_int_equal(match_topk_for_position(sn, 40, 3, hits, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(hits[0].id, 3);
	assert_int_equal(hits[1].id, 5);
	assert_int_equal(hits[2].id, 7);
	match_snapshot_free(sn);
}

/* Only discoverable students, or those who applied, are recommended to HR. */
static void test_discoverable(void **state)
{
	struct match_snapshot *sn = match_snapshot_new(NULL);
	struct match_position p = {.id = 1, .headcount = 1};
	struct match_interest_mark applied = {1, MATCH_INTEREST_APPLIED};
	struct match_interest_mark saved = {1, MATCH_INTEREST_SAVED};
	struct match_student a = {
	    .id = 1, .discoverable = 0, .interests = &applied, .n_interests = 1};
	struct match_student b = {
	    .id = 2, .discoverable = 0, .interests = &saved, .n_interests = 1};
	struct match_student c = {.id = 3, .discoverable = 1};
	struct match_hit hits[3];
	struct match_market m;
	size_t n;
	(void)state;

	assert_int_equal(match_snapshot_add_position(sn, &p), 0);
	assert_int_equal(match_snapshot_add_student(sn, &a), 0);
	assert_int_equal(match_snapshot_add_student(sn, &b), 1);
	assert_int_equal(match_snapshot_add_student(sn, &c), 2);
	assert_int_equal(match_snapshot_freeze(sn), 0);
	assert_int_equal(match_topk_for_position(sn, 1, 3, hits, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(hits[0].id, 1); /* applied: interest points */
	assert_int_equal(hits[1].id, 3);
	assert_int_equal(match_market_topk(sn, 3, 1, &m), 0);
	assert_hits_equal(hits, n, m.position_hits, m.position_n[0]);
	/* a hidden student still gets recommendations */
	assert_int_equal(m.student_n[1], 1);
	match_market_release(&m);
	match_snapshot_free(sn);
}

/* A small random edit of one student or one position. */
static void random_edit(uint64_t *rng, struct match_snapshot *sn, const uint32_t *sid, size_t ns,
                        const uint32_t *pid, size_t np, int *is_student, match_id *changed)
{
	uint32_t a[8], b[8], c[8], d[8];
	struct match_interest_mark marks[4];

	if (rng_chance(rng, 50)) {
		struct match_student st;
		*changed = sid[rng_below(rng, (uint32_t)ns)];
		gen_student(rng, *changed, pid, np, &st, a, b, marks);
		assert_int_equal(match_snapshot_update_student(sn, &st), 0);
		*is_student = 1;
	} else {
		struct match_position p;
		*changed = pid[rng_below(rng, (uint32_t)np)];
		gen_position(rng, *changed, &p, a, b, c, d);
		assert_int_equal(match_snapshot_update_position(sn, &p), 0);
		*is_student = 0;
	}
}

static void test_incremental_refresh(void **state)
{
	(void)state;
	for (uint64_t seed = 400; seed < 406; seed++) {
		enum { NS = 300, NP = 60 };
		uint32_t sid[NS], pid[NP];
		size_t k = seed % 2 ? 3 : 12;
		struct match_snapshot *sn = gen_market(seed, NS, NP, sid, pid);
		struct match_market m;
		uint64_t rng = seed * 7919;
		int patched = 0, recomputed = 0;

		assert_int_equal(match_market_topk(sn, k, 2, &m), 0);
		size_t *sn_n = calloc(NS, sizeof(size_t)), *pn_n = calloc(NP, sizeof(size_t));
		for (size_t i = 0; i < NS; i++)
			sn_n[i] = m.student_n[i];
		for (size_t i = 0; i < NP; i++)
			pn_n[i] = m.position_n[i];

		for (int edit = 0; edit < 150; edit++) {
			int is_student;
			match_id changed;
			random_edit(&rng, sn, sid, NS, pid, NP, &is_student, &changed);
			/* the lists the edit can touch */
			for (size_t i = 0; i < (is_student ? NP : NS); i++) {
				int rc = is_student
				             ? match_refresh_position_topk(sn, pid[i],
				                                           m.position_hits + i * k,
				                                           &pn_n[i], k, changed)
				             : match_refresh_student_topk(sn, sid[i],
				                                          m.student_hits + i * k,
				                                          &sn_n[i], k, changed);
				assert_true(rc == 0 || rc == 1);
				rc ? recomputed++ : patched++;
			}
			/* the edited entity's own list: recomputed */
			long own = is_student ? match_snapshot_student_index(sn, changed)
			                      : match_snapshot_position_index(sn, changed);
			if (is_student)
				assert_int_equal(match_topk_for_student(sn, changed, k,
				                                        m.student_hits + own * k,
				                                        &sn_n[own]),
				                 0);
			else
				assert_int_equal(match_topk_for_position(sn, changed, k,
				                                         m.position_hits + own * k,
				                                         &pn_n[own]),
				                 0);
			/* every cached list equals a fresh computation */
			struct match_hit fresh[12];
			size_t n;
			for (size_t i = 0; i < NS; i++) {
				assert_int_equal(match_topk_for_student(sn, sid[i], k, fresh, &n),
				                 0);
				assert_hits_equal(m.student_hits + i * k, sn_n[i], fresh, n);
			}
			for (size_t i = 0; i < NP; i++) {
				assert_int_equal(match_topk_for_position(sn, pid[i], k, fresh, &n),
				                 0);
				assert_hits_equal(m.position_hits + i * k, pn_n[i], fresh, n);
			}
		}
		/* most refreshes are cheap patches */
		assert_true(patched > recomputed);
		/* and the snapshot after all the edits still agrees with naive */
		struct match_market fast, naive;
		assert_int_equal(match_market_topk(sn, k, 2, &fast), 0);
		assert_int_equal(match_market_topk_naive(sn, k, 1, &naive), 0);
		assert_markets_equal(&fast, &naive);
		match_market_release(&fast);
		match_market_release(&naive);
		free(sn_n);
		free(pn_n);
		match_market_release(&m);
		match_snapshot_free(sn);
	}
}

/* Adding after the freeze keeps the indexes right, and k = 0 is empty. */
static void test_add_after_freeze(void **state)
{
	uint32_t sid[200], pid[50];
	struct match_snapshot *sn = gen_market(77, 200, 50, sid, pid);
	uint64_t rng = 5;
	uint32_t a[8], b[8], c[8], d[8];
	struct match_interest_mark marks[4];
	(void)state;

	for (uint32_t i = 0; i < 60; i++) {
		struct match_student st;
		struct match_position p;
		gen_student(&rng, 100000 + i, pid, 50, &st, a, b, marks);
		assert_true(match_snapshot_add_student(sn, &st) >= 0);
		gen_position(&rng, 100000 + i, &p, a, b, c, d);
		assert_true(match_snapshot_add_position(sn, &p) >= 0);
	}
	struct match_market fast, naive;
	assert_int_equal(match_market_topk(sn, 6, 2, &fast), 0);
	assert_int_equal(match_market_topk_naive(sn, 6, 1, &naive), 0);
	assert_markets_equal(&fast, &naive);
	struct match_hit hits[6];
	size_t n;
	for (size_t i = 0; i < match_snapshot_position_count(sn); i++) {
		assert_int_equal(
		    match_topk_for_position(sn, match_snapshot_position_id(sn, i), 6, hits, &n), 0);
		assert_hits_equal(hits, n, fast.position_hits + i * 6, fast.position_n[i]);
	}
	assert_int_equal(match_topk_for_student(sn, sid[0], 0, hits, &n), 0);
	assert_int_equal(n, 0);
	match_market_release(&fast);
	match_market_release(&naive);
	assert_int_equal(match_market_topk(sn, 0, 1, &fast), -EINVAL);
	match_snapshot_free(sn);
}

/* A profile with its own arrays, kept to rebuild a snapshot from scratch. */
struct kept_student {
	struct match_student st;
	uint32_t skills[8], certs[8];
	struct match_interest_mark marks[4];
};

struct kept_position {
	struct match_position p;
	uint32_t majors[8], req[8], pref[8], certs[8];
};

/*
 * Hundreds of rounds of edits: the pool's garbage is compacted many times
 * and new skills keep widening the positions' bitmaps.  The edited snapshot
 * must answer exactly like one built from scratch with the final profiles.
 */
static void test_many_edits(void **state)
{
	enum { NS = 40, NP = 20, ROUNDS = 400 };
	uint32_t sid[NS], pid[NP];
	struct match_snapshot *sn = gen_market(4242, NS, NP, sid, pid);
	static struct kept_student ks[NS];
	static struct kept_position kp[NP];
	uint64_t rng = 99;
	(void)state;

	for (int round = 0; round < ROUNDS; round++) {
		for (int i = 0; i < NS; i++) {
			struct kept_student *k = &ks[i];
			gen_student(&rng, sid[i], pid, NP, &k->st, k->skills, k->certs, k->marks);
			if (k->st.n_skills && rng_chance(&rng, 30))
				k->skills[0] = 5000 + rng_below(&rng, 3000); /* a new skill */
			assert_int_equal(match_snapshot_update_student(sn, &k->st), 0);
		}
		for (int i = 0; i < NP; i++) {
			struct kept_position *k = &kp[i];
			gen_position(&rng, pid[i], &k->p, k->majors, k->req, k->pref, k->certs);
			if (k->p.n_skills_required && rng_chance(&rng, 30))
				k->req[0] = 5000 + rng_below(&rng, 3000);
			assert_int_equal(match_snapshot_update_position(sn, &k->p), 0);
		}
	}
	struct match_snapshot *fresh = match_snapshot_new(NULL);
	for (int i = 0; i < NP; i++)
		assert_int_equal(match_snapshot_add_position(fresh, &kp[i].p), i);
	for (int i = 0; i < NS; i++)
		assert_int_equal(match_snapshot_add_student(fresh, &ks[i].st), i);
	assert_int_equal(match_snapshot_freeze(fresh), 0);

	struct match_market a, b;
	assert_int_equal(match_market_topk(sn, 5, 2, &a), 0);
	assert_int_equal(match_market_topk(fresh, 5, 1, &b), 0);
	assert_markets_equal(&a, &b);
	for (int i = 0; i < NS; i++) {
		for (int j = 0; j < NP; j++) {
			struct match_explanation ea, eb;
			assert_int_equal(match_explain(sn, sid[i], pid[j], &ea), 0);
			assert_int_equal(match_explain(fresh, sid[i], pid[j], &eb), 0);
			assert_int_equal(ea.total, eb.total);
			assert_int_equal(ea.eligible, eb.eligible);
			assert_int_equal(match_score(sn, sid[i], pid[j], NULL),
			                 match_score(fresh, sid[i], pid[j], NULL));
		}
	}
	match_market_release(&a);
	match_market_release(&b);
	match_snapshot_free(fresh);
	match_snapshot_free(sn);
}

/*
 * The vector kernel at its limits: weights near the top of their range, lists
 * of MATCH_MAX_LIST items (counts of 255 in the kernel's 8-bit fields),
 * salaries at their maximum, repeated cities.  Must equal the naive way.
 */
static void test_market_extremes(void **state)
{
	const struct match_weights w = {1000000, 999999,  3,       1000000, 999983, 777777, 1000000,
	                                7,       1000000, 1000000, 1,       500000, 999999};
	struct match_snapshot *sn = match_snapshot_new(&w);
	uint64_t rng = 31337;
	static uint32_t a[MATCH_MAX_LIST], b[MATCH_MAX_LIST], c[MATCH_MAX_LIST];
	uint32_t majors[2];
	(void)state;

	assert_non_null(sn);
	for (uint32_t i = 0; i < 120; i++) {
		struct match_position p = {.id = 1000 + i, .headcount = 3};
		size_t n = rng_chance(&rng, 30) ? MATCH_MAX_LIST : rng_below(&rng, 40);
		for (size_t j = 0; j < n; j++)
			a[j] = rng_chance(&rng, 50) ? (uint32_t)j : rng_below(&rng, 300);
		p.skills_required = a;
		p.n_skills_required = n;
		n = rng_chance(&rng, 30) ? MATCH_MAX_LIST : rng_below(&rng, 40);
		for (size_t j = 0; j < n; j++)
			b[j] = 300 + (uint32_t)j; /* disjoint from required when j < 255 */
		p.skills_preferred = b;
		p.n_skills_preferred = n;
		n = rng_chance(&rng, 30) ? MATCH_MAX_LIST : rng_below(&rng, 5);
		for (size_t j = 0; j < n; j++)
			c[j] = (uint32_t)j;
		p.certificates = c;
		p.n_certificates = n;
		p.salary_min = rng_chance(&rng, 50) ? 10000000 : 1 + rng_below(&rng, 9000000);
		p.salary_max = rng_chance(&rng, 50) ? 10000000 : 0;
		if (p.salary_max && p.salary_max < p.salary_min)
			p.salary_max = p.salary_min;
		p.city = 1 + rng_below(&rng, 3);
		p.grad_year_max = rng_chance(&rng, 20) ? 65535 : 0;
		majors[0] = gen_major_code(&rng);
		majors[1] = gen_major_code(&rng);
		p.majors = majors;
		p.n_majors = rng_below(&rng, 3);
		p.majors_required = rng_chance(&rng, 50);
		assert_true(match_snapshot_add_position(sn, &p) >= 0);
	}
	for (uint32_t i = 0; i < 600; i++) {
		struct match_student st = {.id = 5000 + i, .discoverable = 1, .grad_year = 65535};
		size_t n = rng_chance(&rng, 30) ? MATCH_MAX_LIST : rng_below(&rng, 60);
		for (size_t j = 0; j < n; j++)
			a[j] = rng_chance(&rng, 50) ? (uint32_t)j : rng_below(&rng, 600);
		st.skills = a;
		st.n_skills = n;
		n = rng_chance(&rng, 30) ? MATCH_MAX_LIST : rng_below(&rng, 5);
		for (size_t j = 0; j < n; j++)
			c[j] = (uint32_t)j;
		st.certificates = c;
		st.n_certificates = n;
		st.salary_expected = rng_chance(&rng, 30) ? 10000000 : rng_below(&rng, 10000001);
		st.cities[0] = st.cities[1] = st.cities[2] = 1 + rng_below(&rng, 3);
		st.major = match_major_code(test_majors[rng_below(&rng, N_TEST_MAJORS)]);
		st.degree = MATCH_DEGREE_MASTER;
		assert_true(match_snapshot_add_student(sn, &st) >= 0);
	}
	assert_int_equal(match_snapshot_freeze(sn), 0);
	struct match_market fast, naive;
	assert_int_equal(match_market_topk(sn, 7, 2, &fast), 0);
	assert_int_equal(match_market_topk_naive(sn, 7, 1, &naive), 0);
	assert_markets_equal(&fast, &naive);
	/* the top scores are big: the arithmetic was really exercised */
	assert_true(naive.student_hits[0].score > 3000000);
	match_market_release(&fast);
	match_market_release(&naive);
	match_snapshot_free(sn);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_market_equals_naive),
	    cmocka_unit_test(test_market_scores_are_scores),
	    cmocka_unit_test(test_threads_same_result),
	    cmocka_unit_test(test_single_queries_equal_market),
	    cmocka_unit_test(test_ties_by_id),
	    cmocka_unit_test(test_discoverable),
	    cmocka_unit_test(test_incremental_refresh),
	    cmocka_unit_test(test_add_after_freeze),
	    cmocka_unit_test(test_market_extremes),
	    cmocka_unit_test(test_many_edits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
