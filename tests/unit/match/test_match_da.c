/*
 * test_match_da.c - deferred acceptance and the stability check.
 *
 * Textbook instances with known answers; then random instances checked
 * against an independent brute force: every matching of a small instance is
 * enumerated, the stable ones are found with a plain O(n^2) test written
 * here (not the library's), and the engine's answer must be stable and
 * weakly preferred by every student to every stable matching.  The library's
 * checker must agree with the plain test on every enumerated matching.
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

#define MAXS 2048
#define MAXP 512

/* An instance in the plainest form: lists of indexes. */
struct inst {
	int ns, np;
	int slen[MAXS];
	int *sl[MAXS];
	int plen[MAXP];
	int *pl[MAXP];
	uint32_t cap[MAXP];
	/* the same as match_prefs */
	uint32_t soff[MAXS + 1], poff[MAXP + 1];
	uint32_t *slist, *plist;
	struct match_prefs prefs;
};

static void inst_build(struct inst *in)
{
	size_t es = 0, ep = 0;

	for (int s = 0; s < in->ns; s++)
		es += (size_t)in->slen[s];
	for (int p = 0; p < in->np; p++)
		ep += (size_t)in->plen[p];
	in->slist = malloc((es + 1) * sizeof(uint32_t));
	in->plist = malloc((ep + 1) * sizeof(uint32_t));
	in->soff[0] = 0;
	for (int s = 0; s < in->ns; s++) {
		for (int i = 0; i < in->slen[s]; i++)
			in->slist[in->soff[s] + i] = (uint32_t)in->sl[s][i];
		in->soff[s + 1] = in->soff[s] + (uint32_t)in->slen[s];
	}
	in->poff[0] = 0;
	for (int p = 0; p < in->np; p++) {
		for (int i = 0; i < in->plen[p]; i++)
			in->plist[in->poff[p] + i] = (uint32_t)in->pl[p][i];
		in->poff[p + 1] = in->poff[p] + (uint32_t)in->plen[p];
	}
	in->prefs = (struct match_prefs){
	    .n_students = (size_t)in->ns,
	    .n_positions = (size_t)in->np,
	    .student_off = in->soff,
	    .student_list = in->slist,
	    .position_off = in->poff,
	    .position_list = in->plist,
	    .capacity = in->cap,
	};
}

static void inst_free(struct inst *in)
{
	for (int s = 0; s < in->ns; s++)
		free(in->sl[s]);
	for (int p = 0; p < in->np; p++)
		free(in->pl[p]);
	free(in->slist);
	free(in->plist);
}

/* Parses "A: x y z" style rankings given as index strings. */
static int *parse_list(const char *text, int *len)
{
	int *out = malloc(64 * sizeof(int));
	*len = 0;
	for (const char *p = text; *p; p++)
		if (*p >= '0' && *p <= '9')
			out[(*len)++] = *p - '0';
	return out;
}

static struct inst *inst_from(int ns, const char *const *sl, int np, const char *const *pl,
                              const uint32_t *cap)
{
	struct inst *in = calloc(1, sizeof(*in));
	in->ns = ns;
	in->np = np;
	for (int s = 0; s < ns; s++)
		in->sl[s] = parse_list(sl[s], &in->slen[s]);
	for (int p = 0; p < np; p++) {
		in->pl[p] = parse_list(pl[p], &in->plen[p]);
		in->cap[p] = cap[p];
	}
	inst_build(in);
	return in;
}

/* ---- the independent stability test ------------------------------------- */

static int rank_in(const int *list, int len, int x)
{
	for (int i = 0; i < len; i++)
		if (list[i] == x)
			return i;
	return -1;
}

/* 1 when match respects capacities and acceptability and has no blocking pair. */
static int plain_stable(const struct inst *in, const int32_t *match)
{
	int count[MAXP] = {0};

	for (int s = 0; s < in->ns; s++) {
		if (match[s] < 0)
			continue;
		int p = match[s];
		if (rank_in(in->sl[s], in->slen[s], p) < 0 ||
		    rank_in(in->pl[p], in->plen[p], s) < 0)
			return 0;
		if (++count[p] > (int)in->cap[p])
			return 0;
	}
	for (int s = 0; s < in->ns; s++) {
		for (int i = 0; i < in->slen[s]; i++) {
			int p = in->sl[s][i];
			int rs = rank_in(in->pl[p], in->plen[p], s);
			if (rs < 0)
				continue;
			if (match[s] >= 0 && rank_in(in->sl[s], in->slen[s], match[s]) <= i)
				continue; /* s does not prefer p */
			if (count[p] < (int)in->cap[p])
				return 0;
			for (int t = 0; t < in->ns; t++)
				if (match[t] == p && rank_in(in->pl[p], in->plen[p], t) > rs)
					return 0;
		}
	}
	return 1;
}

/* ---- textbook instances ------------------------------------------------- */

static void expect_match(struct inst *in, const int32_t *want)
{
	int32_t got[MAXS];
	struct match_check_result cr;
	struct match_da_stats st;

	assert_int_equal(match_deferred_acceptance(&in->prefs, got, &st), 0);
	for (int s = 0; s < in->ns; s++)
		if (got[s] != want[s])
			fail_msg("student %d: got %d, want %d", s, got[s], want[s]);
	assert_int_equal(match_check_stable(&in->prefs, got, &cr), MATCH_CHECK_OK);
	assert_true(plain_stable(in, got));
	assert_true(st.proposals >= (uint64_t)(st.rejections > 0));
}

/*
 * Two stable matchings exist; students proposing get the one they prefer.
 * Students A B C = 0 1 2, positions X Y Z = 0 1 2.
 *   A: X Y Z   B: Y X Z   C: X Y Z
 *   X: B A C   Y: A B C   Z: A B C
 * Student-optimal: A-X B-Y C-Z.  (Position-optimal would be A-Y B-X C-Z.)
 */
static void test_textbook_two_stable(void **state)
{
	static const char *const sl[] = {"0 1 2", "1 0 2", "0 1 2"};
	static const char *const pl[] = {"1 0 2", "0 1 2", "0 1 2"};
	static const uint32_t cap[] = {1, 1, 1};
	static const int32_t want[] = {0, 1, 2};
	struct inst *in = inst_from(3, sl, 3, pl, cap);
	(void)state;

	expect_match(in, want);
	/* the position-optimal one is stable too, but not ours */
	int32_t other[] = {1, 0, 2};
	assert_true(plain_stable(in, other));
	inst_free(in);
	free(in);
}

/*
 * Gale and Shapley (1962), the cyclic example: three stable matchings.
 *   a: A B C   b: B C A   c: C A B
 *   A: b c a   B: c a b   C: a b c
 * Proposers get their first choices: a-A b-B c-C.
 */
static void test_textbook_gale_shapley(void **state)
{
	static const char *const sl[] = {"0 1 2", "1 2 0", "2 0 1"};
	static const char *const pl[] = {"1 2 0", "2 0 1", "0 1 2"};
	static const uint32_t cap[] = {1, 1, 1};
	static const int32_t want[] = {0, 1, 2};
	struct inst *in = inst_from(3, sl, 3, pl, cap);
	(void)state;

	expect_match(in, want);
	int32_t receivers_best[] = {2, 0, 1};
	assert_true(plain_stable(in, receivers_best));
	inst_free(in);
	free(in);
}

/*
 * Hospitals/residents with capacities (worked by hand in the comments of
 * docs/matching.md): residents r1..r5 = 0..4, hospitals H1 (2 seats), H2,
 * H3 (1 seat each) = 0..2.
 *   r1: H2 H1      r2: H1 H2 H3   r3: H1 H3   r4: H2 H1 H3   r5: H1 H2 H3
 *   H1: r3 r5 r1 r2 r4   H2: r2 r4 r1 r5   H3: r5 r4 r2 r3
 * Result: r1 unmatched, r2-H2, r3-H1, r4-H3, r5-H1.
 */
static void test_textbook_hospitals(void **state)
{
	static const char *const sl[] = {"1 0", "0 1 2", "0 2", "1 0 2", "0 1 2"};
	static const char *const pl[] = {"2 4 0 1 3", "1 3 0 4", "4 3 1 2"};
	static const uint32_t cap[] = {2, 1, 1};
	static const int32_t want[] = {-1, 1, 0, 2, 0};
	struct inst *in = inst_from(5, sl, 3, pl, cap);
	(void)state;

	expect_match(in, want);
	inst_free(in);
	free(in);
}

/* Acceptability needs both sides; capacity 0 takes nobody; empty lists. */
static void test_edges(void **state)
{
	/* s0 ranks p0, p0 does not rank s0; s1 ranks p1 (capacity 0) and p2;
	 * s2 ranks nothing; p2 ranks s1 and s2 */
	static const char *const sl[] = {"0", "1 2", ""};
	static const char *const pl[] = {"1", "1", "1 2"};
	static const uint32_t cap[] = {1, 0, 5};
	static const int32_t want[] = {-1, 2, -1};
	struct inst *in = inst_from(3, sl, 3, pl, cap);
	(void)state;

	expect_match(in, want);
	inst_free(in);
	free(in);

	/* nobody at all */
	struct match_prefs empty = {0};
	uint32_t zero = 0;
	empty.student_off = &zero;
	empty.position_off = &zero;
	assert_int_equal(match_deferred_acceptance(&empty, NULL, NULL), 0);
	assert_int_equal(match_check_stable(&empty, NULL, NULL), MATCH_CHECK_OK);
}

static void test_bad_prefs(void **state)
{
	uint32_t soff[] = {0, 1}, slist[] = {3}, poff[] = {0, 0}, cap[] = {1};
	struct match_prefs pr = {1, 1, soff, slist, poff, NULL, cap};
	int32_t m[1];
	(void)state;

	assert_int_equal(match_deferred_acceptance(&pr, m, NULL), -EINVAL);
	slist[0] = 0;
	assert_int_equal(match_deferred_acceptance(&pr, m, NULL), 0);
	assert_int_equal(m[0], -1);
	pr.capacity = NULL;
	assert_int_equal(match_deferred_acceptance(&pr, m, NULL), -EINVAL);
}

/* ---- random instances --------------------------------------------------- */

static void shuffle(uint64_t *rng, int *a, int n)
{
	for (int i = n - 1; i > 0; i--) {
		int j = (int)rng_below(rng, (uint32_t)i + 1), t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
}

static struct inst *random_inst(uint64_t *rng, int ns, int np, int max_cap, int list_pct)
{
	struct inst *in = calloc(1, sizeof(*in));
	int *perm = malloc((size_t)(ns > np ? ns : np) * sizeof(int));

	in->ns = ns;
	in->np = np;
	for (int s = 0; s < ns; s++) {
		in->sl[s] = malloc((size_t)np * sizeof(int) + 1);
		for (int p = 0; p < np; p++)
			perm[p] = p;
		shuffle(rng, perm, np);
		for (int p = 0; p < np; p++)
			if (rng_chance(rng, list_pct))
				in->sl[s][in->slen[s]++] = perm[p];
	}
	for (int p = 0; p < np; p++) {
		in->pl[p] = malloc((size_t)ns * sizeof(int) + 1);
		for (int s = 0; s < ns; s++)
			perm[s] = s;
		shuffle(rng, perm, ns);
		for (int s = 0; s < ns; s++)
			if (rng_chance(rng, list_pct))
				in->pl[p][in->plen[p]++] = perm[s];
		in->cap[p] = rng_below(rng, (uint32_t)max_cap + 1);
	}
	free(perm);
	inst_build(in);
	return in;
}

/* Enumeration state for the brute force. */
struct brute {
	struct inst *in;
	int32_t cur[8];
	int count[8];
	int32_t da[8];
	int n_stable;
	int check_library;
	int matched_da;
};

static int srank(const struct inst *in, int s, int32_t p)
{
	return p < 0 ? 1000 : rank_in(in->sl[s], in->slen[s], p);
}

static void brute_visit(struct brute *b)
{
	struct inst *in = b->in;
	int stable = plain_stable(in, b->cur);

	if (b->check_library) {
		struct match_check_result cr;
		int rc = match_check_stable(&in->prefs, b->cur, &cr);
		assert_true(rc >= 0);
		/* the enumeration only builds acceptable, in-capacity matchings */
		assert_true(rc == MATCH_CHECK_OK || rc == MATCH_CHECK_BLOCKING_PAIR);
		assert_int_equal(rc == MATCH_CHECK_OK, stable);
		if (rc == MATCH_CHECK_BLOCKING_PAIR) {
			/* the reported pair really blocks */
			int s = cr.student, p = cr.position;
			assert_true(rank_in(in->pl[p], in->plen[p], s) >= 0);
			assert_true(srank(in, s, p) < srank(in, s, b->cur[s]));
		}
	}
	if (!stable)
		return;
	b->n_stable++;
	int same = 1;
	for (int s = 0; s < in->ns; s++) {
		/* student-optimal: every student weakly prefers the DA result */
		assert_true(srank(in, s, b->da[s]) <= srank(in, s, b->cur[s]));
		/* rural hospitals theorem: the same students are matched */
		assert_int_equal(b->da[s] >= 0, b->cur[s] >= 0);
		same &= b->da[s] == b->cur[s];
	}
	b->matched_da |= same;
}

static void brute_rec(struct brute *b, int s)
{
	struct inst *in = b->in;

	if (s == in->ns) {
		brute_visit(b);
		return;
	}
	b->cur[s] = -1;
	brute_rec(b, s + 1);
	for (int i = 0; i < in->slen[s]; i++) {
		int p = in->sl[s][i];
		if (rank_in(in->pl[p], in->plen[p], s) < 0 || b->count[p] >= (int)in->cap[p])
			continue;
		b->cur[s] = p;
		b->count[p]++;
		brute_rec(b, s + 1);
		b->count[p]--;
	}
	b->cur[s] = -1;
}

static void test_brute_force(void **state)
{
	uint64_t rng = 12345;
	int total_stable = 0, several = 0;
	(void)state;

	for (int round = 0; round < 1000; round++) {
		/* odd rounds: anything; even rounds: balanced, nearly complete
		 * lists and single seats, where several stable matchings are
		 * common and student-optimality is a real claim */
		int dense = round % 2 == 0;
		int ns = dense ? 3 + (int)rng_below(&rng, 4) : 1 + (int)rng_below(&rng, 6);
		int np = dense ? ns - (int)rng_below(&rng, 2) : 1 + (int)rng_below(&rng, 4);
		struct inst *in = random_inst(&rng, ns, np, dense ? 1 : 2,
		                              dense ? 90 + (int)rng_below(&rng, 11)
		                                    : 40 + (int)rng_below(&rng, 61));
		if (dense)
			for (int p = 0; p < np; p++)
				in->cap[p] = 1;
		struct brute b;
		memset(&b, 0, sizeof(b));
		b.in = in;
		b.check_library = round < 300;
		assert_int_equal(match_deferred_acceptance(&in->prefs, b.da, NULL), 0);
		brute_rec(&b, 0);
		assert_true(b.n_stable >= 1);
		assert_true(b.matched_da); /* ours is among the stable ones */
		total_stable += b.n_stable;
		several += b.n_stable > 1;
		inst_free(in);
		free(in);
	}
	/* the instances are varied enough to have several stable matchings,
	 * where student-optimality is a real claim */
	assert_true(several > 80);
	assert_true(total_stable > 1000);
}

/* Broken matchings are caught, with the right kind. */
static void test_checker_catches(void **state)
{
	uint64_t rng = 99;
	int seen[5] = {0};
	(void)state;

	for (int round = 0; round < 200; round++) {
		struct inst *in = random_inst(&rng, 40, 10, 3, 50);
		int32_t m[40];
		struct match_check_result cr;
		assert_int_equal(match_deferred_acceptance(&in->prefs, m, NULL), 0);
		assert_int_equal(match_check_stable(&in->prefs, m, &cr), MATCH_CHECK_OK);
		int s = (int)rng_below(&rng, 40);
		int32_t keep = m[s];
		/* 1. an index out of range */
		m[s] = 10;
		assert_int_equal(match_check_stable(&in->prefs, m, &cr), MATCH_CHECK_BAD_INDEX);
		assert_int_equal(cr.student, s);
		seen[1]++;
		/* 2. a pair one side does not rank */
		for (int p = 0; p < 10; p++) {
			if (rank_in(in->sl[s], in->slen[s], p) >= 0 &&
			    rank_in(in->pl[p], in->plen[p], s) >= 0)
				continue;
			m[s] = p;
			assert_int_equal(match_check_stable(&in->prefs, m, &cr),
			                 MATCH_CHECK_UNACCEPTABLE);
			assert_int_equal(cr.student, s);
			seen[2]++;
			break;
		}
		m[s] = keep;
		/* 3. unmatching a matched student frees a seat it wants */
		if (keep >= 0) {
			m[s] = -1;
			assert_int_equal(match_check_stable(&in->prefs, m, &cr),
			                 MATCH_CHECK_BLOCKING_PAIR);
			assert_false(plain_stable(in, m));
			m[s] = keep;
			seen[3]++;
		}
		/* 4. one more student in a full position */
		for (int p = 0; p < 10; p++) {
			int cnt = 0;
			for (int t = 0; t < 40; t++)
				cnt += m[t] == p;
			if (cnt == 0 || cnt < (int)in->cap[p])
				continue;
			for (int t = 0; t < 40; t++) {
				if (m[t] == p || rank_in(in->sl[t], in->slen[t], p) < 0 ||
				    rank_in(in->pl[p], in->plen[p], t) < 0)
					continue;
				int32_t old = m[t];
				m[t] = p;
				assert_int_equal(match_check_stable(&in->prefs, m, &cr),
				                 MATCH_CHECK_OVER_CAPACITY);
				assert_int_equal(cr.position, p);
				m[t] = old;
				seen[4]++;
				break;
			}
			break;
		}
		inst_free(in);
		free(in);
	}
	assert_true(seen[2] > 20 && seen[3] > 20 && seen[4] > 20);
}

/* Larger instances: stable, and independent of the order of students. */
static void test_large_random(void **state)
{
	uint64_t rng = 4242;
	(void)state;

	for (int round = 0; round < 8; round++) {
		int ns = 1500 + (int)rng_below(&rng, 500), np = 100 + (int)rng_below(&rng, 300);
		struct inst *in = random_inst(&rng, ns, np, 6, 3 + (int)rng_below(&rng, 5));
		static int32_t m[MAXS], m2[MAXS];
		struct match_check_result cr;
		assert_int_equal(match_deferred_acceptance(&in->prefs, m, NULL), 0);
		assert_int_equal(match_check_stable(&in->prefs, m, &cr), MATCH_CHECK_OK);
		assert_true(plain_stable(in, m));

		/* relabel students in reverse order: the same matching */
		struct inst *rev = calloc(1, sizeof(*rev));
		rev->ns = ns;
		rev->np = np;
		for (int s = 0; s < ns; s++) {
			rev->slen[s] = in->slen[ns - 1 - s];
			rev->sl[s] = malloc((size_t)rev->slen[s] * sizeof(int) + 1);
			memcpy(rev->sl[s], in->sl[ns - 1 - s], (size_t)rev->slen[s] * sizeof(int));
		}
		for (int p = 0; p < np; p++) {
			rev->plen[p] = in->plen[p];
			rev->cap[p] = in->cap[p];
			rev->pl[p] = malloc((size_t)rev->plen[p] * sizeof(int) + 1);
			for (int i = 0; i < rev->plen[p]; i++)
				rev->pl[p][i] = ns - 1 - in->pl[p][i];
		}
		inst_build(rev);
		assert_int_equal(match_deferred_acceptance(&rev->prefs, m2, NULL), 0);
		for (int s = 0; s < ns; s++)
			assert_int_equal(m[s], m2[ns - 1 - s]);
		inst_free(rev);
		free(rev);
		inst_free(in);
		free(in);
	}
}

/* Rankings by score: the bulk builder equals the one-position helper, for
 * any number of threads, and feeds a stable match. */
static void test_prefs_from_scores(void **state)
{
	uint32_t sid[800], pid[120];
	struct match_snapshot *sn = gen_market(555, 800, 120, sid, pid);
	struct match_market m;
	(void)state;

	assert_int_equal(match_market_topk(sn, 10, 2, &m), 0);
	uint32_t *soff = malloc(801 * sizeof(uint32_t)), *slist = malloc(8000 * sizeof(uint32_t));
	soff[0] = 0;
	for (size_t s = 0; s < 800; s++) {
		soff[s + 1] = soff[s];
		for (size_t i = 0; i < m.student_n[s]; i++)
			slist[soff[s + 1]++] = (uint32_t)match_snapshot_position_index(
			    sn, m.student_hits[s * 10 + i].id);
	}
	uint32_t *off[3], *list[3];
	static const unsigned threads[3] = {1, 2, 8};
	for (int t = 0; t < 3; t++)
		assert_int_equal(
		    match_prefs_from_scores(sn, soff, slist, threads[t], &off[t], &list[t]), 0);
	for (int t = 1; t < 3; t++) {
		assert_memory_equal(off[0], off[t], 121 * sizeof(uint32_t));
		if (off[0][120])
			assert_memory_equal(list[0], list[t], off[0][120] * sizeof(uint32_t));
	}
	/* each position's ranking equals match_rank_by_score on its proposers */
	for (size_t p = 0; p < 120; p++) {
		match_id who[800], ranked[800];
		size_t n = 0, kept;
		for (size_t s = 0; s < 800; s++)
			for (uint32_t i = soff[s]; i < soff[s + 1]; i++)
				if (slist[i] == p)
					who[n++] = sid[s];
		if (n)
			who[n] = who[0]; /* a repeated id is kept once */
		assert_int_equal(match_rank_by_score(sn, pid[p], who, n ? n + 1 : 0, ranked, &kept),
		                 0);
		assert_int_equal(kept, off[0][p + 1] - off[0][p]);
		for (size_t i = 0; i < kept; i++)
			assert_int_equal(ranked[i], sid[list[0][off[0][p] + i]]);
		for (size_t i = 1; i < kept; i++) {
			int32_t a = match_score(sn, ranked[i - 1], pid[p], NULL);
			int32_t b = match_score(sn, ranked[i], pid[p], NULL);
			assert_true(a > b || (a == b && ranked[i - 1] < ranked[i]));
		}
	}
	uint32_t cap[120];
	for (size_t p = 0; p < 120; p++)
		cap[p] = 2;
	struct match_prefs pr = {800, 120, soff, slist, off[0], list[0], cap};
	int32_t match[800];
	struct match_check_result cr;
	assert_int_equal(match_deferred_acceptance(&pr, match, NULL), 0);
	assert_int_equal(match_check_stable(&pr, match, &cr), MATCH_CHECK_OK);

	/* by score, without building the rankings: the same matching */
	int32_t by_score[800];
	for (int t = 0; t < 3; t++) {
		memset(by_score, 0x55, sizeof(by_score));
		assert_int_equal(match_deferred_acceptance_by_score(sn, soff, slist, cap,
		                                                    threads[t], by_score, NULL),
		                 0);
		assert_memory_equal(match, by_score, sizeof(match));
	}
	assert_int_equal(match_check_stable_by_score(sn, soff, slist, cap, 2, by_score, &cr),
	                 MATCH_CHECK_OK);
	int matched = 0;
	for (int s = 0; s < 800; s++) {
		if (by_score[s] < 0)
			continue;
		matched++;
		int32_t keep = by_score[s];
		by_score[s] = -1; /* frees a seat the student wants */
		assert_int_equal(
		    match_check_stable_by_score(sn, soff, slist, cap, 1, by_score, &cr),
		    MATCH_CHECK_BLOCKING_PAIR);
		by_score[s] = 9999;
		assert_int_equal(
		    match_check_stable_by_score(sn, soff, slist, cap, 1, by_score, &cr),
		    MATCH_CHECK_BAD_INDEX);
		by_score[s] = keep;
	}
	assert_true(matched > 50);
	for (int t = 0; t < 3; t++) {
		free(off[t]);
		free(list[t]);
	}
	free(soff);
	free(slist);
	match_market_release(&m);
	match_snapshot_free(sn);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_textbook_two_stable),
	    cmocka_unit_test(test_textbook_gale_shapley),
	    cmocka_unit_test(test_textbook_hospitals),
	    cmocka_unit_test(test_edges),
	    cmocka_unit_test(test_bad_prefs),
	    cmocka_unit_test(test_brute_force),
	    cmocka_unit_test(test_checker_catches),
	    cmocka_unit_test(test_large_random),
	    cmocka_unit_test(test_prefs_from_scores),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
